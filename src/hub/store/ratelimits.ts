import type { Queryable } from './db.js';

/**
 * Fixed-window counters in the database, so every replica sees the same
 * counts. One upsert per request; old windows are pruned opportunistically.
 */
export async function hitWindow(
  q: Queryable,
  bucket: string,
  subject: string,
  windowStart: number,
): Promise<number> {
  const rows = await q.query<{ hits: number }>(
    `INSERT INTO rate_limits (bucket, subject, window_start, hits) VALUES ($1, $2, $3, 1)
     ON CONFLICT (bucket, subject, window_start) DO UPDATE SET hits = rate_limits.hits + 1
     RETURNING hits`,
    [bucket, subject, windowStart],
  );
  return Number(rows[0]!.hits);
}

export async function pruneWindows(q: Queryable, before: number): Promise<void> {
  await q.query('DELETE FROM rate_limits WHERE window_start < $1', [before]);
}
