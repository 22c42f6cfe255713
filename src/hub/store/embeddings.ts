import type { Queryable } from './db.js';

/**
 * The embeddings aggregate: one vector per version (pgvector, HNSW cosine index), tagged with the
 * model that produced it so a model swap never compares vectors from two models; rows from another
 * model are re-embedded by the backfill (services/search-index.ts).
 */

/** pgvector's text input format; values are finite floats produced by our embedders. */
export function toVectorLiteral(v: Float32Array): string {
  return `[${Array.from(v, (x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;
}

export async function putEmbedding(
  q: Queryable,
  versionId: number,
  model: string,
  vector: Float32Array,
): Promise<void> {
  await q.query(
    `INSERT INTO version_embeddings (version_id, model, embedding) VALUES ($1, $2, $3::vector)
     ON CONFLICT (version_id) DO UPDATE SET model = EXCLUDED.model, embedding = EXCLUDED.embedding, created_at = now()`,
    [versionId, model, toVectorLiteral(vector)],
  );
}

export interface VectorCandidate {
  id: number;
  slug: string;
  stars: number;
  installs: number;
  similarity: number;
}

/**
 * Nearest skills to `vector` by their `latest` version's embedding. Only active versions that are
 * `latest` qualify, so quarantined and yanked versions never surface. The HNSW scan is widened
 * (ef_search) and, on pgvector >= 0.8, iterates past filtered rows, so older versions' vectors
 * cannot crowd out results. Returns ids and scores only; the service loads display rows for the
 * page it returns.
 */
const sessionEf = new WeakMap<Queryable, string>();

export async function vectorCandidates(
  q: Queryable,
  o: {
    vector: Float32Array;
    model: string;
    limit: number;
    /**
     * `q` is the store's only connection (PGlite): set the scan options for the session, once per
     * value, instead of wrapping every search in a transaction for SET LOCAL (three more round trips).
     */
    session?: boolean;
  },
): Promise<VectorCandidate[]> {
  const efSearch = String(Math.max(40, Math.min(1000, o.limit * 2)));
  if (!o.session) {
    await q.query(
      `SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`,
      [efSearch],
    );
  } else if (sessionEf.get(q) !== efSearch) {
    await q.query(
      `SELECT set_config('hnsw.ef_search', $1, false), set_config('hnsw.iterative_scan', 'relaxed_order', false)`,
      [efSearch],
    );
    sessionEf.set(q, efSearch);
  }
  return q.query<VectorCandidate>(
    `SELECT s.id::float8 AS id, s.slug, s.stars, s.installs, (1 - (e.embedding <=> $1::vector))::float8 AS similarity
       FROM version_embeddings e
       JOIN versions lv ON lv.id = e.version_id
       JOIN skills s ON s.id = lv.skill_id AND s.latest_version = lv.version
      WHERE e.model = $2 AND lv.status = 'active'
      ORDER BY e.embedding <=> $1::vector
      LIMIT $3`,
    [toVectorLiteral(o.vector), o.model, o.limit],
  );
}

export interface UnembeddedVersion {
  version_id: number;
  slug: string;
  display_name: string;
  manifest: Record<string, unknown>;
  readme: string;
}

/** Active versions with no embedding from `model` (never embedded, or embedded by another model). */
export async function versionsMissingEmbedding(
  q: Queryable,
  o: { model: string; limit: number },
): Promise<UnembeddedVersion[]> {
  return q.query<UnembeddedVersion>(
    `SELECT v.id::float8 AS version_id, s.slug, s.display_name, v.manifest, v.readme
       FROM versions v JOIN skills s ON s.id = v.skill_id
       LEFT JOIN version_embeddings e ON e.version_id = v.id
      WHERE v.status = 'active' AND (e.version_id IS NULL OR e.model <> $1)
      ORDER BY (s.latest_version = v.version) DESC, v.id ASC
      LIMIT $2`,
    [o.model, o.limit],
  );
}

export async function countEmbeddings(q: Queryable, model: string): Promise<number> {
  const rows = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM version_embeddings WHERE model = $1',
    [model],
  );
  return rows[0]?.n ?? 0;
}
