import type { Hono } from 'hono';
import { WeftError } from '../errors.js';

/**
 * `--with-hub` seam: mount the registry's Hono app inside the gateway. The hub
 * module lands on its own branch; until it is merged this fails clearly
 * instead of starting a gateway without the registry the operator asked for.
 * Expected export: `createHubApp(opts?: { env?: NodeJS.ProcessEnv }) => Hono | Promise<Hono>`.
 */
const HUB_MODULE = '../hub/app.js';

export async function loadHubApp(env: NodeJS.ProcessEnv = process.env): Promise<Hono> {
  let mod: { createHubApp?: (o: { env: NodeJS.ProcessEnv }) => Hono | Promise<Hono> };
  try {
    mod = await import(HUB_MODULE);
  } catch (err) {
    throw new WeftError(
      'E_UNAVAILABLE',
      '--with-hub: the registry (src/hub) is not part of this build',
      undefined,
      {
        cause: err,
      },
    );
  }
  if (typeof mod.createHubApp !== 'function') {
    throw new WeftError('E_UNAVAILABLE', '--with-hub: src/hub/app.js does not export createHubApp');
  }
  return mod.createHubApp({ env });
}
