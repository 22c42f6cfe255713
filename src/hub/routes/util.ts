import { createRoute, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { HubContext } from '../context.js';
import type { HubEnv } from '../http/middleware.js';
import { jsonResponses } from './schemas.js';

export type HubApp = OpenAPIHono<HubEnv>;

export type RouteModule = (app: HubApp, ctx: HubContext) => void;

type Method = 'get' | 'post' | 'delete';

/** A documented route: request schemas validate input; responses share the envelope description. */
export function route<R extends Omit<RouteConfig, 'responses' | 'method' | 'path'>>(
  method: Method,
  path: string,
  tag: string,
  summary: string,
  request: R,
) {
  return createRoute({ method, path, tags: [tag], summary, ...request, responses: jsonResponses });
}

export function flag(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

export function parseSince(since: string | undefined): number {
  if (!since) return 0;
  if (/^\d{1,15}$/.test(since)) return Number(since);
  // Date.parse alone is lenient (it reads "' OR '1'='1" as a date); require ISO 8601.
  if (!/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(since))
    return Number.NaN;
  const ms = Date.parse(since);
  return Number.isNaN(ms) ? Number.NaN : ms;
}
