import type { Pool, PoolClient } from 'pg';
import { WeftError } from '../../errors.js';
import { type Db, mapDbError, type Queryable } from './db.js';

/** Scale-out store: a node-postgres pool. Replicas share everything through the database. */
export async function openPostgres(url: string, opts: { connectTimeoutMs?: number } = {}): Promise<Db> {
  const pg = await import('pg');
  const PoolCtor = (pg.default?.Pool ?? pg.Pool) as typeof Pool;
  // bigint counts come back as strings by default; ours fit in a JS number.
  (pg.default?.types ?? pg.types).setTypeParser(20, (v: string) => Number(v));
  const pool = new PoolCtor({
    connectionString: url,
    max: Number(process.env.WEFT_PG_POOL ?? 10),
    ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
  });
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    throw new WeftError(
      'E_UNAVAILABLE',
      `cannot connect to PostgreSQL: ${(err as Error).message}`,
      undefined,
      {
        cause: err,
      },
    );
  }
  const onClient = (c: PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await c.query(sql, params ?? [])).rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const db: Db = {
    kind: 'postgres',
    hasVector: false,
    async query<T>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params ?? [])).rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async tx(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn(onClient(c));
        await c.query('COMMIT');
        return out;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        throw mapDbError(err);
      } finally {
        c.release();
      }
    },
    async withAdvisoryLock(key, fn) {
      const c = await pool.connect();
      try {
        await c.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn(onClient(c));
        } finally {
          await c.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        c.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
  const ext = await pool.query(
    "SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'vector'",
  );
  db.hasVector = (ext.rows[0] as { n: number }).n > 0;
  return db;
}
