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
