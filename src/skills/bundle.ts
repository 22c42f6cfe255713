import { constants } from 'node:fs';
import { lstat, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { WeftError } from '../errors.js';
import { bundleFingerprint, sha256Hex } from './fingerprint.js';
import {
  assertNoCaseCollisions,
  assertSafeRelPath,
  BUNDLE_LIMITS,
  type BundleLimits,
  isExcludedFromBundle,
} from './paths.js';

export interface BundleFile {
  path: string;
  bytes: Buffer;
  sha256: string;
  size: number;
  executable: boolean;
}

export interface Bundle {
  files: BundleFile[];
  fingerprint: string;
  totalBytes: number;
}

export interface BundleOptions {
  limits?: Partial<BundleLimits>;
}

const IGNORE_FILES = ['.clawhubignore', '.clawdhubignore', '.clawftignore', '.gitignore'];

function limitsOf(opts?: BundleOptions): BundleLimits {
  return { ...BUNDLE_LIMITS, ...opts?.limits };
}

/** Build a bundle from in-memory files (an unpacked archive, a multipart upload). */
export function bundleFromFiles(
  entries: Iterable<{ path: string; bytes: Uint8Array; executable?: boolean }>,
  opts?: BundleOptions,
): Bundle {
  const limits = limitsOf(opts);
  const files: BundleFile[] = [];
  let total = 0;
  for (const e of entries) {
    assertSafeRelPath(e.path);
    if (isExcludedFromBundle(e.path)) continue;
    const size = e.bytes.byteLength;
    checkFileSize(e.path, size, limits);
    total += size;
    checkTotal(total, limits);
    if (files.length >= limits.maxFiles) throw tooMany(limits);
    const bytes = Buffer.from(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength);
    files.push({ path: e.path, bytes, sha256: sha256Hex(bytes), size, executable: e.executable ?? false });
  }
  return finish(files, total);
}

/**
 * Read a skill folder into a bundle. Symlinks and special files are refused
 * rather than skipped: a skill that ships one is either broken or hostile.
 * Files are opened with O_NOFOLLOW and re-checked through the descriptor, so a
 * file swapped for a symlink between the walk and the read is still refused.
 */
export async function readBundleDir(dir: string, opts?: BundleOptions): Promise<Bundle> {
  const limits = limitsOf(opts);
  const rootStat = await lstat(dir).catch((err: NodeJS.ErrnoException) => {
    throw new WeftError('E_NOT_FOUND', `${dir}: no such skill directory`, { dir }, { cause: err });
  });
  if (rootStat.isSymbolicLink())
    throw new WeftError('E_SYMLINK', `${dir}: skill directory is a symlink`, { dir });
  if (!rootStat.isDirectory()) throw new WeftError('E_MANIFEST_MISSING', `${dir}: not a directory`, { dir });

  const ig = await loadIgnore(dir);
  const files: BundleFile[] = [];
  let total = 0;

  const walk = async (rel: string): Promise<void> => {
    const abs = rel ? join(dir, rel) : dir;
    const entries = await readdir(abs, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const relPath = rel ? `${rel}/${ent.name}` : ent.name;
      if (isExcludedFromBundle(relPath)) continue;
      if (ig?.ignores(ent.isDirectory() ? `${relPath}/` : relPath)) continue;
      assertSafeRelPath(relPath);
      if (ent.isSymbolicLink()) {
        throw new WeftError('E_SYMLINK', `${relPath}: symlinks are not allowed in a skill`, {
          path: relPath,
        });
      }
      if (ent.isDirectory()) {
        await walk(relPath);
        continue;
      }
      if (!ent.isFile()) {
        throw new WeftError('E_PATH_UNSAFE', `${relPath}: not a regular file`, { path: relPath });
      }
      if (files.length >= limits.maxFiles) throw tooMany(limits);
      const file = await readRegularFile(join(dir, relPath), relPath, limits);
      total += file.size;
      checkTotal(total, limits);
      files.push(file);
    }
  };
  await walk('');
  return finish(files, total);
}

async function readRegularFile(abs: string, relPath: string, limits: BundleLimits): Promise<BundleFile> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      throw new WeftError('E_SYMLINK', `${relPath}: symlinks are not allowed in a skill`, { path: relPath });
    throw new WeftError('E_IO', `${relPath}: cannot read (${code})`, { path: relPath }, { cause: err });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile())
      throw new WeftError('E_PATH_UNSAFE', `${relPath}: not a regular file`, { path: relPath });
    checkFileSize(relPath, st.size, limits);
    const bytes = await fh.readFile();
    // The file may have grown after fstat; the limit applies to what we actually read.
    checkFileSize(relPath, bytes.byteLength, limits);
    return {
      path: relPath,
      bytes,
      sha256: sha256Hex(bytes),
      size: bytes.byteLength,
      executable: (st.mode & 0o111) !== 0,
    };
  } finally {
    await fh.close();
  }
}

async function loadIgnore(dir: string): Promise<Ignore | undefined> {
  let ig: Ignore | undefined;
  for (const name of IGNORE_FILES) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    ig ??= ignore();
    ig.add(text);
  }
  return ig;
}

function finish(files: BundleFile[], total: number): Bundle {
  assertNoCaseCollisions(files.map((f) => f.path));
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new WeftError('E_PATH_UNSAFE', `duplicate path ${f.path}`, { path: f.path });
    seen.add(f.path);
  }
  files.sort((a, b) => a.path.localeCompare(b.path, 'en'));
  return { files, totalBytes: total, fingerprint: bundleFingerprint(files) };
}

function checkFileSize(path: string, size: number, limits: BundleLimits): void {
  if (size > limits.maxFileBytes) {
    throw new WeftError(
      'E_FILE_TOO_LARGE',
      `${path}: ${size} bytes exceeds the ${limits.maxFileBytes}-byte file limit`,
      {
        path,
        size,
        limit: limits.maxFileBytes,
      },
    );
  }
}

function checkTotal(total: number, limits: BundleLimits): void {
  if (total > limits.maxBundleBytes) {
    throw new WeftError('E_BUNDLE_TOO_LARGE', `bundle exceeds the ${limits.maxBundleBytes}-byte limit`, {
      limit: limits.maxBundleBytes,
    });
  }
}

function tooMany(limits: BundleLimits): WeftError {
  return new WeftError('E_TOO_MANY_FILES', `bundle has more than ${limits.maxFiles} files`, {
    limit: limits.maxFiles,
  });
}

export function findFile(bundle: Bundle, path: string): BundleFile | undefined {
  return bundle.files.find((f) => f.path === path);
}
