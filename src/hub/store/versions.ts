import type { Queryable } from './db.js';
import { toBuffer } from './db.js';

/** Versions of a skill and the content-addressed blobs (deterministic zip archives) they point at. */

export type VersionStatus = 'active' | 'quarantined' | 'yanked';
export type Verdict = 'pass' | 'warn' | 'block';

export interface VersionFile {
  path: string;
  size: number;
  sha256: string;
}

export interface VersionRow {
  id: number;
  skill_id: number;
  version: string;
  status: VersionStatus;
  fingerprint: string;
  archive_sha256: string;
  files: VersionFile[];
  signature: string | null;
  public_key: string | null;
  key_id: string | null;
  verdict: Verdict;
  findings: unknown[];
  scanner: string;
  changelog: string;
  manifest: Record<string, unknown>;
  publisher_handle: string;
  created_ms: number;
}

const VERSION_COLS = `v.id::float8 AS id, v.skill_id::float8 AS skill_id, v.version, v.status, v.fingerprint,
  v.archive_sha256, v.files, v.signature, v.public_key, v.key_id, v.verdict, v.findings, v.scanner,
  v.changelog, v.manifest, u.handle AS publisher_handle,
  (extract(epoch FROM v.created_at) * 1000)::float8 AS created_ms`;

export async function putBlob(q: Queryable, sha256: string, bytes: Uint8Array): Promise<void> {
  await q.query(
    'INSERT INTO blobs (sha256, size, bytes) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING',
    [sha256, bytes.byteLength, bytes],
  );
}

export async function getBlob(q: Queryable, sha256: string): Promise<Buffer | undefined> {
  const rows = await q.query<{ bytes: unknown }>('SELECT bytes FROM blobs WHERE sha256 = $1', [sha256]);
  return rows[0] ? toBuffer(rows[0].bytes) : undefined;
}

export async function insertVersion(
  q: Queryable,
  v: {
    skillId: number;
    version: string;
    status: VersionStatus;
    fingerprint: string;
    archiveSha256: string;
    files: VersionFile[];
    signature: string | null;
    publicKey: string | null;
    keyId: string | null;
    verdict: Verdict;
    findings: unknown[];
    scanner: string;
    changelog: string;
    manifest: Record<string, unknown>;
    readme: string;
    publisherId: number;
  },
): Promise<number> {
  const rows = await q.query<{ id: number }>(
    `INSERT INTO versions (skill_id, version, status, fingerprint, archive_sha256, files, signature, public_key,
       key_id, verdict, findings, scanner, changelog, manifest, readme, publisher_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (skill_id, version) DO NOTHING RETURNING id::float8 AS id`,
    [
      v.skillId,
      v.version,
      v.status,
      v.fingerprint,
      v.archiveSha256,
      JSON.stringify(v.files),
      v.signature,
      v.publicKey,
      v.keyId,
      v.verdict,
      JSON.stringify(v.findings),
      v.scanner,
      v.changelog,
      JSON.stringify(v.manifest),
      v.readme,
      v.publisherId,
    ],
  );
  return rows[0]?.id ?? 0;
}

export async function findVersion(
  q: Queryable,
  skillId: number,
  version: string,
): Promise<VersionRow | undefined> {
  const rows = await q.query<VersionRow>(
    `SELECT ${VERSION_COLS} FROM versions v JOIN users u ON u.id = v.publisher_id
      WHERE v.skill_id = $1 AND v.version = $2`,
    [skillId, version],
  );
  return rows[0];
}

export async function listVersions(
  q: Queryable,
  skillId: number,
  o: { limit: number; offset: number },
): Promise<{ rows: VersionRow[]; total: number }> {
  const rows = await q.query<VersionRow & { total: number }>(
    `SELECT ${VERSION_COLS}, count(*) OVER ()::int AS total FROM versions v JOIN users u ON u.id = v.publisher_id
      WHERE v.skill_id = $1 ORDER BY v.id DESC LIMIT $2 OFFSET $3`,
    [skillId, o.limit, o.offset],
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

/** Every installable version string, for recomputing `latest` after a yank. */
export async function activeVersions(q: Queryable, skillId: number): Promise<string[]> {
  const rows = await q.query<{ version: string }>(
    `SELECT version FROM versions WHERE skill_id = $1 AND status = 'active'`,
    [skillId],
  );
  return rows.map((r) => r.version);
}

export async function setVersionStatus(q: Queryable, id: number, status: VersionStatus): Promise<void> {
  await q.query('UPDATE versions SET status = $2 WHERE id = $1', [id, status]);
}

export async function findVersionByFingerprint(
  q: Queryable,
  skillId: number,
  fingerprint: string,
): Promise<string | undefined> {
  const rows = await q.query<{ version: string }>(
    `SELECT version FROM versions WHERE skill_id = $1 AND fingerprint = $2 AND status = 'active'
      ORDER BY id DESC LIMIT 1`,
    [skillId, fingerprint],
  );
  return rows[0]?.version;
}

export async function countVersions(q: Queryable): Promise<number> {
  const rows = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM versions');
  return rows[0]!.n;
}
