import { loadHubApp } from './hub-mount.js';
import { gatewayTokenFromEnv, type RunningGateway, startGateway } from './server.js';

/** `weft gateway`: token from WEFT_GATEWAY_TOKEN, optional hub, then listen. */
export async function startGatewayFromCli(opts: {
  host: string;
  port: number;
  withHub: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<RunningGateway> {
  const env = opts.env ?? process.env;
  const hubApp = opts.withHub ? await loadHubApp(env) : undefined;
  return startGateway({
    host: opts.host,
    port: opts.port,
    token: gatewayTokenFromEnv(env),
    env,
    ...(hubApp ? { hubApp } : {}),
  });
}
