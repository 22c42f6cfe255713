import type { Queryable } from './db.js';

/** The skills aggregate: one row per slug, with counters, tags and the lexical search document. */

export interface SkillRow {
  id: number;
  slug: string;
  display_name: string;
  summary: string;
  owner_id: number;
  owner_handle: string;
  latest_version: string | null;
  tags: Record<string, string>;
  stars: number;
  downloads: number;
  installs: number;
  created_ms: number;
  updated_ms: number;
}

export const SKILL_COLS = `s.id::float8 AS id, s.slug, s.display_name, s.summary, s.owner_id::float8 AS owner_id,
  u.handle AS owner_handle, s.latest_version, s.tags, s.stars, s.downloads, s.installs,
  (extract(epoch FROM s.created_at) * 1000)::float8 AS created_ms,
  (extract(epoch FROM s.updated_at) * 1000)::float8 AS updated_ms`;

export async function findSkill(
  q: Queryable,
  slug: string,
  forUpdate = false,
): Promise<SkillRow | undefined> {
  const lock = forUpdate ? ' FOR UPDATE OF s' : '';
  const rows = await q.query<SkillRow>(
    `SELECT ${SKILL_COLS} FROM skills s JOIN users u ON u.id = s.owner_id WHERE s.slug = $1${lock}`,
    [slug],
  );
  return rows[0];
}

export async function findSkillBySkeleton(q: Queryable, skeleton: string): Promise<string | undefined> {
  const rows = await q.query<{ slug: string }>('SELECT slug FROM skills WHERE skeleton = $1', [skeleton]);
  return rows[0]?.slug;
}

export async function insertSkill(
  q: Queryable,
  s: { slug: string; skeleton: string; displayName: string; summary: string; ownerId: number },
): Promise<number> {
  const rows = await q.query<{ id: number }>(
    `INSERT INTO skills (slug, skeleton, display_name, summary, owner_id) VALUES ($1, $2, $3, $4, $5)
     RETURNING id::float8 AS id`,
    [s.slug, s.skeleton, s.displayName, s.summary, s.ownerId],
  );
  return rows[0]!.id;
}

/** Characters of the SKILL.md body in the full-text document (the embedder reads the same window). */
export const SEARCH_BODY_CHARS = 1500;

/**
 * The weighted full-text document, as SQL over five text expressions: slug words + name (A),
 * description + tags (B), the start of the body (C). The body is cut at SEARCH_BODY_CHARS so the
 * tsvector stays small enough to be stored inline (no TOAST): ranking then reads each candidate
 * row once, without decompressing an out-of-line value. Shared by setLatest, migration 3 and the
 * benchmark loader so all three write the same document.
 */
export function searchDocSql(
  slug: string,
  name: string,
  summary: string,
  tags: string,
  body: string,
): string {
  return `setweight(to_tsvector('english', replace(${slug}, '-', ' ') || ' ' || ${name}), 'A') ||
         setweight(to_tsvector('english', ${summary} || ' ' || ${tags}), 'B') ||
         setweight(to_tsvector('english', left(${body}, ${SEARCH_BODY_CHARS})), 'C')`;
}

/**
 * Point `latest` (and the search document) at a version's metadata. Without `readme` (yank,
 * re-tag), the body comes from the stored version row, so the document never loses its body.
 */
