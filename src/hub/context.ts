import type { SearchRuntime } from './search/runtime.js';
import type { ScanFn } from './services/scan.js';
import type { Db } from './store/db.js';

/** Everything a request needs, passed as a value (no module-level state: replicas stay stateless). */
export interface HubContext {
  db: Db;
  allowUnsigned: boolean;
  scan: ScanFn;
  limits: RateLimits;
  /** absolute base URL used in links, e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  log: HubLogger;
  /** The embedder for semantic search; absent means lexical search only. */
  search?: SearchRuntime;
}

export interface RateLimitRule {
  limit: number;
  windowSec: number;
}

export interface RateLimits {
  read: RateLimitRule;
  write: RateLimitRule;
  download: RateLimitRule;
  enabled: boolean;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  read: { limit: 600, windowSec: 60 },
  write: { limit: 60, windowSec: 60 },
  download: { limit: 300, windowSec: 60 },
  enabled: true,
};

export interface HubLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export const silentLogger: HubLogger = { info() {}, warn() {}, error() {} };

/**
 * Parse `--rate-limits`: "off", or comma-separated `bucket=limit/windowSec`
 * (e.g. "read=600/60,write=60/60,download=300/60"); unnamed buckets keep defaults.
 */
export function parseRateLimits(spec: string): RateLimits {
  if (spec.trim() === 'off') return { ...DEFAULT_RATE_LIMITS, enabled: false };
  const out: RateLimits = { ...DEFAULT_RATE_LIMITS };
  for (const part of spec.split(',')) {
    const m = /^\s*(read|write|download)=(\d{1,7})\/(\d{1,6})\s*$/.exec(part);
    if (!m)
      throw new Error(
        `invalid rate limit ${JSON.stringify(part)}: use read|write|download=LIMIT/SECONDS or off`,
      );
    const rule = { limit: Number(m[2]), windowSec: Number(m[3]) };
    if (rule.limit < 1 || rule.windowSec < 1)
      throw new Error(`rate limit ${part}: limit and window must be >= 1`);
    out[m[1] as 'read' | 'write' | 'download'] = rule;
  }
  return out;
}
