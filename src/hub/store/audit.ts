import type { Queryable } from './db.js';

/**
 * Read-only queries for `weft security audit` (src/security/audit/hub-store.ts).
 * They never select a token's hash and never write. Each returns [] on a
 * store whose schema has not been created yet.
 */

export interface TokenAuditRow {
  id: number;
  handle: string;
  scopes: string[];
  label: string | null;
  created_ms: number;
  last_used_ms: number | null;
  expires_ms: number | null;
}

export interface UnsignedVersionRow {
  slug: string;
  version: string;
  status: string;
}

export interface QuarantinedTagRow {
  slug: string;
  tag: string;
  version: string;
}

export async function hasHubSchema(q: Queryable): Promise<boolean> {
  const rows = await q.query<{ ok: boolean }>(
    `SELECT to_regclass('tokens') IS NOT NULL AND to_regclass('versions') IS NOT NULL AS ok`,
  );
  return Boolean(rows[0]?.ok);
}

export async function tokensForAudit(q: Queryable): Promise<TokenAuditRow[]> {
  return q.query<TokenAuditRow>(
    `SELECT t.id::float8 AS id, u.handle, t.scopes, t.label,
            (extract(epoch FROM t.created_at) * 1000)::float8 AS created_ms,
            (extract(epoch FROM t.last_used_at) * 1000)::float8 AS last_used_ms,
            (extract(epoch FROM t.expires_at) * 1000)::float8 AS expires_ms
       FROM tokens t JOIN users u ON u.id = t.user_id
      ORDER BY t.id`,
  );
}

/** Installable versions (not yanked) published without a signature, at most `limit`. */
export async function unsignedVersions(q: Queryable, limit = 1000): Promise<UnsignedVersionRow[]> {
  return q.query<UnsignedVersionRow>(
    `SELECT s.slug, v.version, v.status
       FROM versions v JOIN skills s ON s.id = v.skill_id
      WHERE (v.signature IS NULL OR v.signature = '') AND v.status <> 'yanked'
      ORDER BY s.slug, v.id
      LIMIT $1`,
    [limit],
  );
}

/** Tags (and the latest_version pointer, reported as `latest`) that name a quarantined version. */
export async function quarantinedTags(q: Queryable): Promise<QuarantinedTagRow[]> {
  return q.query<QuarantinedTagRow>(
    `SELECT s.slug, t.tag, t.version
       FROM skills s
       CROSS JOIN LATERAL jsonb_each_text(s.tags) AS t(tag, version)
       JOIN versions v ON v.skill_id = s.id AND v.version = t.version
      WHERE v.status = 'quarantined'
     UNION
     SELECT s.slug, 'latest' AS tag, s.latest_version AS version
       FROM skills s JOIN versions v ON v.skill_id = s.id AND v.version = s.latest_version
      WHERE v.status = 'quarantined'
     ORDER BY 1, 2`,
  );
}