export async function setLatest(
  q: Queryable,
  skillId: number,
  v: { version: string | null; displayName?: string; summary?: string; readme?: string; tagNames?: string[] },
): Promise<void> {
  if (v.version === null) {
    await q.query(
      `UPDATE skills SET latest_version = NULL, tags = tags - 'latest', updated_at = now() WHERE id = $1`,
      [skillId],
    );
    return;
  }
  await q.query(
    `UPDATE skills SET latest_version = $2,
       tags = jsonb_set(tags, '{latest}', to_jsonb($2::text)),
       display_name = coalesce($3, display_name),
       summary = coalesce($4, summary),
       search_text = lower(slug || ' ' || coalesce($3, display_name) || ' ' || coalesce($4, summary)),
       search_doc = ${searchDocSql(
         'slug',
         'coalesce($3, display_name)',
         'coalesce($4, summary)',
         "coalesce($6, '')",
         `coalesce($5, (SELECT readme FROM versions WHERE skill_id = $1 AND version = $2), '')`,
       )},
       updated_at = now()
     WHERE id = $1`,
    [
      skillId,
      v.version,
      v.displayName ?? null,
      v.summary ?? null,
      v.readme ?? null,
      v.tagNames ? v.tagNames.join(' ') : null,
    ],
  );
}

export async function setTag(q: Queryable, skillId: number, tag: string, version: string): Promise<void> {
  await q.query(
    `UPDATE skills SET tags = jsonb_set(tags, ARRAY[$2::text], to_jsonb($3::text)), updated_at = now() WHERE id = $1`,
    [skillId, tag, version],
  );
}

export async function bumpCounter(q: Queryable, skillId: number, col: 'downloads' | 'installs', by = 1) {
  // `col` is one of two literals chosen by the caller's type, never user input.
  await q.query(`UPDATE skills SET ${col} = ${col} + $2 WHERE id = $1`, [skillId, by]);
}

