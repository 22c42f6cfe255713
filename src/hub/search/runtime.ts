/**
 * The hub's handle on its embedder. Loading starts in the background (warm) or on first use, so
 * `weft hub serve` listens before the model is in memory; searches that arrive while it loads wait
 * briefly and then fall back to lexical, saying so. A load failure is remembered with its reason
 * and never retried in a loop.
 */
import { createEmbedder, type EmbedderConfig } from './embed/index.js';
import type { Embedder } from './embed/types.js';

export type EmbedderState =
  | { state: 'disabled'; reason: string }
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; modelId: string; dims: number; loadMs: number }
  | { state: 'failed'; reason: string };

export interface EmbedderLease {
  embedder: Embedder | null;
  /** Why `embedder` is null. */
  reason?: string;
}

export interface SearchRuntime {
  /** Start loading in the background; returns at once. */
  warm(): void;
  /** The embedder, waiting at most `waitMs` for it to load (default: until loaded). Never rejects. */
  embedder(waitMs?: number): Promise<EmbedderLease>;
  status(): EmbedderState;
}

export interface SearchRuntimeOptions {
  /** null disables semantic search (lexical only). */
  config: EmbedderConfig | null;
  /** Vector column width; an embedder of another width cannot use the index and is refused. */
  dims?: number;
  onLoaded?(info: { modelId: string; loadMs: number }): void;
  onFailed?(reason: string): void;
  /** For tests: replaces createEmbedder. */
  load?: (config: EmbedderConfig) => Promise<Embedder>;
}

export function createSearchRuntime(opts: SearchRuntimeOptions): SearchRuntime {
  let state: EmbedderState = opts.config
    ? { state: 'idle' }
    : { state: 'disabled', reason: 'semantic search is disabled (WEFT_EMBEDDER=none)' };
  let loading: Promise<EmbedderLease> | undefined;

  function start(): Promise<EmbedderLease> {
    if (state.state === 'disabled') return Promise.resolve({ embedder: null, reason: state.reason });
    loading ??= (async () => {
      state = { state: 'loading' };
      const t0 = performance.now();
      try {
        const e = await (opts.load ?? createEmbedder)(opts.config!);
        if (opts.dims !== undefined && e.dims !== opts.dims) {
          throw new Error(
            `embedder ${e.modelId} makes ${e.dims}-d vectors but the index holds ${opts.dims}-d`,
          );
        }
        const loadMs = performance.now() - t0;
        state = { state: 'ready', modelId: e.modelId, dims: e.dims, loadMs };
        opts.onLoaded?.({ modelId: e.modelId, loadMs });
        return { embedder: e };
      } catch (err) {
        const reason = `embedder unavailable: ${err instanceof Error ? err.message : String(err)}`;
        state = { state: 'failed', reason };
        opts.onFailed?.(reason);
        return { embedder: null, reason };
      }
    })();
    return loading;
  }

  return {
    warm() {
      void start();
    },
    async embedder(waitMs) {
      const p = start();
      if (waitMs === undefined) return p;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<EmbedderLease>((resolve) => {
        timer = setTimeout(
          () => resolve({ embedder: null, reason: 'the embedding model is still loading' }),
          waitMs,
        );
      });
      try {
        return await Promise.race([p, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    status: () => state,
  };
}
