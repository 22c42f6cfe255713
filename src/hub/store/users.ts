import type { Queryable } from './db.js';

/** Users, API tokens and publisher keys. Token secrets never reach the database: only their sha256. */

export type Role = 'user' | 'moderator' | 'admin';
export type Scope = 'read' | 'publish' | 'admin';

export interface UserRow {
  id: number;
  handle: string;
  display_name: string | null;
  role: Role;
}

export interface TokenRow {
  id: number;
  user_id: number;
  scopes: Scope[];
  expires_ms: number | null;
  last_used_ms: number | null;
}

const USER_COLS = 'id::float8 AS id, handle, display_name, role';

export async function insertUser(q: Queryable, handle: string, role: Role, displayName?: string) {
  const rows = await q.query<UserRow>(
    `INSERT INTO users (handle, role, display_name) VALUES ($1, $2, $3)
     ON CONFLICT (handle) DO NOTHING RETURNING ${USER_COLS}`,
    [handle, role, displayName ?? null],
  );
  return rows[0];
}

export async function findUserByHandle(q: Queryable, handle: string): Promise<UserRow | undefined> {
  return (await q.query<UserRow>(`SELECT ${USER_COLS} FROM users WHERE handle = $1`, [handle]))[0];
}

export async function insertToken(
  q: Queryable,
  t: { userId: number; hash: string; scopes: Scope[]; expiresAt: Date | null; label?: string },
): Promise<number> {
  const rows = await q.query<{ id: number }>(
    `INSERT INTO tokens (user_id, token_hash, scopes, expires_at, label) VALUES ($1, $2, $3, $4, $5) RETURNING id::float8 AS id`,
    [t.userId, t.hash, t.scopes, t.expiresAt, t.label ?? null],
  );
  return rows[0]!.id;
}

export async function findTokenByHash(
  q: Queryable,
  hash: string,
): Promise<(TokenRow & { user: UserRow }) | undefined> {
  const rows = await q.query<TokenRow & UserRow & { token_id: number }>(
    `SELECT t.id::float8 AS token_id, t.user_id::float8 AS user_id, t.scopes,
            (extract(epoch FROM t.expires_at) * 1000)::float8 AS expires_ms,
            (extract(epoch FROM t.last_used_at) * 1000)::float8 AS last_used_ms,
            u.id::float8 AS id, u.handle, u.display_name, u.role
       FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`,
    [hash],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.token_id,
    user_id: r.user_id,
    scopes: r.scopes,
    expires_ms: r.expires_ms,
    last_used_ms: r.last_used_ms,
    user: { id: r.id, handle: r.handle, display_name: r.display_name, role: r.role },
  };
}

/** Record use (for `weft security audit`'s unused-token check). */
export async function touchToken(q: Queryable, id: number): Promise<void> {
  await q.query('UPDATE tokens SET last_used_at = now() WHERE id = $1', [id]);
}

/**
 * Revoke by expiring now: the row stays (who had which token, and when, is
 * history worth keeping) and authenticate() already refuses expired tokens.
 * Returns false when no unexpired token has that id.
 */
export async function expireToken(q: Queryable, id: number): Promise<boolean> {
  const rows = await q.query<{ id: number }>(
    `UPDATE tokens SET expires_at = now() WHERE id = $1 AND (expires_at IS NULL OR expires_at > now())
     RETURNING id::float8 AS id`,
    [id],
  );
  return rows.length > 0;
}

export interface KeyRow {
  key_id: string;
  user_id: number;
  public_key: string;
  active: boolean;
}

const KEY_COLS = 'key_id, user_id::float8 AS user_id, public_key, active';

export async function findKeyByPublicKey(q: Queryable, publicKey: string): Promise<KeyRow | undefined> {
  return (
    await q.query<KeyRow>(`SELECT ${KEY_COLS} FROM publisher_keys WHERE public_key = $1`, [publicKey])
  )[0];
}

export async function findActiveKey(q: Queryable, userId: number): Promise<KeyRow | undefined> {
  return (
    await q.query<KeyRow>(`SELECT ${KEY_COLS} FROM publisher_keys WHERE user_id = $1 AND active`, [userId])
  )[0];
}

export async function insertKey(q: Queryable, userId: number, publicKey: string, keyId: string) {
  await q.query(`INSERT INTO publisher_keys (key_id, user_id, public_key) VALUES ($1, $2, $3)`, [
    keyId,
    userId,
    publicKey,
  ]);
}

export async function retireActiveKey(q: Queryable, userId: number) {
  await q.query(
    `UPDATE publisher_keys SET active = false, retired_at = now() WHERE user_id = $1 AND active`,
    [userId],
  );
}
