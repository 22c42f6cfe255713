import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { clawftHome } from './paths.js';
import { parseTomlWith } from './toml.js';

/**
 * Operator config for the long-running services, read by `weft gateway`,
 * `weft hub serve` (as defaults under their flags) and `weft security audit`.
 * Secrets are never stored here: tokens come from the env var named by
 * `auth_token_env`.
 */

export const GatewayConfigSchema = z.strictObject({
  gateway: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      auth_token_env: z.string().optional(),
      tls: z.boolean().default(false),
      with_hub: z.boolean().default(false),
    })
    .default({ host: '127.0.0.1', port: 8080, tls: false, with_hub: false }),
});

export const HubConfigSchema = z.strictObject({
  hub: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      data_dir: z.string().optional(),
      database_url_env: z.string().optional(),
      allow_unsigned: z.boolean().default(false),
      allow_block_override: z.boolean().default(false),
      tls: z.boolean().default(false),
      rate_limits: z.boolean().default(true),
    })
    .default({
      host: '127.0.0.1',
      port: 8080,
      allow_unsigned: false,
      allow_block_override: false,
      tls: false,
      rate_limits: true,
    }),
});

export type GatewayConfig = z.output<typeof GatewayConfigSchema>;
export type HubConfig = z.output<typeof HubConfigSchema>;

export function serviceConfigPath(service: 'gateway' | 'hub', env: NodeJS.ProcessEnv = process.env): string {
  return join(clawftHome(env), `${service}.toml`);
}

/** Missing file = defaults; a malformed file is an error naming file, line and key. */
export async function loadServiceConfig<S extends z.ZodType>(
  path: string,
  schema: S,
): Promise<z.output<S> | undefined> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (text === undefined) return undefined;
  return parseTomlWith(text, schema, path);
}

/** Addresses that are reachable only from this machine. */
export function isLoopbackBind(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
