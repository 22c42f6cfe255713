/**
 * One search request: embed the query, run the lexical and vector candidate queries, fuse.
 * The candidate functions belong to the store (SQL in the hub, in-memory in the bench) and must
 * already exclude quarantined and yanked versions. If the embedder or the vector query fails, the
 * result is lexical-only and says why.
 */
import type { Embedder } from './embed/types.js';
import {
  type Candidate,
  DEFAULT_FUSION,
  type FusedHit,
  type FusionOptions,
  fuse,
  type Popularity,
} from './fusion.js';

export type SearchMode = 'hybrid' | 'lexical' | 'vector';

export interface HybridSources {
  lexical(query: string, limit: number): Promise<Candidate[]>;
  /** Nearest neighbours of `vector` among rows embedded by `modelId`. */
  vector?(vector: Float32Array, modelId: string, limit: number): Promise<Candidate[]>;
  popularity?(ids: string[]): Promise<ReadonlyMap<string, Popularity>>;
  /** Ids of skills whose slug is exactly `slug`. */
  exact?(slug: string): Promise<string[]>;
}

export interface HybridRequest {
  query: string;
  mode?: SearchMode;
  /** Candidates fetched from each signal before fusion. */
  depth?: number;
  embedder: Embedder | null;
  /** Why no embedder is available (shown when falling back). */
  embedderError?: string;
  fusion?: FusionOptions;
}

export interface HybridResult {
  hits: FusedHit[];
  /** The mode that actually ran (hybrid falls back to lexical). */
  mode: SearchMode;
  requestedMode: SearchMode;
  modelId: string | null;
  /** Set when semantic search was wanted but could not run. */
  fallback: { reason: string } | null;
}

export const DEFAULT_DEPTH = 50;

export function normalizeSlugQuery(query: string): string {
  return query.trim().toLowerCase();
}

export async function hybridSearch(sources: HybridSources, req: HybridRequest): Promise<HybridResult> {
  const requestedMode = req.mode ?? 'hybrid';
  const depth = req.depth ?? DEFAULT_DEPTH;
  let vector: Candidate[] | null = null;
  let fallback: { reason: string } | null = null;
  let modelId: string | null = null;

  if (requestedMode !== 'lexical') {
    if (!req.embedder || !sources.vector) {
      fallback = { reason: req.embedderError ?? 'no embedder is configured' };
    } else {
      try {
        const [qv] = await req.embedder.embed([req.query]);
        vector = await sources.vector(qv!, req.embedder.modelId, depth);
        modelId = req.embedder.modelId;
      } catch (err) {
        fallback = { reason: `semantic search failed: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
  }
  const wantLexical = requestedMode !== 'vector' || vector === null;
  const [lexical, exact] = await Promise.all([
    wantLexical ? sources.lexical(req.query, depth) : Promise.resolve([]),
    sources.exact ? sources.exact(normalizeSlugQuery(req.query)) : Promise.resolve([]),
  ]);
  const ids = [...new Set([...lexical, ...(vector ?? [])].map((c) => c.id))];
  const popularity = sources.popularity && ids.length > 0 ? await sources.popularity(ids) : undefined;
  const hits = fuse(
    {
      lexical,
      vector,
      exact: new Set(exact),
      ...(popularity ? { popularity } : {}),
    },
    req.fusion ?? DEFAULT_FUSION,
  );
  const mode: SearchMode = vector === null ? 'lexical' : wantLexical ? 'hybrid' : 'vector';
  return { hits, mode, requestedMode, modelId, fallback };
}
