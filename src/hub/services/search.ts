import type { HubContext } from '../context.js';
import type { FusedHit } from '../search/fusion.js';
import { type HybridSources, hybridSearch, type SearchMode } from '../search/hybrid.js';
import type { Db } from '../store/db.js';
import { type VectorCandidate, vectorCandidates } from '../store/embeddings.js';
import {
  commonLexemes,
  type LexicalCandidate,
  lexicalCandidates,
  queryLexemes,
  type SkillRow,
  searchableCount,
  searchTablePages,
  skillsByIds,
  termCounts,
} from '../store/skills.js';

/**
 * Registry search: hybrid lexical + semantic. The lexical list comes from SQL (exact slug/name,
 * prefix, full-text rank over OR'ed terms, trigram similarity, combined by weights); the vector list
 * from pgvector HNSW over each skill's `latest` embedding; reciprocal rank fusion merges them with a
 * small popularity prior (src/hub/search/fusion.ts). Both candidate queries only see installable
 * `latest` versions, so quarantined and yanked versions are never found. Without an embedder the
 * search is lexical and the response says why.
 */

export interface SearchOptions {
  limit: number;
  offset: number;
  mode?: SearchMode;
  explain?: boolean;
}

export interface LexicalSignals {
  exact: number;
  prefix: number;
  text: number;
  trigram: number;
  popularity: number;
}

/** `?explain=1`: each signal's rank, own score and contribution to the fused score. */
export interface SearchExplain {
  lexical: { rank: number; score: number; contribution: number; signals: LexicalSignals } | null;
  vector: { rank: number; similarity: number; contribution: number; model: string } | null;
  popularity: { installs: number; stars: number; contribution: number };
  /** 1 when the query is this skill's slug (pinned first), else 0. */
  exact: number;
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
  /** Present with `?explain=1`. */
  signals?: SearchExplain;
}

export interface SearchResult {
  results: SearchHit[];
  total: number;
  /** The mode that ran: hybrid falls back to lexical when the embedder is unavailable. */
  mode: SearchMode;
  /** The embedding model behind the vector signal, when it ran. */
  model?: string;
  /** Set when the requested mode could not run, with the reason. */
  fallback?: string;
}

const MAX_CANDIDATES = 200;
/** How long a search waits for a model that is still loading before answering lexically. */
const EMBEDDER_WAIT_MS = 2_000;
export const LEXICAL_WEIGHTS = { exact: 10, prefix: 3, text: 4, trigram: 2, popularity: 0.2 } as const;

function tsqueryWords(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? [])].slice(0, 16);
}

/**
 * One word as a tsquery term. Words of five letters or more match as prefixes, which joins
 * families the stemmer splits (summarize -> summar, summary -> summari). Shorter words match
 * their lexeme exactly: as prefixes they sweep in unrelated words (cors -> cor:* -> core,
 * correct) and make the match set a third of the registry. A one-word query is a prefix
 * whatever its length, for type-ahead.
 */
export function termQuery(word: string, single: boolean): string {
  return single || word.length >= 5 ? `${word}:*` : word;
}

/** OR'ed terms: AND-semantics finds almost nothing for natural-language queries. */
export function toTsQuery(text: string): string {
  const words = tsqueryWords(text);
  return words.map((w) => termQuery(w, words.length === 1)).join(' | ');
}

/** A word in more than this share of skills is too common to retrieve by (it still ranks). */
export const MAX_TERM_SHARE = 0.2;
/**
 * Retrieval words are added rarest first while the estimated number of matching skills stays
 * under this: ranking costs about the same for every matched row, so the bound is absolute.
 */
export const MATCH_BUDGET_ROWS = 150;
const STATS_TTL_MS = 5 * 60_000;
type LexemeStats = { rows: number; share: Map<string, number> };
const statsCache = new WeakMap<Db, { at: number; common: Promise<LexemeStats> }>();
const lexemeCache = new WeakMap<Db, Map<string, string>>();
const dfCache = new WeakMap<Db, { at: number; df: Map<string, number> }>();
/** The searchable count is re-read more often than the rest: it is what notices a bulk import. */
const ROWS_TTL_MS = 30_000;
const rowsCache = new WeakMap<Db, { at: number; rows: number }>();

