import type { AddressInfo } from 'node:net';
import type { HubContext, HubLogger, RateLimits } from './context.js';
import { DEFAULT_RATE_LIMITS } from './context.js';
import { passThroughScan, type ScanFn } from './services/scan.js';
import type { Db } from './store/db.js';
import { openStore, type StoreLocation } from './store/index.js';

export interface HubServeOptions extends StoreLocation {
  port?: number;
  host?: string;
  allowUnsigned?: boolean;
  scan?: ScanFn;
  limits?: Partial<RateLimits>;
  log?: HubLogger;
  /** public base URL, when behind a proxy; defaults to http://host:port */
  publicUrl?: string;
}

export interface RunningHub {
  url: string;
  port: number;
  db: Db;
  ctx: HubContext;
  /** stop accepting, let in-flight requests finish (up to `graceMs`), close the store */
  close(graceMs?: number): Promise<void>;
}

export async function startHub(opts: HubServeOptions): Promise<RunningHub> {
  const [{ serve }, { createHubApp }] = await Promise.all([import('@hono/node-server'), import('./app.js')]);
  const db = await openStore(opts);
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (await defaultLogger());
  const ctx: HubContext = {
    db,
    allowUnsigned: Boolean(opts.allowUnsigned),
    scan: opts.scan ?? passThroughScan,
    limits: { ...DEFAULT_RATE_LIMITS, ...opts.limits },
    baseUrl: '',
    log,
  };
  const app = createHubApp(ctx);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 8080, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostPart}:${port}`;
  ctx.baseUrl = opts.publicUrl?.replace(/\/+$/, '') ?? url;
  if (ctx.allowUnsigned)
    log.warn({}, 'hub runs with --allow-unsigned: unsigned publishes are accepted (dev only)');
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    db,
    ctx,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            resolve();
          }, graceMs);
          server.close(() => {
            clearTimeout(timer);
            resolve();
          });
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await db.close();
      })();
      return closing;
    },
  };
}

async function defaultLogger(): Promise<HubLogger> {
  const { default: pino } = await import('pino');
  return pino({ name: 'weft-hub' }, process.stderr) as unknown as HubLogger;
}
