import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from '../config/files.js';
import { WeftError } from '../errors.js';
import type { Bundle } from './bundle.js';

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
  opts: { replace?: boolean } = {},
): Promise<void> {
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const existing = await lstat(target).catch(() => undefined);
  if (existing && !opts.replace) {
    throw new WeftError('E_CONFLICT', `${target} already exists`, { path: target });
  }
  if (existing?.isSymbolicLink())
    throw new WeftError('E_SYMLINK', `${target} is a symlink; refusing to replace it`);
  const tag = randomBytes(6).toString('hex');
  const staging = join(parent, `.${basename(target)}.staging-${tag}`);
  await mkdir(staging, { mode: 0o755 });
  try {
    for (const f of bundle.files) {
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
    }
    await fsyncDir(staging);
    if (existing) {
      const aside = join(parent, `.${basename(target)}.old-${tag}`);
      await rename(target, aside);
      try {
        await rename(staging, target);
      } catch (err) {
        await rename(aside, target);
        throw err;
      }
      await rm(aside, { recursive: true, force: true });
    } else {
      await rename(staging, target);
    }
    await fsyncDir(parent);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