async function lexemeStats(db: Db): Promise<LexemeStats> {
  const hit = statsCache.get(db);
  if (hit && Date.now() - hit.at < STATS_TTL_MS) return hit.common;
  const common = commonLexemes(db).catch(() => ({ rows: 0, share: new Map<string, number>() }));
  statsCache.set(db, { at: Date.now(), common });
  return common;
}

async function lexemesOf(db: Db, words: string[]): Promise<Map<string, string>> {
  const cache = lexemeCache.get(db) ?? new Map<string, string>();
  lexemeCache.set(db, cache);
  const missing = words.filter((w) => !cache.has(w));
  if (missing.length > 0) {
    if (cache.size > 20_000) cache.clear();
    for (const [w, l] of await queryLexemes(db, missing)) cache.set(w, l);
  }
  return new Map(words.map((w) => [w, cache.get(w) ?? '']));
}

/**
 * Estimated share of skills a term matches, from the planner's most-common-elements statistics:
 * a prefix term sums every listed lexeme it is a prefix of, an exact term is its own entry.
 * 0 when the statistics do not list it (rarer than every listed lexeme, or no statistics).
 */
export function termShare(term: string, lexeme: string, stats: LexemeStats): number {
  const prefix = term.endsWith(':*');
  let sum = 0;
  for (const l of lexeme.split(' ')) {
    if (l === '') continue;
    if (!prefix) sum += stats.share.get(l) ?? 0;
    else for (const [elem, freq] of stats.share) if (elem.startsWith(l)) sum += freq;
  }
  return Math.min(1, sum);
}

/**
 * Document frequency of each term among searchable skills: the statistics' estimate for common
 * terms, an index count for the rest (rare terms: a handful of GIN entries), cached per store
 * for STATS_TTL_MS. It weighs the terms (BM25's inverse document frequency): in "keep the laptop
 * from going to sleep", "laptop" and "sleep" say far more than "keep" or "go".
 */
async function documentFrequencies(
  db: Db,
  terms: string[],
  lexemes: string[],
  stats: LexemeStats,
): Promise<{ df: number[]; rows: number }> {
  let cache = dfCache.get(db);
  if (!cache || Date.now() - cache.at > STATS_TTL_MS) {
    cache = { at: Date.now(), df: new Map() };
    dfCache.set(db, cache);
  }
  const df = cache.df;
  // The searchable skills now, not the statistics' row estimate: skills published since the last
  // ANALYZE (an embedded hub refreshes it only at start) would otherwise be missing from N.
  let counted = rowsCache.get(db);
  if (!counted || Date.now() - counted.at > ROWS_TTL_MS) {
    counted = { at: Date.now(), rows: await searchableCount(db) };
    rowsCache.set(db, counted);
    refreshStatistics(db, counted.rows, stats);
  }
  const rows = counted.rows;
  const out = terms.map((t, i) => {
    const share = termShare(t, lexemes[i]!, stats);
    return share > 0 && stats.rows > 0 ? share * rows : df.get(t);
  });
  const missing = [...new Set(terms.filter((_, i) => out[i] === undefined))];
  if (missing.length > 0) {
    for (const [t, n] of await termCounts(db, missing)) df.set(t, n);
  }
  return { df: out.map((n, i) => n ?? df.get(terms[i]!) ?? 0), rows };
}

/**
 * An embedded store has no autovacuum and the hub ANALYZEs only at start, so after a bulk import
 * the statistics that pick retrieval words would describe a registry a fraction of the size (or
 * none at all: then every word retrieves, and at 10k skills the match sets grow large). When the
 * searchable count has moved by more than a fifth (and 50 skills) from the statistics' estimate,
 * ANALYZE runs once in the background. PostgreSQL's autovacuum does this there.
 */
export function statisticsStale(count: number, estimate: number): boolean {
  return Math.abs(count - Math.max(0, estimate)) > Math.max(50, 0.2 * count);
}

const analyzing = new WeakSet<Db>();

