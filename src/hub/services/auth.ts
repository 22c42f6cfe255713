import { createHash, randomBytes } from 'node:crypto';
import { WeftError } from '../../errors.js';
import type { Queryable } from '../store/db.js';
import {
  expireToken,
  findTokenByHash,
  findUserByHandle,
  insertToken,
  insertUser,
  type Role,
  type Scope,
  touchToken,
  type UserRow,
} from '../store/users.js';

/** Who is calling, resolved from a Bearer token. */
export interface Principal {
  user: UserRow;
  scopes: Scope[];
  tokenId: number;
}

export const SCOPES: Scope[] = ['read', 'publish', 'admin'];
const TOKEN_PREFIX = 'weft_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function parseBearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new WeftError('E_AUTH_REQUIRED', 'Authorization header must be "Bearer <token>"');
  return m[1];
}

export async function authenticate(q: Queryable, token: string, now = Date.now()): Promise<Principal> {
  if (token.length > 256) throw new WeftError('E_AUTH_REQUIRED', 'invalid token');
  const row = await findTokenByHash(q, hashToken(token));
  if (!row) throw new WeftError('E_AUTH_REQUIRED', 'invalid token');
  if (row.expires_ms !== null && row.expires_ms <= now)
    throw new WeftError('E_AUTH_REQUIRED', 'token expired');
  // At most one write per token per hour: enough for "unused for 90 days", cheap on every request.
  if (row.last_used_ms === null || now - row.last_used_ms > TOUCH_INTERVAL_MS) await touchToken(q, row.id);
  return { user: row.user, scopes: row.scopes, tokenId: row.id };
}

const TOUCH_INTERVAL_MS = 3_600_000;

/** `weft hub token revoke ID`: the token stops working at once; its row stays as history. */
export async function revokeToken(q: Queryable, id: number): Promise<{ id: number; revoked: true }> {
  if (!Number.isSafeInteger(id) || id <= 0) throw new WeftError('E_USAGE', `invalid token id ${id}`);
  if (!(await expireToken(q, id)))
    throw new WeftError('E_NOT_FOUND', `no unexpired token with id ${id}`, { id });
  return { id, revoked: true };
}

/** admin implies publish implies read. */
export function hasScope(p: Principal, scope: Scope): boolean {
  if (p.scopes.includes('admin')) return true;
  if (scope === 'read') return p.scopes.length > 0;
  return p.scopes.includes(scope);
}

export function requireScope(p: Principal | undefined, scope: Scope): Principal {
  if (!p) throw new WeftError('E_AUTH_REQUIRED', 'this endpoint needs a Bearer token');
  if (!hasScope(p, scope)) throw new WeftError('E_FORBIDDEN', `token lacks the ${scope} scope`);
  return p;
}

export function isModerator(p: Principal): boolean {
  return p.user.role === 'admin' || p.user.role === 'moderator' || p.scopes.includes('admin');
}

const HANDLE_RE = /^[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?$/;

export async function addUser(
  q: Queryable,
  handle: string,
  role: Role = 'user',
): Promise<{ id: number; handle: string; role: Role }> {
  if (!HANDLE_RE.test(handle)) {
    throw new WeftError(
      'E_USAGE',
      `invalid user name ${JSON.stringify(handle)}: use lowercase letters, digits, - and _`,
    );
  }
  const row = await insertUser(q, handle, role);
  if (!row) throw new WeftError('E_CONFLICT', `user ${handle} already exists`);
  return { id: row.id, handle: row.handle, role: row.role };
}

export interface CreatedToken {
  token: string;
  user: string;
  scopes: Scope[];
  expiresAt: string | null;
}

/** A fresh random token; only its sha256 is stored, so this is the one time it is visible. */
export async function createToken(
  q: Queryable,
  o: { handle: string; scope: Scope; expiresDays?: number; label?: string },
): Promise<CreatedToken> {
  if (!SCOPES.includes(o.scope)) throw new WeftError('E_USAGE', `scope must be one of ${SCOPES.join(', ')}`);
  const user = await findUserByHandle(q, o.handle);
  if (!user) throw new WeftError('E_NOT_FOUND', `no user ${o.handle} (run: weft hub user add ${o.handle})`);
  if (o.scope === 'admin' && user.role !== 'admin') {
    throw new WeftError('E_FORBIDDEN', `user ${o.handle} is not an admin (weft hub user add --role admin)`);
  }
  if (o.expiresDays !== undefined && !(o.expiresDays > 0 && o.expiresDays <= 3650)) {
    throw new WeftError('E_USAGE', '--expires must be between 1 and 3650 days');
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = o.expiresDays ? new Date(Date.now() + o.expiresDays * 86_400_000) : null;
  await insertToken(q, {
    userId: user.id,
    hash: hashToken(token),
    scopes: [o.scope],
    expiresAt,
    ...(o.label ? { label: o.label } : {}),
  });
  return { token, user: user.handle, scopes: [o.scope], expiresAt: expiresAt?.toISOString() ?? null };
}
