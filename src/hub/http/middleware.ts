import type { MiddlewareHandler } from 'hono';
import { WeftError } from '../../errors.js';
import type { HubContext, RateLimitRule } from '../context.js';
import { authenticate, hashToken, type Principal, parseBearer } from '../services/auth.js';
import { hitWindow, pruneWindows } from '../store/ratelimits.js';

export type HubEnv = {
  Variables: { principal: Principal | undefined };
  Bindings: { incoming?: { socket?: { remoteAddress?: string } } };
};

/** Resolve the Bearer token (if any) once per request. A bad token is an error, not anonymous access. */
export function authMiddleware(ctx: HubContext): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const token = parseBearer(c.req.header('authorization'));
    c.set('principal', token ? await authenticate(ctx.db, token) : undefined);
    await next();
  };
}

function bucketOf(method: string, path: string): 'read' | 'write' | 'download' {
  if (path.endsWith('/download')) return 'download';
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

/**
 * Fixed-window rate limits per token (or per IP without one), counted in the
 * database so all replicas share them. Headers follow the IETF RateLimit draft.
 */
export function rateLimitMiddleware(ctx: HubContext): MiddlewareHandler<HubEnv> {
  let lastPrune = 0;
  return async (c, next) => {
    if (!ctx.limits.enabled || c.req.path === '/health' || c.req.path === '/ready') return next();
    const bucket = bucketOf(c.req.method, c.req.path);
    const rule: RateLimitRule = ctx.limits[bucket];
    const auth = c.req.header('authorization');
    const subject = auth
      ? `t:${hashToken(auth).slice(0, 32)}`
      : `ip:${c.env?.incoming?.socket?.remoteAddress ?? 'unknown'}`;
    const now = Date.now();
    const windowMs = rule.windowSec * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const hits = await hitWindow(ctx.db, bucket, subject, windowStart);
    if (now - lastPrune > 60_000) {
      lastPrune = now;
      await pruneWindows(ctx.db, now - 3_600_000);
    }
    const reset = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
    const headers = {
      'RateLimit-Limit': String(rule.limit),
      'RateLimit-Remaining': String(Math.max(0, rule.limit - hits)),
      'RateLimit-Reset': String(reset),
      'RateLimit-Policy': `${rule.limit};w=${rule.windowSec}`,
    };
    if (hits > rule.limit) {
      for (const [k, v] of Object.entries(headers)) c.header(k, v);
      c.header('Retry-After', String(reset));
      throw new WeftError(
        'E_RATE_LIMITED',
        `rate limit for ${bucket} requests exceeded; retry in ${reset}s`,
        {
          bucket,
          retryAfter: reset,
        },
      );
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}