/**
 * Every table a search plans over. Without statistics for `version_embeddings` the planner takes
 * it for a few dozen rows and scans it instead of using the HNSW index: at 10k skills published
 * into a running hub, 150 ms per vector search instead of 5.
 */
export const ANALYZE_SEARCH_TABLES = 'ANALYZE skills, versions, version_embeddings';

/** A table that grew by more than a quarter (and 8 pages) since its statistics were taken. */
export function pagesStale(seen: number, now: number): boolean {
  return now > Math.max(seen * 1.25, seen + 8);
}

function refreshStatistics(db: Db, count: number, stats: LexemeStats): void {
  if (db.kind !== 'pglite' || analyzing.has(db)) return;
  analyzing.add(db);
  void (async () => {
    const grown = (await searchTablePages(db)).some((t) => pagesStale(t.seen, t.now));
    if (!grown && !statisticsStale(count, stats.rows)) return;
    await db.query(ANALYZE_SEARCH_TABLES);
    statsCache.delete(db);
    dfCache.delete(db);
    rowsCache.delete(db);
  })()
    .catch(() => {}) // a closing store; the next start analyzes anyway
    .finally(() => analyzing.delete(db));
}

/**
 * The words the full-text retriever matches on. Every query word ranks, but retrieving by a word
 * that half the catalog contains ("use", "file", "code") makes the match set most of the table and
 * ranking it the slowest part of a search, while adding nothing a rarer word does not. So words
 * are taken rarest first (shares from the planner's statistics) while each is in at most
 * MAX_TERM_SHARE of skills and together they match at most MATCH_BUDGET_ROWS skills; the rarest
 * word is always taken.
 * Without statistics (a new or small store) every word is used.
 */
export function matchWords(words: string[], lexemes: Map<string, string>, stats: LexemeStats): string[] {
  const budget = stats.rows > 0 ? MATCH_BUDGET_ROWS / stats.rows : 1;
  const single = words.length === 1;
  const scored = words
    .filter((w) => (lexemes.get(w) ?? '') !== '')
    .map((w) => ({ w, share: termShare(termQuery(w, single), lexemes.get(w)!, stats) }))
    .sort((a, b) => a.share - b.share);
  const kept: string[] = [];
  let total = 0;
  for (const t of scored) {
    if (kept.length > 0 && (t.share > MAX_TERM_SHARE || total + t.share > budget)) break;
    kept.push(t.w);
    total += t.share;
  }
  return kept;
}

/** BM25's inverse document frequency (never negative). */
export function idf(df: number, rows: number): number {
  return Math.log(1 + (Math.max(rows, df) - df + 0.5) / (df + 0.5));
}

export async function lexicalSearch(ctx: HubContext, query: string, limit: number) {
  const text = query.trim().toLowerCase().slice(0, 200);
  const tsquery = toTsQuery(text);
  let matchQuery = tsquery;
  const words = tsqueryWords(text);
  const single = words.length === 1;
  let terms: string[] = [];
  let weights: number[] = [];
  if (words.length > 0) {
    const [stats, lexemes] = await Promise.all([lexemeStats(ctx.db), lexemesOf(ctx.db, words)]);
    const ranked = words.filter((w) => (lexemes.get(w) ?? '') !== '');
    terms = ranked.map((w) => termQuery(w, single));
    const freq = await documentFrequencies(
      ctx.db,
      terms,
      ranked.map((w) => lexemes.get(w)!),
      stats,
    );
    const rows = Math.max(freq.rows, ...freq.df, 1);
    weights = freq.df.map((df) => idf(df, rows));
    if (words.length > 1 && stats.share.size > 0)
      matchQuery = matchWords(words, lexemes, stats)
        .map((w) => termQuery(w, single))
        .join(' | ');
  }
  return lexicalCandidates(ctx.db, { text, tsquery, matchQuery, limit, terms, weights });
}

