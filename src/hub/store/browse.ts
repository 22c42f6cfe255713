import type { Queryable } from './db.js';
import { SKILL_COLS, type SkillRow } from './skills.js';

/** Read-only listings for the web UI (home page sections, publisher pages, star state). */

export async function listPopular(q: Queryable, limit: number): Promise<SkillRow[]> {
  return q.query<SkillRow>(
    `SELECT ${SKILL_COLS} FROM skills s JOIN users u ON u.id = s.owner_id
      WHERE s.latest_version IS NOT NULL
      ORDER BY (s.installs + 5 * s.stars + s.downloads / 10) DESC, s.slug ASC LIMIT $1`,
    [limit],
  );
}

export async function listNewest(q: Queryable, limit: number): Promise<SkillRow[]> {
  return q.query<SkillRow>(
    `SELECT ${SKILL_COLS} FROM skills s JOIN users u ON u.id = s.owner_id
      WHERE s.latest_version IS NOT NULL ORDER BY s.created_at DESC, s.id DESC LIMIT $1`,
    [limit],
  );
}

export async function listByOwner(q: Queryable, handle: string, limit: number): Promise<SkillRow[]> {
  return q.query<SkillRow>(
    `SELECT ${SKILL_COLS} FROM skills s JOIN users u ON u.id = s.owner_id
      WHERE u.handle = $1 AND s.latest_version IS NOT NULL ORDER BY s.slug ASC LIMIT $2`,
    [handle, limit],
  );
}

export async function hasStarred(q: Queryable, skillId: number, userId: number): Promise<boolean> {
  const rows = await q.query<{ n: number }>('SELECT 1 AS n FROM stars WHERE skill_id = $1 AND user_id = $2', [
    skillId,
    userId,
  ]);
  return rows.length > 0;
}
