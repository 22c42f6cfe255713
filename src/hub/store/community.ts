import type { Queryable } from './db.js';

/** Stars, comments, reports and install events. */

export async function addStar(q: Queryable, skillId: number, userId: number): Promise<boolean> {
  const rows = await q.query(
    'INSERT INTO stars (skill_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1 AS x',
    [skillId, userId],
  );
  if (rows.length > 0) await q.query('UPDATE skills SET stars = stars + 1 WHERE id = $1', [skillId]);
  return rows.length > 0;
}

export async function removeStar(q: Queryable, skillId: number, userId: number): Promise<boolean> {
  const rows = await q.query('DELETE FROM stars WHERE skill_id = $1 AND user_id = $2 RETURNING 1 AS x', [
    skillId,
    userId,
  ]);
  if (rows.length > 0) await q.query('UPDATE skills SET stars = stars - 1 WHERE id = $1', [skillId]);
  return rows.length > 0;
}

export interface CommentRow {
  id: number;
  user_id: number;
  author: string;
  body: string;
  created_ms: number;
}

export async function insertComment(q: Queryable, skillId: number, userId: number, body: string) {
  const rows = await q.query<{ id: number }>(
    'INSERT INTO comments (skill_id, user_id, body) VALUES ($1, $2, $3) RETURNING id::float8 AS id',
    [skillId, userId, body],
  );
  return rows[0]!.id;
}

export async function listComments(
  q: Queryable,
  skillId: number,
  o: { limit: number; offset: number },
): Promise<{ rows: CommentRow[]; total: number }> {
  const rows = await q.query<CommentRow & { total: number }>(
    `SELECT c.id::float8 AS id, c.user_id::float8 AS user_id, u.handle AS author, c.body,
            (extract(epoch FROM c.created_at) * 1000)::float8 AS created_ms, count(*) OVER ()::int AS total
       FROM comments c JOIN users u ON u.id = c.user_id WHERE c.skill_id = $1
      ORDER BY c.id ASC LIMIT $2 OFFSET $3`,
    [skillId, o.limit, o.offset],
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

export async function findComment(q: Queryable, skillId: number, id: number) {
  const rows = await q.query<{ user_id: number }>(
    'SELECT user_id::float8 AS user_id FROM comments WHERE skill_id = $1 AND id = $2',
    [skillId, id],
  );
  return rows[0];
}

export async function deleteComment(q: Queryable, id: number): Promise<void> {
  await q.query('DELETE FROM comments WHERE id = $1', [id]);
}

export async function insertReport(
  q: Queryable,
  r: { skillId: number; userId: number | null; version: string | null; reason: string },
): Promise<number> {
  const rows = await q.query<{ id: number }>(
    'INSERT INTO reports (skill_id, user_id, version, reason) VALUES ($1, $2, $3, $4) RETURNING id::float8 AS id',
    [r.skillId, r.userId, r.version, r.reason],
  );
  return rows[0]!.id;
}

export async function insertInstall(q: Queryable, skillId: number, version: string): Promise<void> {
  await q.query('INSERT INTO installs (skill_id, version) VALUES ($1, $2)', [skillId, version]);
  await q.query('UPDATE skills SET installs = installs + 1 WHERE id = $1', [skillId]);
}
