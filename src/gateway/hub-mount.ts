import type { Hono } from 'hono';
import { statePaths } from '../config/paths.js';
import { WeftError } from '../errors.js';
import type { HubRuntime } from '../hub/server.js';

/**
 * `--with-hub`: the registry's app, on the same store `weft hub serve` would
 * use (WEFT_DATABASE_URL, else the embedded store in ~/.clawft/hub), mounted
 * inside the gateway. Loaded lazily so a plain gateway never pays for it.
 */
export async function loadHub(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ app: Hono; runtime: HubRuntime }> {
  let runtime: HubRuntime;
  try {
    const { createHubRuntime } = await import('../hub/server.js');
    const databaseUrl = env.WEFT_DATABASE_URL;
    runtime = await createHubRuntime({
      ...(databaseUrl ? { databaseUrl } : { dataDir: statePaths(env).hubDataDir }),
      ...(env.WEFT_PUBLIC_URL ? { publicUrl: env.WEFT_PUBLIC_URL } : {}),
    });
  } catch (err) {
    throw new WeftError(
      'E_UNAVAILABLE',
      `--with-hub: the registry could not start: ${(err as Error).message}`,
      undefined,
      {
        cause: err,
      },
    );
  }
  return { app: runtime.app as unknown as Hono, runtime };
}
