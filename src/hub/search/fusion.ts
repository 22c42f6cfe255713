/**
 * Fusion of ranked candidate lists, plus a small popularity prior and an exact-slug pin. Pure:
 * candidate lists come from whichever store ran the queries, and quarantined versions must
 * already be absent from them.
 *
 * Default: relative score fusion. Each list's scores are min-max scaled to [0, 1] and weighted,
 * so a hit's contribution says how close it came to that list's best, not only where it ranked.
 * Reciprocal rank fusion (Cormack et al. 2009; `method: 'rrf'`) throws that away: a lexical
 * runner-up far behind the leader fused above it with one good vector rank. On the hub's SQL
 * search over the bench catalog (163 queries), hybrid MRR@10 was 0.900 with RRF (no better than
 * lexical alone, 0.900) and 0.919 with relative scores, the same on even and odd queries.
 */

/** One ranked hit from a single signal; lists are ordered best first. */
export interface Candidate {
  id: string;
  /** The signal's own score (ts_rank/BM25, cosine similarity), reported by explain. */
  score: number;
}

export interface Popularity {
  installs: number;
  stars: number;
}

export interface SignalRank {
  /** 1-based rank in that signal's list. */
  rank: number;
  score: number;
  /** This signal's contribution to the fused score (see FusionOptions.method). */
  contribution: number;
}

export interface FusedHit {
  id: string;
  score: number;
  signals: {
    lexical?: SignalRank;
    vector?: SignalRank;
    popularity: Popularity & { contribution: number };
    exact?: { contribution: number };
  };
}

export interface FusionOptions {
  /**
   * relative-score: weight / (k + 1) * (score - min) / (max - min) within the list (a list of one
   * scores 1). rrf: weight / (k + rank).
   */
  method: 'relative-score' | 'rrf';
  /** RRF constant: larger flattens the rank curve (the original paper used 60); also scales relative scores. */
  k: number;
  lexicalWeight: number;
  vectorWeight: number;
  /** Upper bound of the popularity prior: a few percent of a rank-1 contribution, so it breaks near-ties only. */
  popularityWeight: number;
  /** Installs + stars at which the prior saturates. */
  popularitySaturation: number;
}

/**
 * k and the lexical weight were chosen on the even half of bench/search/queries.json and checked on
 * the odd half (docs/search.md): a small k trusts the top of each list, and keyword hits on slug and
 * name are more often exactly right than semantic neighbours.
 */
export const DEFAULT_FUSION: FusionOptions = {
  method: 'relative-score',
  k: 10,
  lexicalWeight: 1.5,
  vectorWeight: 1,
  popularityWeight: 0.005,
  popularitySaturation: 100_000,
};

/** A skill whose slug equals the query outranks everything else: users who type a slug mean it. */
export const EXACT_BONUS = 1;

export function popularityPrior(p: Popularity, opts: FusionOptions = DEFAULT_FUSION): number {
  const raw = Math.max(0, p.installs) + 5 * Math.max(0, p.stars);
  const x = Math.log1p(raw) / Math.log1p(opts.popularitySaturation);
  return opts.popularityWeight * Math.min(1, x);
}

export interface FuseInput {
  lexical: readonly Candidate[];
  /** null when no vector search ran (embedder unavailable or lexical mode). */
  vector: readonly Candidate[] | null;
  popularity?: ReadonlyMap<string, Popularity>;
  /** Ids whose slug equals the normalized query. */
  exact?: ReadonlySet<string>;
}

export function fuse(input: FuseInput, opts: FusionOptions = DEFAULT_FUSION): FusedHit[] {
  const hits = new Map<string, FusedHit>();
  const zero = { installs: 0, stars: 0 };
  const hit = (id: string): FusedHit => {
    let h = hits.get(id);
    if (!h) {
      const pop = input.popularity?.get(id) ?? zero;
      const contribution = popularityPrior(pop, opts);
      h = {
        id,
        score: contribution,
        signals: { popularity: { installs: pop.installs, stars: pop.stars, contribution } },
      };
      if (input.exact?.has(id)) {
        h.signals.exact = { contribution: EXACT_BONUS };
        h.score += EXACT_BONUS;
      }
      hits.set(id, h);
    }
    return h;
  };
  const addList = (list: readonly Candidate[], signal: 'lexical' | 'vector', weight: number): void => {
    const seen = new Set<string>();
    let rank = 0;
    let max = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    for (const c of list) {
      if (!Number.isFinite(c.score)) continue;
      max = Math.max(max, c.score);
      min = Math.min(min, c.score);
    }
    const top = weight / (opts.k + 1);
    for (const c of list) {
      if (seen.has(c.id)) continue; // a list may repeat an id (e.g. two matching rows); the best rank counts
      seen.add(c.id);
      rank++;
      const relative = !Number.isFinite(c.score) ? 0 : max > min ? (c.score - min) / (max - min) : 1;
      const contribution = opts.method === 'rrf' ? weight / (opts.k + rank) : top * relative;
      const h = hit(c.id);
      h.signals[signal] = { rank, score: c.score, contribution };
      h.score += contribution;
    }
  };
  addList(input.lexical, 'lexical', opts.lexicalWeight);
  if (input.vector) addList(input.vector, 'vector', opts.vectorWeight);
  for (const id of input.exact ?? []) hit(id);
  return [...hits.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
