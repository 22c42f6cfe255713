import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package version, read from package.json one level above dist/ (or src/ under tsx). */
export function packageVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  cached = pkg.version;
  return cached;
}
