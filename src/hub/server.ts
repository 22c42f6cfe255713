import type { AddressInfo } from 'node:net';
import type { HubContext, HubLogger, RateLimits } from './context.js';
import { DEFAULT_RATE_LIMITS } from './context.js';
import { type EmbedderConfig, embedderConfigFromEnv } from './search/embed/index.js';
import { createSearchRuntime } from './search/runtime.js';
import { type ScanFn, securityScan } from './services/scan.js';
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
  /** Semantic search embedder; null = lexical only; default from WEFT_EMBEDDER (local). */
  embedder?: EmbedderConfig | null;
}

export interface RunningHub {
  url: string;
  port: number;
  db: Db;
  ctx: HubContext;
  /** stop accepting, let in-flight requests finish (up to `graceMs`), close the store */
  close(graceMs?: number): Promise<void>;
}

export interface HubRuntime {
  app: Awaited<ReturnType<typeof import('./app.js')['createHubApp']>>;
  ctx: HubContext;
  db: Db;
  /** stop the embedding backfill and close the store */
  close(): Promise<void>;
}

/**
 * Everything a hub needs except a listening socket: store, search runtime,
 * context and app. `startHub` listens on it; `weft gateway --with-hub` mounts
 * the same app inside the gateway.
 */
export async function createHubRuntime(opts: HubServeOptions): Promise<HubRuntime> {
  // The store opens first: for a new embedded store that starts the snapshot restore, whose
  // decompression and writes run on the thread pool while the rest loads on this thread.
  const opening = openStore(opts);
  opening.catch(() => {}); // awaited below; an early rejection must not count as unhandled
  const { EMBEDDING_DIM } = await import('./store/migrations.js');
  let log = opts.log;
  const search = createSearchRuntime({
    config: opts.embedder === undefined ? embedderConfigFromEnv() : opts.embedder,
    dims: EMBEDDING_DIM,
    onLoaded: (i) => log?.info({ model: i.modelId, loadMs: Math.round(i.loadMs) }, 'embedding model loaded'),
    onFailed: (reason) => log?.warn({ reason }, 'semantic search unavailable; searching lexically'),
  });
  // Start is the store opening (PGlite: WebAssembly start-up). The model, the HTTP app and the
  // logger load meanwhile, so the start is that, not their sum.
  search.warm();
  const [{ createHubApp }, db, logger] = await Promise.all([
    import('./app.js'),
    opening,
    opts.log ?? defaultLogger(),
  ]).catch(async (err: unknown) => {
    await opening.then((d) => d.close()).catch(() => {}); // release the store lock
    throw err;
  });
  log = logger;
  const ready = search.status();
  if (ready.state === 'ready') {
    log.info({ model: ready.modelId, loadMs: Math.round(ready.loadMs) }, 'embedding model loaded');
  } else if (ready.state === 'failed') {
    log.warn({ reason: ready.reason }, 'semantic search unavailable; searching lexically');
  }
  const ctx: HubContext = {
    db,
    allowUnsigned: Boolean(opts.allowUnsigned),
    scan: opts.scan ?? securityScan,
    limits: { ...DEFAULT_RATE_LIMITS, ...opts.limits },
    baseUrl: opts.publicUrl?.replace(/\/+$/, '') ?? '',
    log,
    search,
  };
  if (ctx.allowUnsigned)
    log.warn({}, 'hub runs with --allow-unsigned: unsigned publishes are accepted (dev only)');
  const app = createHubApp(ctx);
  // Versions without a vector from this model are embedded in the background.
  const backfill = startBackfill(ctx);
  return {
    app,
    ctx,
    db,
    async close() {
      await backfill.stop();
      await db.close();
    },
  };
}

export async function startHub(opts: HubServeOptions): Promise<RunningHub> {
  const [{ serve }, hub] = await Promise.all([import('@hono/node-server'), createHubRuntime(opts)]);
  const { app, ctx, db } = hub;
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 8080, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostPart}:${port}`;
  ctx.baseUrl ||= url;
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
        await hub.close();
      })();
      return closing;
    },
  };
}

async function defaultLogger(): Promise<HubLogger> {
  const { default: pino } = await import('pino');
  return pino({ name: 'weft-hub' }, process.stderr) as unknown as HubLogger;
}

function startBackfill(ctx: HubContext): { stop(): Promise<void> } {
  let stopped = false;
  const run = (async () => {
    ctx.search?.warm();
    const lease = await ctx.search?.embedder();
    if (lease?.embedder && !stopped) {
      const { backfillEmbeddings } = await import('./services/search-index.js');
      const res = await backfillEmbeddings(ctx, { embedder: lease.embedder, shouldStop: () => stopped });
      if (res.embedded > 0) ctx.log.info({ ...res }, 'embedded versions for semantic search');
    }
    // Search picks its retrieval words from the planner's statistics. PostgreSQL's autovacuum
    // keeps them; embedded PGlite has no autovacuum, so the hub refreshes them once per start.
    if (ctx.db.kind === 'pglite' && !stopped) {
      const { ANALYZE_SEARCH_TABLES } = await import('./services/search.js');
      await ctx.db.query(ANALYZE_SEARCH_TABLES);
    }
  })().catch((err) => ctx.log.warn({ err: (err as Error).message }, 'embedding backfill stopped'));
  return {
    async stop() {
      stopped = true;
      await run;
    },
  };
}
