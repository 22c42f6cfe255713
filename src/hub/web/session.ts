import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { HubContext } from '../context.js';
import { authenticate, type Principal } from '../services/auth.js';

export const SESSION_COOKIE = 'weft_session';

/** The browser session is the API token itself, in an HttpOnly, SameSite=Strict cookie. */
export async function sessionPrincipal(
  ctx: HubContext,
  c: Context,
): Promise<{ principal?: Principal; token?: string }> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return {};
  try {
    return { principal: await authenticate(ctx.db, token), token };
  } catch {
    return {};
  }
}

/** CSRF token bound to the session: an HMAC only the holder of the session token can compute. */
export function csrfToken(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('weft-csrf-v1').digest('base64url');
}

export function csrfValid(sessionToken: string | undefined, submitted: unknown): boolean {
  if (!sessionToken || typeof submitted !== 'string') return false;
  const want = Buffer.from(csrfToken(sessionToken));
  const got = Buffer.from(submitted);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Browsers send Origin on POST; when present it must be ours (defence in depth next to SameSite and the token). */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (!origin) return true;
  const host = c.req.header('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function isHttps(c: Context): boolean {
  return c.req.header('x-forwarded-proto') === 'https' || new URL(c.req.url).protocol === 'https:';
}
