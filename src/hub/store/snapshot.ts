import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, brotliDecompress, constants as zc } from 'node:zlib';

/**
 * A fresh embedded store starts from a snapshot of an empty, migrated PGlite data directory that
 * ships in the package (`models/hub/`), instead of running initdb in WebAssembly and every
 * migration (tens of seconds on a busy machine). Restoring is decompress + write (a fraction of a
 * second, mostly on libuv's thread pool, so it overlaps the hub's own start-up). The archive is an
 * uncompressed zip inside a brotli stream: brotli's 16 MB window sees that the three databases of
 * a PostgreSQL cluster are near-copies (1.4 MB against 5 MB for a deflated zip), and it decompresses
 * natively off the main thread, where fflate's inflate took ~0.4 s of JavaScript. The snapshot is only used when it was made by the installed PGlite version; otherwise,
 * or when anything about it is off, the store is created the slow way. Migrations newer than the
 * snapshot still run after the restore (openStore always migrates), so an old snapshot is only
 * slower, never wrong. Rebuild it with `npm run build:hub-snapshot` when a migration is added.
 */

export interface SnapshotMeta {
  /** PGlite version that wrote the data directory. */
  pglite: string;
  /** Migration ids applied in the snapshot. */
  migrations: number[];
  /** Every directory of the data dir (relative), so empty ones exist after a restore. */
  dirs: string[];
  /** sha256 of the compressed archive. */
  sha256: string;
  /** Size of the uncompressed zip: decompression writes into one buffer of this size. */
  size: number;
}

const DEFAULT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models', 'hub');

export function snapshotPaths(dir = process.env.WEFT_HUB_SNAPSHOT_DIR ?? DEFAULT_DIR) {
  return { zip: join(dir, 'pglite-store.zip.br'), meta: join(dir, 'pglite-store.json') };
}

/** The installed PGlite version (its package.json is not exported, so read it from disk). */
export async function pgliteVersion(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  let dir = dirname(entry);
  for (let i = 0; i < 4; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(await readFile(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === '@electric-sql/pglite' && json.version) return json.version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/**
 * Writes the snapshot's data directory to `pgDir` (which must not exist). Returns the snapshot's
 * migration ids, or null (and leaves nothing behind) when there is no usable snapshot.
 */
export async function restoreSnapshot(pgDir: string, dir?: string): Promise<number[] | null> {
  if (process.env.WEFT_HUB_SNAPSHOT === 'off') return null;
  const paths = snapshotPaths(dir);
  let meta: SnapshotMeta;
  let archive: Buffer;
  try {
    const [metaText, version, bytes] = await Promise.all([
      readFile(paths.meta, 'utf8'),
      pgliteVersion(),
      readFile(paths.zip),
    ]);
    meta = JSON.parse(metaText) as SnapshotMeta;
    if (meta.pglite !== version) return null;
    if (createHash('sha256').update(bytes).digest('hex') !== meta.sha256) return null;
    archive = bytes;
  } catch {
    return null;
  }
  const tmp = `${pgDir}.restore-${process.pid}`;
  try {
    const { unzipSync } = await import('fflate');
    // One output chunk of the known size: the default 16 kB chunks cost ~0.3 s of concatenation.
    const size = Math.min(Math.max(Number(meta.size) || 0, 1 << 20), MAX_STORE_BYTES);
    const files = unzipSync(await inflate(archive, { chunkSize: size, maxOutputLength: MAX_STORE_BYTES }));
    await mkdir(tmp, { recursive: true, mode: 0o700 });
    for (const d of meta.dirs) await mkdir(join(tmp, d), { recursive: true, mode: 0o700 });
    const entries = Object.entries(files).filter(([name]) => !name.endsWith('/'));
    for (const [name] of entries) {
      // Names come from our own archive, but never write outside the target directory.
      if (relative(tmp, join(tmp, name)).startsWith('..')) throw new Error(`bad entry ${name}`);
    }
    // A thousand small files: a few writes in flight keep the thread pool busy without
    // holding a descriptor per file.
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const [name, bytes] = entries[next++]!;
        await writeFile(join(tmp, name), bytes, { mode: 0o600 });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await rename(tmp, pgDir);
    return meta.migrations;
  } catch {
    await rm(tmp, { recursive: true, force: true });
    return null;
  }
}

const inflate = promisify(brotliDecompress);
/** An empty store is ~40 MB; anything far larger is not our snapshot. */
const MAX_STORE_BYTES = 256 * 1024 * 1024;

/** Zips a closed PGlite data directory into the snapshot files (build script only). */
export async function writeSnapshot(
  pgDir: string,
  migrations: number[],
  dir?: string,
): Promise<SnapshotMeta> {
  const { zipSync } = await import('fflate');
  const files: Record<string, Uint8Array> = {};
  const dirs: string[] = [];
  const walk = async (abs: string) => {
    const entries = await readdir(abs, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(abs, e.name);
      const rel = relative(pgDir, p).split('\\').join('/');
      if (e.isDirectory()) {
        dirs.push(rel);
        await walk(p);
      } else if (e.isFile()) files[rel] = await readFile(p);
    }
  };
  await walk(pgDir);
  // A fixed mtime keeps the archive byte-identical across rebuilds of the same data.
  const stored = zipSync(files, { level: 0, mtime: new Date('2020-01-01T00:00:00Z') });
  const zip = brotliCompressSync(stored, {
    params: {
      [zc.BROTLI_PARAM_QUALITY]: 11,
      [zc.BROTLI_PARAM_LGWIN]: 24,
      [zc.BROTLI_PARAM_SIZE_HINT]: stored.length,
    },
  });
  const meta: SnapshotMeta = {
    pglite: await pgliteVersion(),
    migrations,
    dirs,
    sha256: createHash('sha256').update(zip).digest('hex'),
    size: stored.length,
  };
  const paths = snapshotPaths(dir);
  await mkdir(dirname(paths.zip), { recursive: true });
  await writeFile(paths.zip, zip);
  await writeFile(paths.meta, `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}
