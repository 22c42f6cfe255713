import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isWeftError, toWeftError, WeftError } from '../../errors.js';
import type { HubLogger } from '../context.js';

/**
 * The API v1 envelope: `{ok, data, error:{code,message}, pagination:{total,offset,limit}}`.
 * ClawHub-compatible routes add ClawHub's top-level fields next to it (`compat`),
 * so one response serves both clients.
 */
export interface Pagination {
  total: number;
  offset: number;
  limit: number;
}

export function ok(
  c: Context,
  data: unknown,
  opts: { pagination?: Pagination; compat?: Record<string, unknown>; status?: ContentfulStatusCode } = {},
): Response {
  const body: Record<string, unknown> = { ...opts.compat, ok: true, data };
  if (opts.pagination) body.pagination = opts.pagination;
  return c.json(body, opts.status ?? 200);
}

export function errorBody(e: WeftError) {
  return {
    ok: false,
    data: null,
    error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) },
  };
}

export function fail(c: Context, err: unknown, log: HubLogger): Response {
  const e = toWeftError(err);
  if (!isWeftError(err) || e.httpStatus >= 500) {
    log.error(
      { err: err instanceof Error ? err.message : String(err), code: e.code, path: c.req.path },
      'request failed',
    );
  }
  // Internal errors keep their detail in the log, not in the response.
  const shown =
    e.httpStatus >= 500 && e.code === 'E_INTERNAL' ? new WeftError('E_INTERNAL', 'internal error') : e;
  return c.json(errorBody(shown), shown.httpStatus as ContentfulStatusCode);
}
