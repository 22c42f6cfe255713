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

/** Point `latest` (and the search document) at a version's metadata. */
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
       search_doc =
         setweight(to_tsvector('english', replace(slug, '-', ' ') || ' ' || coalesce($3, display_name)), 'A') ||
         setweight(to_tsvector('english', coalesce($4, summary) || ' ' || coalesce($6, '')), 'B') ||
         setweight(to_tsvector('english', left(coalesce($5, ''), 4000)), 'C'),
       updated_at = now()
     WHERE id = $1`,
    [
      skillId,
      v.version,
      v.displayName ?? null,
      v.summary ?? null,
      v.readme ?? null,
      (v.tagNames ?? []).join(' '),
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

export interface LexicalCandidate extends SkillRow {
  verdict: string | null;
  exact: number;
  prefix: number;
  text_rank: number;
  trigram: number;
}

/**
 * Lexical candidates with one score per signal; the search service fuses
 * them (and, later, vector candidates). Candidates come from two indexed
 * retrievers, each capped at `limit`: full text (GIN on search_doc, ranked
 * by ts_rank_cd) and trigram/prefix on slug and name (GIN pg_trgm). Signals
 * are computed only for that union, which keeps a 10k catalog in
 * milliseconds. Only skills with an installable `latest` are searchable,
 * which keeps quarantined and yanked versions out.
 * `tsquery` is built by the caller from [a-z0-9] words only.
 */
export async function lexicalCandidates(
  q: Queryable,
  o: { text: string; tsquery: string; limit: number },
): Promise<LexicalCandidate[]> {
  const likePrefix = `${o.text.replace(/[\\%_]/g, '\\$&')}%`;
  return q.query<LexicalCandidate>(
    `WITH fts AS (
       SELECT s.id FROM skills s
        WHERE $2 <> '' AND s.latest_version IS NOT NULL AND s.search_doc @@ to_tsquery('english', $2)
        ORDER BY ts_rank_cd(s.search_doc, to_tsquery('english', $2)) DESC LIMIT $3),
     trg AS (
       SELECT s.id FROM skills s
        WHERE s.latest_version IS NOT NULL
          AND (s.slug % $1 OR s.slug LIKE $4 OR lower(s.display_name) % $1 OR lower(s.display_name) LIKE $4)
        ORDER BY greatest(similarity(s.slug, $1), similarity(lower(s.display_name), $1)) DESC LIMIT $3),
     cand AS (SELECT id FROM fts UNION SELECT id FROM trg)
     SELECT ${SKILL_COLS},
        (CASE WHEN s.slug = $1 OR lower(s.display_name) = $1 THEN 1 ELSE 0 END)::float8 AS exact,
        (CASE WHEN s.slug LIKE $4 OR lower(s.display_name) LIKE $4 THEN 1 ELSE 0 END)::float8 AS prefix,
        (CASE WHEN $2 = '' THEN 0 ELSE ts_rank_cd(s.search_doc, to_tsquery('english', $2)) END)::float8 AS text_rank,
        greatest(similarity(s.slug, $1), similarity(lower(s.display_name), $1))::float8 AS trigram,
        lv.verdict
      FROM cand JOIN skills s ON s.id = cand.id JOIN users u ON u.id = s.owner_id
      LEFT JOIN versions lv ON lv.skill_id = s.id AND lv.version = s.latest_version`,
    [o.text, o.tsquery, o.limit, likePrefix],
  );
}
