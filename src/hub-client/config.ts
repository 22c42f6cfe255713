import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../config/files.js';
import { statePaths } from '../config/paths.js';
import { loadTomlFile } from '../config/toml.js';
import { WeftError } from '../errors.js';
import { normalizeRegistry } from './http.js';

/**
 * Where the client's registry URL and token come from, in order:
 * flag, environment, then state (`weft login` writes credentials.json, 0600;
 * `[registry] url` in ~/.clawft/config.toml), then the local default.
 */

export const DEFAULT_REGISTRY = 'http://127.0.0.1:8080';

export const CredentialsSchema = z.strictObject({
  version: z.literal(1),
  /** Registry used when no flag or env names one (set by `weft login --registry`). */
  registry: z.string().optional(),
  /** Tokens per normalised registry URL. */
  tokens: z.record(z.string(), z.strictObject({ token: z.string().min(1), savedAt: z.string() })),
});
export type Credentials = z.output<typeof CredentialsSchema>;

const GlobalConfigSchema = z.looseObject({
  registry: z.looseObject({ url: z.string().optional() }).optional(),
});

export interface ClientFlags {
  registry?: string | undefined;
  token?: string | undefined;
}

export async function readCredentials(path = statePaths().credentialsFile): Promise<Credentials> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, tokens: {} };
    throw new WeftError('E_IO', `${path}: cannot read credentials`, { path }, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WeftError('E_CONFIG_PARSE', `${path}: not valid JSON (fix it or run weft login again)`, {
      path,
    });
  }
  const parsed = CredentialsSchema.safeParse(json);
  if (!parsed.success) {
    throw new WeftError('E_CONFIG_INVALID', `${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      path,
    });
  }
  return parsed.data;
}

async function configRegistry(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const path = join(statePaths(env).home, 'config.toml');
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  const cfg = await loadTomlFile(path, GlobalConfigSchema);
  return cfg.registry?.url;
}

export interface ResolvedClientConfig {
  registry: string;
  token: string | undefined;
  registrySource: 'flag' | 'env' | 'credentials' | 'config' | 'default';
}

export async function resolveClientConfig(
  flags: ClientFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedClientConfig> {
  const creds = await readCredentials(statePaths(env).credentialsFile);
  let registry: string;
  let registrySource: ResolvedClientConfig['registrySource'];
  if (flags.registry) [registry, registrySource] = [flags.registry, 'flag'];
  else if (env.WEFT_REGISTRY) [registry, registrySource] = [env.WEFT_REGISTRY, 'env'];
  else if (creds.registry) [registry, registrySource] = [creds.registry, 'credentials'];
  else {
    const fromConfig = await configRegistry(env);
    if (fromConfig) [registry, registrySource] = [fromConfig, 'config'];
    else [registry, registrySource] = [DEFAULT_REGISTRY, 'default'];
  }
  registry = normalizeRegistry(registry);
  const token = flags.token || env.WEFT_TOKEN || creds.tokens[registry]?.token || undefined;
  return { registry, token, registrySource };
}

/** `weft login --token`: store the token for a registry (file mode 0600). */
export async function saveToken(
  registryUrl: string,
  token: string,
  opts: { makeDefault?: boolean; env?: NodeJS.ProcessEnv; now?: Date } = {},
): Promise<{ path: string; registry: string }> {
  const env = opts.env ?? process.env;
  if (!/^\S{8,4096}$/.test(token)) {
    throw new WeftError('E_USAGE', 'token must be 8 or more non-space characters');
  }
  const path = statePaths(env).credentialsFile;
  const registry = normalizeRegistry(registryUrl);
  const creds = await readCredentials(path);
  const next: Credentials = {
    ...creds,
    tokens: { ...creds.tokens, [registry]: { token, savedAt: (opts.now ?? new Date()).toISOString() } },
  };
  if (opts.makeDefault) next.registry = registry;
  await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
  return { path, registry };
}

export async function removeToken(
  registryUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const path = statePaths(env).credentialsFile;
  const registry = normalizeRegistry(registryUrl);
  const creds = await readCredentials(path);
  if (!creds.tokens[registry]) return false;
  const { [registry]: _gone, ...rest } = creds.tokens;
  await writeFileAtomic(path, `${JSON.stringify({ ...creds, tokens: rest }, null, 2)}\n`, 0o600);
  return true;
}
