import { randomBytes } from 'node:crypto';
import { lstat, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import semver from 'semver';
import { fsyncDir } from '../config/files.js';
import { toWeftError, WeftError } from '../errors.js';
import { withWorkdirLock } from '../skills/install-lock.js';
import { type LockEntry, lockfilePath, readLockfile, writeLockfile } from '../skills/lockfile.js';
import { validateSlug } from '../skills/manifest.js';
import { unsafePathReason } from '../skills/paths.js';
import type { HubClient } from './client.js';
import {
  type InstallDeps,
  type InstallResult,
  installLocked,
  localFingerprint,
  resolveVersion,
} from './install.js';
import {
  clearIntent,
  dirState,
  type Recovery,
  readIntent,
  recoverInterrupted,
  withSettledWorkdir,
  writeIntent,
} from './journal.js';
import { pauseForTest } from './test-pause.js';

/** update, remove and list: the lifecycle of installed skills, all read from the lockfile. */

export interface WorkdirRequest {
  workdir: string;
}

/**
 * Where a lock entry's skill lives. The lockfile may come from anywhere (a
 * cloned repo), so its `dir` is only trusted as a safe relative path ending
 * in the slug; anything else could point `remove` at an arbitrary folder.
 */
export function entryDir(workdir: string, slug: string, entry: LockEntry): string {
  validateSlug(slug);
  const rel = entry.dir ?? `skills/${slug}`;
  if (unsafePathReason(rel) || rel.split('/').pop() !== slug) {
    throw new WeftError(
      'E_LOCKFILE_CORRUPT',
      `${lockfilePath(workdir)}: skills.${slug}.dir ${JSON.stringify(rel)} must be a relative path inside the workdir ending in /${slug}`,
      { slug, dir: rel },
    );
  }
  return resolve(workdir, rel);
}

export interface UpdateRequest extends WorkdirRequest {
  /** Slugs to update; empty means every skill in the lockfile. */
  slugs: string[];
  force?: boolean;
  allowUnsigned?: boolean;
}

export type UpdateOutcome =
  | { slug: string; ok: true; result: InstallResult }
  | { slug: string; ok: false; error: { code: string; message: string } };

/**
 * Move installed skills to their registry's `latest`. Never downgrades, and
 * refuses to overwrite a skill whose files changed since install (fingerprint
 * differs from the lockfile) unless forced. With several skills, one failure
 * does not stop the rest; each gets its own outcome.
 */
export async function updateSkills(req: UpdateRequest, deps: InstallDeps): Promise<UpdateOutcome[]> {
  const workdir = resolve(req.workdir);
  return withSettledWorkdir(workdir, deps.onRecover, async (settled) => {
    let lock = settled;
    const slugs = req.slugs.length > 0 ? req.slugs.map(validateSlug) : Object.keys(lock.skills).sort();
    const out: UpdateOutcome[] = [];
    for (const slug of slugs) {
      try {
        const entry = lock.skills[slug];
        if (!entry) throw new WeftError('E_NOT_FOUND', `${slug} is not installed in ${workdir}`, { slug });
        const latest = await resolveVersion(deps.client, slug, {});
        const installed = entry.version;
        const dir = entryDir(workdir, slug, entry);
        if (
          installed &&
          semver.valid(installed) &&
          semver.valid(latest) &&
          !semver.gt(latest, installed) &&
          !req.force
        ) {
          const local = await localFingerprint(dir);
          if (entry.fingerprint && local !== entry.fingerprint) {
            throw new WeftError(
              'E_LOCAL_EDITS',
              `${dir} was edited after install; it is at the latest version, so nothing was changed`,
              { path: dir },
            );
          }
          out.push({ slug, ok: true, result: unchanged(slug, entry, dir) });
          continue;
        }
        const result = await installLocked(
          {
            slug,
            version: latest,
            workdir,
            dir: dirname(dir),
            force: req.force,
            allowUnsigned: req.allowUnsigned,
          },
          lock,
          deps,
        );
        out.push({ slug, ok: true, result });
        lock = await readLockfile(workdir);
      } catch (err) {
        const e = toWeftError(err);
        if (e.code === 'E_ABORTED' || slugs.length === 1) throw e;
        out.push({ slug, ok: false, error: { code: e.code, message: e.message } });
      }
    }
    return out;
  });
}

function unchanged(slug: string, entry: LockEntry, dir: string): InstallResult {
  return {
    slug,
    version: entry.version ?? '',
    previousVersion: entry.version,
    dir,
    fingerprint: entry.fingerprint ?? '',
    signed: Boolean(entry.signature),
    keyId: entry.keyId ?? null,
    publisher: entry.publisher ?? null,
    pin: entry.publicKey ? 'match' : 'none',
    scan: entry.scan ?? { verdict: 'pass', findings: 0, scannedAt: entry.installedAt },
    status: 'unchanged',
    warnings: [],
  };
}

export interface RemoveRequest extends WorkdirRequest {
  slug: string;
  force?: boolean;
  onRecover?: (r: Recovery) => void;
}

/** Remove an installed skill: the folder goes first (moved aside, then deleted), then its lock entry. */
export async function removeSkill(
  req: RemoveRequest,
): Promise<{ slug: string; version: string | null; dir: string; removed: boolean }> {
  const slug = validateSlug(req.slug);
  const workdir = resolve(req.workdir);
  return withSettledWorkdir(workdir, req.onRecover, async (lock) => {
    const entry = lock.skills[slug];
    if (!entry) throw new WeftError('E_NOT_FOUND', `${slug} is not installed in ${workdir}`, { slug });
    const dir = entryDir(workdir, slug, entry);
    const present = await lstat(dir).then(
      () => true,
      () => false,
    );
    if (present && entry.fingerprint && !req.force) {
      const local = await localFingerprint(dir);
      if (local !== entry.fingerprint) {
        throw new WeftError(
          'E_LOCAL_EDITS',
          `${dir} was edited after install; pass --force to remove it with the edits`,
          { path: dir },
        );
      }
    }
    if (present && !(await looksLikeSkill(dir))) {
      throw new WeftError(
        'E_CONFLICT',
        `${dir} has no SKILL.md or .clawhub/origin.json; refusing to delete it`,
        {
          path: dir,
        },
      );
    }
    if (present) {
      // Journal, then rename first so a kill mid-delete never leaves a half
      // skill under its real name; the next command finishes the job (journal.ts).
      const aside = `.${slug}.removed-${randomBytes(6).toString('hex')}`;
      await writeIntent(workdir, {
        version: 1,
        op: 'remove',
        slug,
        dir: relative(workdir, dir).split('\\').join('/'),
        aside,
        before: { state: await dirState(dir), entry },
        after: { state: 'absent', entry: null },
        pid: process.pid,
        startedAt: new Date().toISOString(),
      });
      await pauseForTest('intent-written', slug);
      await rename(dir, join(dirname(dir), aside));
      await fsyncDir(dirname(dir));
      await pauseForTest('moved-aside', slug);
      await rm(join(dirname(dir), aside), { recursive: true, force: true });
      await pauseForTest('aside-deleted', slug);
    }
    const { [slug]: _gone, ...rest } = lock.skills;
    await writeLockfile(workdir, { ...lock, skills: rest });
    if (present) {
      await pauseForTest('lockfile-written', slug);
      await clearIntent(workdir);
    }
    return { slug, version: entry.version, dir, removed: present };
  });
}

export interface InstalledSkill {
  slug: string;
  version: string | null;
  dir: string;
  registry: string | null;
  keyId: string | null;
  signed: boolean;
  verdict: string | null;
  /** present | missing | modified (fingerprint differs from the lockfile) | unverified (no recorded fingerprint) */
  state: 'present' | 'missing' | 'modified' | 'unverified';
  latest: string | null;
  updateAvailable: boolean | null;
}

/** The lockfile joined with the disk (and, given a client, the registry's latest; lookups that fail read as unknown). */
export async function listInstalled(
  req: WorkdirRequest & { onRecover?: (r: Recovery) => void },
  client?: HubClient,
): Promise<InstalledSkill[]> {
  const workdir = resolve(req.workdir);
  await settleIfIdle(workdir, req.onRecover);
  const lock = await readLockfile(workdir);
  const out: InstalledSkill[] = [];
  for (const [slug, entry] of Object.entries(lock.skills).sort(([a], [b]) => a.localeCompare(b, 'en'))) {
    const dir = entryDir(workdir, slug, entry);
    const present = await lstat(dir).then(
      () => true,
      () => false,
    );
    let state: InstalledSkill['state'] = present ? 'present' : 'missing';
    if (present && !entry.fingerprint) state = 'unverified';
    else if (present && (await localFingerprint(dir)) !== entry.fingerprint) state = 'modified';
    let latest: string | null = null;
    if (client) latest = await resolveVersion(client, slug, {}).catch(() => null);
    const updateAvailable =
      latest && entry.version && semver.valid(latest) && semver.valid(entry.version)
        ? semver.gt(latest, entry.version)
        : null;
    out.push({
      slug,
      version: entry.version,
      dir,
      registry: entry.registry ?? null,
      keyId: entry.keyId ?? null,
      signed: Boolean(entry.signature),
      verdict: entry.scan?.verdict ?? null,
      state,
      latest,
      updateAvailable,
    });
  }
  return out;
}

async function looksLikeSkill(dir: string): Promise<boolean> {
  for (const f of ['SKILL.md', join('.clawhub', 'origin.json')]) {
    if (
      await lstat(join(dir, f)).then(
        (st) => st.isFile(),
        () => false,
      )
    )
      return true;
  }
  return false;
}

/**
 * `list` reads without the workdir lock, but when a killed run left a journal
 * and nobody holds the lock, it settles it first so what it shows is true.
 * While another install runs (lock held) the journal is that run's own.
 */
async function settleIfIdle(workdir: string, onRecover?: (r: Recovery) => void): Promise<void> {
  if (!(await readIntent(workdir))) return;
  try {
    const r = await withWorkdirLock(workdir, () => recoverInterrupted(workdir));
    if (r) onRecover?.(r);
  } catch (err) {
    if (toWeftError(err).code !== 'E_LOCKED') throw err;
  }
}
