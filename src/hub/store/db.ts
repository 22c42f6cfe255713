import { mkdir } from 'node:fs/promises';
import { WeftError } from '../../errors.js';

/**
 * The one database seam. Both stores speak the same SQL (PostgreSQL dialect,
 * `$n` parameters); only connection handling differs. PGlite is Postgres
 * compiled to WASM, so the embedded store runs the very queries the
 * scale-out store runs.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations only). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Run `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Run `fn` while holding a session-level advisory lock (migrations). */
  withAdvisoryLock<T>(key: number, fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Whether the pgvector extension is installed (optional on PostgreSQL). */
  hasVector: boolean;
  close(): Promise<void>;
}

export interface StoreLocation {
  /** directory of the embedded store (PGlite); ignored when databaseUrl is set */
  dataDir?: string;
  /** postgres://... for the scale-out store */
  databaseUrl?: string;
  /** embedded store kept in memory only (tests, benchmarks) */
  memory?: boolean;
  /** give up connecting to PostgreSQL after this long (default: the driver's, no limit) */
  connectTimeoutMs?: number;
}

export async function openDb(loc: StoreLocation): Promise<Db> {
  if (loc.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(loc.databaseUrl, { connectTimeoutMs: loc.connectTimeoutMs });
  }
  const { openPglite } = await import('./pglite.js');
  if (loc.memory) return openPglite(undefined);
  if (!loc.dataDir) throw new WeftError('E_USAGE', 'the hub needs --data DIR or --database-url URL');
  await mkdir(loc.dataDir, { recursive: true, mode: 0o700 });
  return openPglite(loc.dataDir);
}

/** Normalise a bytea value: PGlite returns Uint8Array, node-postgres Buffer. */
export function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new WeftError('E_INTERNAL', 'expected a bytea value');
}

/**
 * Unique violations from concurrent writers (two first publishes of one slug,
 * two first keys of one publisher) are conflicts the client can retry, not 500s.
 */
export function mapDbError(err: unknown): unknown {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === '23505') {
    return new WeftError('E_CONFLICT', 'a concurrent request changed the same record; retry', {
      constraint: (err as { constraint?: string }).constraint,
    });
  }
  if (code === '40001' || code === '40P01') {
    return new WeftError('E_CONFLICT', 'the transaction conflicted with another one; retry');
  }
  return err;
}
