import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeSuite } from './results.mjs';

/** True when the module at `url` is the script node was started with. */
export function isMain(url) {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/** Runs one suite as a script: writes its files and prints the markdown table. */
export async function runAsScript(name, fn, opts) {
  try {
    const result = await fn(opts);
    const out = writeSuite(name, result);
    const { suiteMarkdown } = await import('./results.mjs');
    console.log(suiteMarkdown(result));
    console.error(`wrote ${out.json} and ${out.md}`);
  } catch (err) {
    console.error(`bench ${name} failed: ${err?.stack ?? err}`);
    process.exitCode = 1;
  }
}