export function scoreLexical(c: LexicalCandidate): LexicalSignals & { score: number } {
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

type Row = SkillRow & { verdict: string | null };
/** What the candidate lists carry: enough to fuse (and pin); display rows load for the page only. */
type CandidateInfo = { slug: string; stars: number; installs: number };

export async function searchSkills(
  ctx: HubContext,
  query: string,
  opts: SearchOptions,
): Promise<SearchResult> {
  const depth = Math.min(MAX_CANDIDATES, Math.max(50, opts.offset + opts.limit + 20));
  const rows = new Map<string, CandidateInfo>();
  const lexSignals = new Map<string, LexicalSignals>();
  const mode = opts.mode ?? 'hybrid';
  const lease =
    mode === 'lexical' || !ctx.search
      ? { embedder: null, reason: 'semantic search is not configured on this hub' }
      : await ctx.search.embedder(EMBEDDER_WAIT_MS);
  const vectorReady = ctx.db.hasVector;

  let lexicalRun: Promise<LexicalCandidate[]> | undefined;
  const lexical = () => {
    lexicalRun ??= lexicalSearch(ctx, query, depth);
    return lexicalRun;
  };
  const sources: HybridSources = {
    async lexical() {
      const scored = (await lexical()).map((c) => ({ c, s: scoreLexical(c) }));
      scored.sort((a, b) => b.s.score - a.s.score || a.c.slug.localeCompare(b.c.slug));
      return scored.slice(0, depth).map(({ c, s }) => {
        const id = String(c.id);
        rows.set(id, c);
        const { score: _score, ...signals } = s;
        lexSignals.set(id, signals);
        return { id, score: s.score };
      });
    },
    async exact() {
      return (await lexical())
        .filter((c) => c.exact === 1 && c.slug === query.trim().toLowerCase())
        .map((c) => String(c.id));
    },
    async popularity(ids) {
      return new Map(
        ids.flatMap((id) => {
          const r = rows.get(id);
          return r ? [[id, { installs: r.installs, stars: r.stars }] as const] : [];
        }),
      );
    },
    ...(vectorReady
      ? {
          async vector(vec: Float32Array, model: string, limit: number) {
            const found: VectorCandidate[] =
              ctx.db.kind === 'pglite'
                ? await vectorCandidates(ctx.db, { vector: vec, model, limit, session: true })
                : await ctx.db.tx((q) => vectorCandidates(q, { vector: vec, model, limit }));
            return found.map((c) => {
              const id = String(c.id);
              if (!rows.has(id)) rows.set(id, c);
              return { id, score: c.similarity };
            });
          },
        }
      : {}),
  };
  const res = await hybridSearch(sources, {
    query,
    mode,
    depth,
    embedder: lease.embedder,
    embedderError: vectorReady ? lease.reason : 'this database has no pgvector extension',
  });
  const pageHits = res.hits.slice(opts.offset, opts.offset + opts.limit);
  const display = new Map(
    (
      await skillsByIds(
        ctx.db,
        pageHits.map((h) => Number(h.id)),
      )
    ).map((r) => [String(r.id), r]),
  );
  // A skill yanked or quarantined between the candidate query and this one drops off the page.
  const page = pageHits.flatMap((h) => {
    const row = display.get(h.id);
    return row && row.latest_version !== null ? [toHit(h, row, lexSignals, res.modelId, opts.explain)] : [];
  });
  const out: SearchResult = { results: page, total: res.hits.length, mode: res.mode };
  if (res.modelId) out.model = res.modelId;
  if (res.fallback) out.fallback = `${res.fallback.reason}; lexical results only`;
  return out;
}

function toHit(
  h: FusedHit,
  c: Row,
  lexSignals: Map<string, LexicalSignals>,
  model: string | null,
  explain: boolean | undefined,
): SearchHit {
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
    score: Math.round(h.score * 1e6) / 1e6,
    updatedAt: new Date(c.updated_ms).toISOString(),
  };
  if (explain) {
    const { lexical, vector, popularity, exact } = h.signals;
    hit.signals = {
      lexical: lexical ? { ...lexical, signals: lexSignals.get(h.id)! } : null,
      vector: vector
        ? {
            rank: vector.rank,
            similarity: vector.score,
            contribution: vector.contribution,
            model: model ?? '',
          }
        : null,
      popularity,
      exact: exact ? 1 : 0,
    };
  }
  return hit;
}
