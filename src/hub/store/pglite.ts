import { existsSync } from 'node:fs';
import { cp, mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { WeftError } from '../../errors.js';
import { type Db, mapDbError, type Queryable } from './db.js';

/**
 * Embedded store: PGlite with pgvector and pg_trgm. One process owns a data
 * directory at a time (PGlite is single-connection), so we take a pid lock
 * file and refuse a second opener with a clear error instead of corrupting it.
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  const release = dataDir ? await lockDataDir(dataDir) : async () => {};
  return start(dataDir ? join(dataDir, 'pg') : undefined, release);
}

/**
 * The live process holding a data dir's store lock, if any. Read-only
 * callers (the security audit) use this to stay away from a running hub.
 */
export async function dataDirOwner(dir: string): Promise<number | undefined> {
  const pid = Number((await readFile(join(dir, 'hub.lock'), 'utf8').catch(() => '')).trim());
  return pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/**
 * Open a private copy of an embedded store, for reading. Opening the store
 * itself would take its lock (a hub starting meanwhile would fail) and let
 * Postgres write to it (checkpoint, recovery); a copy does neither. The
 * caller checks dataDirOwner() before and after: a copy taken while a hub
 * held the store may be torn. close() deletes the copy.
 */
export async function openPgliteCopy(dataDir: string): Promise<Db> {
  const tmp = await mkdtemp(join(tmpdir(), 'weft-store-copy-'));
  const cleanup = () => rm(tmp, { recursive: true, force: true });
  try {
    await cp(join(dataDir, 'pg'), join(tmp, 'pg'), { recursive: true });
  } catch (err) {
    await cleanup();
    throw err;
  }
  return start(join(tmp, 'pg'), cleanup, { extensions: false });
}

async function start(
  pgDir: string | undefined,
  release: () => Promise<void>,
  o: { extensions?: boolean } = {},
): Promise<Db> {
  // While PGlite starts, the only pending work can be V8's own (WebAssembly compilation). With no
  // libuv handle alive, Node's event loop ends its turn and drains *every* background task before
  // going on, including the optimizing compiler's tier-up of PostgreSQL's WebAssembly: the main
  // thread sat in NodePlatform::DrainTasks for 0.2-0.9 s (seen with gdb) right before the hub
  // could answer. A timer keeps the loop turning until the store is open.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    // A new store starts from the shipped snapshot of an empty, migrated store (see snapshot.ts).
    // Its decompression and writes run on the thread pool while PGlite's modules load here.
    const restoring =
      pgDir && !existsSync(pgDir)
        ? import('./snapshot.js').then(({ restoreSnapshot }) => restoreSnapshot(pgDir))
        : undefined;
    const modules = Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-pgvector'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
    ]);
    const [[{ PGlite }, { vector }, { pg_trgm }]] = await Promise.all([modules, restoring]);
    const pg: PGlite = await PGlite.create({
      ...(pgDir ? { dataDir: pgDir } : {}),
      // A read-only copy never touches vectors or trigram indexes; skipping them starts faster.
      ...(o.extensions === false ? {} : { extensions: { vector, pg_trgm } }),
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${await sharedBuffers(pgDir)}`],
    });
    return wrap(pg, release);
  } catch (err) {
    await release();
    throw err;
  } finally {
    clearInterval(keepAlive);
  }
}

/**
 * WEFT_PGLITE_SHARED_BUFFERS (PostgreSQL size, e.g. 64MB), else sized to the store.
 *
 * PostgreSQL sets up its whole buffer pool at start, and in WebAssembly that costs about 4 ms per
 * MB of start-up (128 MB: ~0.5 s more than 32 MB). A pool smaller than what searches touch costs
 * more, though: every page past it is a read through PGlite's file system. At 10k skills (a
 * 134 MB database) 326 searches read 68,826 pages with 32 MB, 10,642 with 64 MB and 330 with
 * 96 MB (hybrid p50 20.3 / 17.1 / 16.8 ms). So the pool is 70% of the database's size on disk,
 * between 32 MB (a new store starts fast) and 256 MB.
 */
async function sharedBuffers(pgDir: string | undefined): Promise<string> {
  const v = process.env.WEFT_PGLITE_SHARED_BUFFERS;
  if (v !== undefined) {
    if (!/^\d+(kB|MB|GB)$/.test(v)) {
      throw new WeftError('E_CONFIG_INVALID', `WEFT_PGLITE_SHARED_BUFFERS must look like 64MB, not ${v}`);
    }
    return v;
  }
  return `${bufferPoolMb(pgDir ? await largestDatabaseBytes(pgDir) : 0)}MB`;
}

/** 70% of the database's bytes in 16 MB steps, within [32, 256] MB. */
export function bufferPoolMb(databaseBytes: number): number {
  const mb = Math.ceil((Math.max(0, databaseBytes) * 0.7) / (16 << 20)) * 16;
  return Math.min(256, Math.max(32, Number.isFinite(mb) ? mb : 32));
}

/** Size on disk of the largest database in a data directory (ours; the others are templates). */
async function largestDatabaseBytes(pgDir: string): Promise<number> {
  const base = join(pgDir, 'base');
  const dbs = await readdir(base).catch(() => [] as string[]);
  let largest = 0;
  for (const db of dbs) {
    if (!/^\d+$/.test(db)) continue;
    const files = await readdir(join(base, db)).catch(() => [] as string[]);
    const sizes = await Promise.all(
      files.map((f) =>
        stat(join(base, db, f)).then(
          (st) => (st.isFile() ? st.size : 0),
          () => 0,
        ),
      ),
    );
    largest = Math.max(
      largest,
      sizes.reduce((a, b) => a + b, 0),
    );
  }
  return largest;
}

function wrap(pg: PGlite, release: () => Promise<void>): Db {
  const q: Queryable = {
    async query<T>(sql: string, params?: unknown[]) {
      return (await pg.query<T>(sql, params ?? [])).rows;
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
  };
  return {
    kind: 'pglite',
    hasVector: true,
    query: q.query,
    exec: q.exec,
    async tx(fn) {
      try {
        return await pg.transaction(async (t) =>
          fn({
            async query<T>(sql: string, params?: unknown[]) {
              return (await t.query<T>(sql, params ?? [])).rows;
            },
            async exec(sql: string) {
              await t.exec(sql);
            },
          }),
        );
      } catch (err) {
        throw mapDbError(err);
      }
    },
    // PGlite has one connection and serialises transactions itself; the
    // advisory lock is still taken so the code path matches PostgreSQL.
    async withAdvisoryLock(key, fn) {
      await q.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await fn(q);
      } finally {
        await q.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    },
    async close() {
      await pg.close();
      await release();
    },
  };
}

async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'hub.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o600);
      await fh.writeFile(String(process.pid));
      await fh.close();
      return () => rm(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new WeftError(
          'E_LOCKED',
          `${dir} is in use by process ${pid} (the embedded store allows one process; stop the hub or use --database-url)`,
          { pid },
        );
      }
      // Stale lock from a killed process: remove and retry once.
      await rm(path, { force: true });
    }
  }
  throw new WeftError('E_LOCKED', `${dir}: cannot take the store lock`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
