import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WeftError } from '../errors.js';
import type { GatewayOptions } from './app.js';
import { isLoopbackHost } from './auth.js';

export interface StartGatewayOptions extends Omit<GatewayOptions, 'shutdownSignal'> {
  host?: string;
  port?: number;
}

export interface RunningGateway {
  url: string;
  host: string;
  port: number;
  /** stop accepting, give running turns `graceMs` to finish, then abort them and close */
  shutdown(graceMs?: number): Promise<void>;
}

/** The token from the env; a blank value counts as none. */
export function gatewayTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const t = env.WEFT_GATEWAY_TOKEN?.trim();
  return t ? t : undefined;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Listen first, load later: the socket is bound and `/health` is answered by
 * plain node:http before Hono, zod and the agent runtime are imported (they
 * load in the background right after listen). That keeps liveness under a
 * second even on a busy host, which container health checks rely on.
 */
export async function startGateway(opts: StartGatewayOptions = {}): Promise<RunningGateway> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 8080;
  if (!isLoopbackHost(host) && !opts.token) {
    throw new WeftError(
      'E_AUTH_REQUIRED',
      `refusing to bind ${host} without auth: set WEFT_GATEWAY_TOKEN (or bind 127.0.0.1)`,
      { host },
    );
  }
  const stop = new AbortController();
  const started = Date.now();
  let listener: Promise<Listener> | undefined;
  const load = (): Promise<Listener> => {
    listener ??= (async () => {
      const [{ getRequestListener }, { createGatewayApp }] = await Promise.all([
        import('@hono/node-server'),
        import('./app.js'),
      ]);
      const app = createGatewayApp({ ...opts, shutdownSignal: stop.signal });
      return getRequestListener(app.fetch) as Listener;
    })();
    return listener;
  };
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/health' || req.url?.startsWith('/health?'))) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, status: 'live', uptimeMs: Date.now() - started }));
      return;
    }
    load().then(
      (l) => l(req, res),
      (err: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ok: false,
            error: { code: 'E_INTERNAL', message: `gateway failed to load: ${err.message}` },
          }),
        );
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new WeftError('E_IO', `cannot listen on ${host}:${port}: ${err.code ?? err.message}`, { host, port }),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  // warm up in the background; a load failure surfaces on the first non-health request
  load().catch(() => {});
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${addr.port}`,
    host: addr.address,
    port: addr.port,
    shutdown(graceMs = 10_000) {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          stop.abort();
          server.closeAllConnections();
        }, graceMs);
        // keep-alive sockets that go idle after close() would otherwise hold it open until their timeout
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(timer);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
