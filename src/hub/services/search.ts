import type { HubContext } from '../context.js';
import { type LexicalCandidate, lexicalCandidates } from '../store/skills.js';

/**
 * Registry search. Today: lexical signals from SQL (exact slug/name, prefix,
 * full-text rank, trigram similarity), combined by weights, with popularity
 * as a small prior. The seam for hybrid search: `lexicalSearch` returns
 * candidates with per-signal scores; a vector retriever can produce its own
 * candidate list and `fuseResults` (or RRF) merge them.
 */

export interface SearchOptions {
  limit: number;
  offset: number;
  mode?: 'lexical' | 'hybrid' | 'vector';
  explain?: boolean;
}

export interface SearchSignals {
  exact: number;
  prefix: number;
  text: number;
  trigram: number;
  popularity: number;
}

export interface SearchHit {
  slug: string;
  name: string;
  description: string;
  version: string | null;
  publisher: string;
  stars: number;
  downloads: number;
  installs: number;
  verdict: string | null;
  score: number;
  updatedAt: string;
  signals?: SearchSignals;
}

export interface SearchResult {
  results: SearchHit[];
  total: number;
  mode: 'lexical';
  /** set when a requested mode was unavailable and search fell back */
  fallback?: string;
}

const MAX_CANDIDATES = 200;
export const LEXICAL_WEIGHTS = { exact: 10, prefix: 3, text: 4, trigram: 2, popularity: 0.2 } as const;

/** OR'ed prefix terms: AND-semantics finds almost nothing for natural-language queries. */
export function toTsQuery(text: string): string {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return [...new Set(words)]
    .slice(0, 16)
    .map((w) => `${w}:*`)
    .join(' | ');
}

export async function lexicalSearch(ctx: HubContext, query: string, limit: number) {
  const text = query.trim().toLowerCase().slice(0, 200);
  return lexicalCandidates(ctx.db, { text, tsquery: toTsQuery(text), limit });
}

export function scoreLexical(c: LexicalCandidate): SearchSignals & { score: number } {
  const popularity = Math.log10(1 + c.stars * 5 + c.installs + c.downloads * 0.1);
  const signals = {
    exact: c.exact,
    prefix: c.prefix,
    text: c.text_rank,
    trigram: c.trigram,
    popularity,
  };
  const w = LEXICAL_WEIGHTS;
  const score =
    w.exact * c.exact +
    w.prefix * c.prefix +
    w.text * Math.min(1, c.text_rank) +
    w.trigram * c.trigram +
    w.popularity * popularity;
  return { ...signals, score: Math.round(score * 10_000) / 10_000 };
}

export async function searchSkills(
  ctx: HubContext,
  query: string,
  opts: SearchOptions,
): Promise<SearchResult> {
  const candidates = await lexicalSearch(ctx, query, Math.min(MAX_CANDIDATES, opts.offset + opts.limit + 50));
  const scored = candidates
    .map((c) => ({ c, s: scoreLexical(c) }))
    .sort((a, b) => b.s.score - a.s.score || a.c.slug.localeCompare(b.c.slug));
  const page = scored.slice(opts.offset, opts.offset + opts.limit).map(({ c, s }) => {
    const hit: SearchHit = {
      slug: c.slug,
      name: c.display_name,
      description: c.summary,
      version: c.latest_version,
      publisher: c.owner_handle,
      stars: c.stars,
      downloads: c.downloads,
      installs: c.installs,
      verdict: c.verdict,
      score: s.score,
      updatedAt: new Date(c.updated_ms).toISOString(),
    };
    if (opts.explain) {
      const { score: _score, ...signals } = s;
      hit.signals = signals;
    }
    return hit;
  });
  const out: SearchResult = { results: page, total: scored.length, mode: 'lexical' };
  if (opts.mode && opts.mode !== 'lexical')
    out.fallback = 'semantic search is not available; lexical results';
  return out;
}
