import { constants } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { WeftError } from '../errors.js';
import { CLAWHUB_DIR } from './lockfile.js';

/**
 * One installer per workdir at a time: installs read-modify-write the
 * lockfile and rename skill dirs, and two interleaved runs would lose an
 * entry or race on the same target. The lock is a file created with O_EXCL
 * holding the owner's pid; a lock whose process is gone (same host) is stale
 * and taken over.
 */

export const INSTALL_LOCK_NAME = 'install.lock';

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    await fh.writeFile(JSON.stringify(owner));
    await fh.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export async function withWorkdirLock<T>(workdir: string, body: () => Promise<T>): Promise<T> {
  const dir = join(workdir, CLAWHUB_DIR);
  await mkdir(dir, { recursive: true });
  const path = join(dir, INSTALL_LOCK_NAME);
  let acquired = await tryCreate(path);
  if (!acquired) {
    const owner = await readFile(path, 'utf8')
      .then((t) => JSON.parse(t) as Partial<LockOwner>)
      .catch(() => undefined);
    const stale = owner && typeof owner.pid === 'number' && owner.host === hostname() && !alive(owner.pid);
    if (stale) {
      await rm(path, { force: true });
      acquired = await tryCreate(path);
    }
    if (!acquired) {
      throw new WeftError(
        'E_LOCKED',
        `another weft install is running in ${workdir}${owner?.pid ? ` (pid ${owner.pid})` : ''}; wait for it, or remove ${path} if it crashed`,
        { path, pid: owner?.pid },
      );
    }
  }
  try {
    return await body();
  } finally {
    await rm(path, { force: true });
  }
}