export async function listCatalog(
  q: Queryable,
  o: { sinceMs: number; limit: number; offset: number },
): Promise<{ rows: SkillRow[]; total: number }> {
  const rows = await q.query<SkillRow & { total: number }>(
    `SELECT ${SKILL_COLS}, count(*) OVER ()::int AS total FROM skills s JOIN users u ON u.id = s.owner_id
      WHERE s.latest_version IS NOT NULL AND s.updated_at >= to_timestamp($1 / 1000.0)
      ORDER BY s.updated_at ASC, s.id ASC LIMIT $2 OFFSET $3`,
    [o.sinceMs, o.limit, o.offset],
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

/** One lexical candidate: identity, popularity and one score per signal (no display columns). */
export interface LexicalCandidate {
  id: number;
  slug: string;
  stars: number;
  downloads: number;
  installs: number;
  exact: number;
  prefix: number;
  text_rank: number;
  trigram: number;
}

/** Queries of at most this many words (and characters) also run the trigram/prefix retriever. */
export const SHORT_QUERY = { words: 2, chars: 32 } as const;

export function isShortQuery(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length <= SHORT_QUERY.words && text.length <= SHORT_QUERY.chars;
}

/**
 * Lexical candidates with one score per signal; the search service fuses them (and the vector
 * candidates). Up to three indexed retrievers feed the candidate set:
 * - full text: GIN on `search_doc` with the retrieval words (`matchQuery`), the best
 *   FTS_CANDIDATES by ts_rank over those words;
 * - exact slug: the unique index, always, so the exact-slug pin never depends on the other lists;
 * - trigram/prefix on slug and name (GIN pg_trgm): only for short queries (names, typos), capped
 *   at `limit`. A query of several words is not a name, and its trigram similarity with any slug
 *   is low, while scanning the trigram index for it costs more than the full-text retrieval.
 * The text signal of each candidate is BM25-like: every query term's field-weighted ts_rank
 * (name 1, description and tags 0.5, body 0.2), weighted by the term's inverse document frequency
 * (`weights`, from the caller) and divided by the weights' sum, so 1 means every term in the name.
 * ts_rank_cd over the OR'ed query had no notion of rarity: a skill named after "keep" beat the
 * one about laptops and sleep for "keep the laptop from going to sleep".
 * Only skills with an installable `latest` are searchable, which keeps quarantined and yanked
 * versions out. Terms are built by the caller from [a-z0-9] words only.
 */
export async function lexicalCandidates(
  q: Queryable,
  o: {
    text: string;
    tsquery: string;
    limit: number;
    matchQuery?: string;
    /** One tsquery term per query word (`word` or `word:*`); empty: rank by `tsquery` alone. */
    terms?: string[];
    /** Inverse document frequency of each term. */
    weights?: number[];
  },
): Promise<LexicalCandidate[]> {
  const likePrefix = `${o.text.replace(/[\\%_]/g, '\\$&')}%`;
  const terms = o.terms?.length ? o.terms : o.tsquery ? [o.tsquery] : [];
  const weights = o.terms?.length ? (o.weights ?? terms.map(() => 1)) : terms.map(() => 1);
  // One ts_rank per term, inline: a correlated subquery over a terms CTE cost twice as much.
  // Weights are numbers we computed, written as literals (finite, fixed-point).
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const weight = (i: number) => {
    const w = (weights[i] ?? 0) / total;
    return (Number.isFinite(w) && w > 0 ? w : 0).toFixed(6);
  };
  const termCols = terms.map((_, i) => `, to_tsquery('english', $${6 + i}) AS t${i}`).join('');
  const rankSum =
    terms.map((_, i) => `${weight(i)} * ts_rank('{0, 0.5, 0.8, 1}', s.search_doc, tsq.t${i})`).join(' + ') ||
    '0';
  const retrievers = ['SELECT id FROM exact'];
  if (o.tsquery !== '') {
    retrievers.push(`SELECT * FROM (
       SELECT s.id FROM skills s, tsq
        WHERE s.latest_version IS NOT NULL AND s.search_doc @@ tsq.m
        ORDER BY ts_rank(s.search_doc, tsq.m) DESC LIMIT ${FTS_CANDIDATES}) fts`);
  }
  if (isShortQuery(o.text)) {
    // Name prefixes are scored below but not retrieved: a prefix is on the slug index already.
    retrievers.push(`SELECT * FROM (
       SELECT s.id FROM skills s
        WHERE s.latest_version IS NOT NULL AND (s.slug % $1 OR s.slug LIKE $4 OR lower(s.display_name) % $1)
        ORDER BY greatest(similarity(s.slug, $1), similarity(lower(s.display_name), $1)) DESC LIMIT $3) trg`);
  }
  return q.query<LexicalCandidate>(
    `WITH tsq AS (SELECT to_tsquery('english', $2) AS q, to_tsquery('english', $5) AS m${termCols}),
     exact AS (SELECT id FROM skills WHERE slug = $1 AND latest_version IS NOT NULL LIMIT $3::int),
     cand AS (SELECT DISTINCT id FROM (${retrievers.join(' UNION ALL ')}) c)
     SELECT s.id::float8 AS id, s.slug, s.stars, s.downloads, s.installs,
        (CASE WHEN s.slug = $1 OR lower(s.display_name) = $1 THEN 1 ELSE 0 END)::float8 AS exact,
        (CASE WHEN s.slug LIKE $4 OR lower(s.display_name) LIKE $4 THEN 1 ELSE 0 END)::float8 AS prefix,
        (CASE WHEN $2 <> '' AND s.search_doc @@ tsq.q
              THEN ${rankSum}
              ELSE 0 END)::float8 AS text_rank,
        greatest(similarity(s.slug, $1), similarity(lower(s.display_name), $1))::float8 AS trigram
      FROM cand JOIN skills s ON s.id = cand.id, tsq`,
    [o.text, o.tsquery, o.limit, likePrefix, o.matchQuery ?? o.tsquery, ...terms],
  );
}

/**
 * Full-text candidates scored per search (all signals, every term): the best of the match set by
 * its retrieval words. 300 cost 60% more per search than 100 at 10k skills for the same MRR on the
 * bench catalog.
 */
const FTS_CANDIDATES = 100;

/** Skills with an installable `latest` (what search can find). */
export async function searchableCount(q: Queryable): Promise<number> {
  const [r] = await q.query<{ n: number }>(
    'SELECT count(*)::float8 AS n FROM skills WHERE latest_version IS NOT NULL',
  );
  return r?.n ?? 0;
}

/**
 * Pages the planner's statistics last saw (`relpages`) and pages on disk now, for the tables a
 * search plans over: growth past what ANALYZE saw means the plans are made for a smaller table.
 */
export async function searchTablePages(q: Queryable): Promise<Array<{ seen: number; now: number }>> {
  return q.query<{ seen: number; now: number }>(
    `SELECT c.relpages::float8 AS seen,
            (pg_relation_size(c.oid) / current_setting('block_size')::int)::float8 AS now
       FROM pg_class c
      WHERE c.oid IN ('skills'::regclass, 'version_embeddings'::regclass)`,
  );
}

/**
 * How many searchable skills each term (a tsquery term, e.g. `email:*`) matches: index counts,
 * for terms the planner's statistics do not list (rare ones).
 */
export async function termCounts(q: Queryable, terms: string[]): Promise<Map<string, number>> {
  const rows = await q.query<{ t: string; n: number }>(
    `SELECT t, (SELECT count(*) FROM skills s
                 WHERE s.latest_version IS NOT NULL AND s.search_doc @@ to_tsquery('english', t))::float8 AS n
       FROM unnest($1::text[]) AS t`,
    [terms],
  );
  return new Map(rows.map((r) => [r.t, r.n]));
}

/**
 * Share of skills whose search document holds each of the most common lexemes (the planner's
 * most-common-elements statistics for `search_doc`, kept by ANALYZE), and the table's row
 * estimate; empty before the first ANALYZE. Lexemes not listed are rarer than every listed one.
 */
export async function commonLexemes(q: Queryable): Promise<{ rows: number; share: Map<string, number> }> {
  const rows = await q.query<{ elem: string | null; freq: number | null; n: number }>(
    `SELECT e.elem, e.freq::float8 AS freq, c.reltuples::float8 AS n
       FROM pg_class c
       LEFT JOIN LATERAL (
         SELECT u.elem, u.freq
           FROM pg_stats st,
                unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS u(elem, freq)
          WHERE st.schemaname = current_schema() AND st.tablename = 'skills' AND st.attname = 'search_doc'
            AND u.elem IS NOT NULL) e ON true
      WHERE c.oid = 'skills'::regclass`,
  );
  return {
    rows: Math.max(0, rows[0]?.n ?? 0),
    share: new Map(
      rows.flatMap((r) => (r.elem !== null && r.freq !== null ? [[r.elem, r.freq] as const] : [])),
    ),
  };
}

/** The lexeme each word becomes in a prefix query ('' for stop words), e.g. summarize -> summar. */
export async function queryLexemes(q: Queryable, words: string[]): Promise<Map<string, string>> {
  if (words.length === 0) return new Map();
  const rows = await q.query<{ w: string; lexeme: string }>(
    `SELECT w, coalesce((SELECT string_agg(l, ' ') FROM unnest(tsvector_to_array(to_tsvector('english', w))) l), '') AS lexeme
       FROM unnest($1::text[]) AS w`,
    [words],
  );
  return new Map(rows.map((r) => [r.w, r.lexeme]));
}

/** Display rows (with the latest version's verdict) for the skills on a result page. */
export async function skillsByIds(
  q: Queryable,
  ids: number[],
): Promise<Array<SkillRow & { verdict: string | null }>> {
  if (ids.length === 0) return [];
  return q.query<SkillRow & { verdict: string | null }>(
    `SELECT ${SKILL_COLS}, lv.verdict
       FROM skills s JOIN users u ON u.id = s.owner_id
       LEFT JOIN versions lv ON lv.skill_id = s.id AND lv.version = s.latest_version
      WHERE s.id = ANY($1::bigint[])`,
    [ids],
  );
}
