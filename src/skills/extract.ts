import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from '../config/files.js';
import { WeftError } from '../errors.js';
import type { Bundle } from './bundle.js';
import { assertSafeRelPath } from './paths.js';

export interface WriteBundleOptions {
  replace?: boolean;
  /** Files written next to the bundle in the same atomic step (e.g. `.clawhub/origin.json`); dot-paths allowed. */
  extraFiles?: { path: string; bytes: Uint8Array }[];
  /** Checked before every file and before the rename: an abort leaves `target` as it was. */
  signal?: AbortSignal;
  /** Called after each staged file; a throw aborts the install like a failed write would. */
  onProgress?: (written: number, total: number) => void | Promise<void>;
  /** Names the staging (`.<name>.staging-<tag>`) and aside (`.<name>.old-<tag>`) dirs, so a journal can record them. */
  tag?: string;
  /** Called between the commit steps (after staging, after moving the old copy aside, after the rename). */
  onStep?: (step: 'staged' | 'old-moved-aside' | 'renamed') => void | Promise<void>;
}

/**
 * Materialise a verified bundle at `target` atomically: write everything into
 * a fresh sibling staging dir, then rename. On any failure the staging dir is
 * removed and `target` (old version or nothing) is left as it was.
 * With `replace`, the old target is moved aside first and restored if the
 * final rename fails.
 */
export async function writeBundleAtomic(
  bundle: Bundle,
  target: string,
  opts: WriteBundleOptions = {},
): Promise<void> {
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const existing = await lstat(target).catch(() => undefined);
  if (existing && !opts.replace) {
    throw new WeftError('E_CONFLICT', `${target} already exists`, { path: target });
  }
  if (existing?.isSymbolicLink())
    throw new WeftError('E_SYMLINK', `${target} is a symlink; refusing to replace it`);
  const tag = opts.tag ?? randomBytes(6).toString('hex');
  const staging = join(parent, `.${basename(target)}.staging-${tag}`);
  await mkdir(staging, { mode: 0o755 });
  const files: { path: string; bytes: Uint8Array; executable?: boolean }[] = [
    ...bundle.files,
    ...(opts.extraFiles ?? []).map((f) => ({ path: assertSafeRelPath(f.path), bytes: f.bytes })),
  ];
  try {
    let written = 0;
    for (const f of files) {
      throwIfAborted(opts.signal);
      const dest = join(staging, ...f.path.split('/'));
      await mkdir(dirname(dest), { recursive: true, mode: 0o755 });
      // O_EXCL|O_NOFOLLOW: the staging dir is ours and fresh; anything already there is an attack.
      const fh = await open(
        dest,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        f.executable ? 0o755 : 0o644,
      );
      try {
        await fh.writeFile(f.bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await opts.onProgress?.(++written, files.length);
    }
    await fsyncDir(staging);
    throwIfAborted(opts.signal);
    await opts.onStep?.('staged');
    if (existing) {
      const aside = join(parent, `.${basename(target)}.old-${tag}`);
      await rename(target, aside);
      await opts.onStep?.('old-moved-aside');
      try {
        await rename(staging, target);
      } catch (err) {
        await rename(aside, target);
        throw err;
      }
      await fsyncDir(parent);
      await opts.onStep?.('renamed');
      await rm(aside, { recursive: true, force: true });
    } else {
      await rename(staging, target);
      await fsyncDir(parent);
      await opts.onStep?.('renamed');
    }
    await fsyncDir(parent);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WeftError('E_ABORTED', 'interrupted; the previous version is intact');
}
