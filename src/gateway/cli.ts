import { loadHub } from './hub-mount.js';
import { gatewayTokenFromEnv, type RunningGateway, startGateway } from './server.js';

/** `weft gateway`: token from WEFT_GATEWAY_TOKEN, optional hub, then listen. */
export async function startGatewayFromCli(opts: {
  host: string;
  port: number;
  withHub: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<RunningGateway> {
  const env = opts.env ?? process.env;
  const hub = opts.withHub ? await loadHub(env) : undefined;
  let gw: RunningGateway;
  try {
    gw = await startGateway({
      host: opts.host,
      port: opts.port,
      token: gatewayTokenFromEnv(env),
      env,
      ...(hub ? { hubApp: hub.app } : {}),
    });
  } catch (err) {
    await hub?.runtime.close();
    throw err;
  }
  if (!hub) return gw;
  hub.runtime.ctx.baseUrl ||= gw.url;
  return {
    ...gw,
    async shutdown(graceMs?: number) {
      await gw.shutdown(graceMs);
      await hub.runtime.close();
    },
  };
}
