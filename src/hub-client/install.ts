import { randomBytes } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { statePaths } from '../config/paths.js';
import { WeftError } from '../errors.js';
import { keyIdOf } from '../signing/keys.js';
import { checkPin, readTrustStore } from '../signing/trust.js';
import { readBundleDir } from '../skills/bundle.js';
import { writeBundleAtomic } from '../skills/extract.js';
import { manifestOf } from '../skills/load.js';
import {
  type LockEntry,
  type Lockfile,
  originJson,
  type ScanRecord,
  writeLockfile,
} from '../skills/lockfile.js';
import { validateSlug } from '../skills/manifest.js';
import type { HubClient } from './client.js';
import {
  clearIntent,
  dirState,
  type Intent,
  type Recovery,
  recoverInterrupted,
  savePin,
  withSettledWorkdir,
  writeIntent,
} from './journal.js';
import { findingLines, type ScanFn, type ScanOutcome } from './scan.js';
import type { VersionDetail } from './schemas.js';
import { pauseForTest } from './test-pause.js';
import { downloadVerified } from './verify.js';

/**
 * Install pipeline: resolve -> download -> verify (fingerprint three ways,
 * signature, TOFU pin) -> scan -> stage and rename -> record. Nothing on disk
 * changes before every check has passed, and the rename is the single
 * commit point, so a failure or Ctrl-C at any step leaves the previous
 * install as it was.
 */

export type InstallPhase = 'resolve' | 'download' | 'verify' | 'scan' | 'stage' | 'record';

export interface InstallEvent {
  phase: InstallPhase;
  slug: string;
  version?: string;
  written?: number;
  total?: number;
}

export type ConfirmRequest =
  | { kind: 'key-change'; slug: string; pinnedKeyId: string; newKeyId: string; publisher?: string }
  | { kind: 'unsigned'; slug: string; version: string }
  | { kind: 'warn'; slug: string; version: string; findings: number };

export interface InstallDeps {
  client: HubClient;
  scan: ScanFn;
  /** Asked before re-pinning a changed publisher key; absent means "no". */
  confirm?: (req: ConfirmRequest) => Promise<boolean>;
  trustFile?: string;
  signal?: AbortSignal;
  onProgress?: (ev: InstallEvent) => void;
  /** Told when the run first settled an install or remove that a killed process left half recorded. */
  onRecover?: (r: Recovery) => void;
  now?: () => Date;
}

export interface InstallRequest {
  slug: string;
  version?: string;
  tag?: string;
  /** Where `.clawhub/lock.json` lives. */
  workdir: string;
  /** Skills dir, relative to workdir unless absolute (default `skills`). */
  dir?: string;
  /** Override a `block` verdict, local edits, and an existing unmanaged folder. */
  force?: boolean;
  allowUnsigned?: boolean;
}

export interface InstallResult {
  slug: string;
  version: string;
  previousVersion: string | null;
  dir: string;
  fingerprint: string;
  signed: boolean;
  keyId: string | null;
  publisher: string | null;
  pin: 'new' | 'match' | 'repinned' | 'none';
  scan: ScanRecord;
  status: 'installed' | 'updated' | 'unchanged';
  warnings: string[];
}

/**
 * The skills dir must sit inside the workdir: the lockfile records install
 * dirs relative to it, and `remove` deletes what the lockfile names, so a
 * path that could leave the workdir is refused here and when read back.
 */
export function skillsDirOf(req: { workdir: string; dir?: string }): string {
  const d = req.dir ?? 'skills';
  const abs = isAbsolute(d) ? resolve(d) : resolve(req.workdir, d);
  const rel = relative(resolve(req.workdir), abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new WeftError(
      'E_USAGE',
      `--dir ${d} must be a folder inside the workdir ${req.workdir} (use --workdir)`,
      {
        dir: d,
      },
    );
  }
  return abs;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new WeftError('E_ABORTED', 'interrupted; nothing was changed');
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Which version a request means: an explicit version, else the tag (default `latest`). */
export async function resolveVersion(
  client: HubClient,
  slug: string,
  ref: { version?: string; tag?: string },
): Promise<string> {
  if (ref.version) return ref.version;
  const detail = await client.skill(slug);
  const tag = ref.tag ?? 'latest';
  const v = detail.tags[tag] ?? (tag === 'latest' ? detail.latestVersion : undefined);
  if (!v) {
    throw new WeftError('E_NOT_FOUND', `${slug} has no version tagged ${JSON.stringify(tag)}`, { slug, tag });
  }
  return v;
}

/** A bundle's fingerprint on disk, or undefined when the folder cannot be read as a bundle. */
export async function localFingerprint(dir: string): Promise<string | undefined> {
  try {
    return (await readBundleDir(dir)).fingerprint;
  } catch {
    return undefined;
  }
}

function scanRecord(outcome: ScanOutcome, detail: VersionDetail, now: Date, forced: boolean): ScanRecord {
  const rec: ScanRecord = { verdict: outcome.verdict, findings: outcome.findings, scannedAt: now.getTime() };
  const registryVerdict = detail.scan?.verdict ?? detail.verdict;
  if (registryVerdict) rec.registryVerdict = registryVerdict;
  if (forced) rec.forced = true;
  return rec;
}

export async function installSkill(req: InstallRequest, deps: InstallDeps): Promise<InstallResult> {
  const slug = validateSlug(req.slug);
  const workdir = resolve(req.workdir);
  // The lockfile is read (and so validated) before anything else: a corrupt
  // one stops the run with every installed skill untouched.
  return withSettledWorkdir(workdir, deps.onRecover, (lock) =>
    installLocked({ ...req, slug, workdir }, lock, deps),
  );
}

export async function installLocked(
  req: InstallRequest,
  lock: Lockfile,
  deps: InstallDeps,
): Promise<InstallResult> {
  const { client, signal } = deps;
  const now = deps.now ?? (() => new Date());
  const slug = req.slug;
  const target = join(skillsDirOf(req), slug);
  const warnings: string[] = [];
  const prior: LockEntry | undefined = lock.skills[slug];

  throwIfAborted(signal);
  deps.onProgress?.({ phase: 'resolve', slug });
  const version = await resolveVersion(client, slug, req);

  const targetExists = await exists(target);
  if (targetExists) {
    if (!prior && !req.force) {
      throw new WeftError(
        'E_CONFLICT',
        `${target} exists but was not installed by weft or clawhub; move it away or pass --force`,
        { path: target },
      );
    }
    if (prior?.fingerprint) {
      const local = await localFingerprint(target);
      if (local !== prior.fingerprint && !req.force) {
        throw new WeftError(
          'E_LOCAL_EDITS',
          `${target} was edited after install (fingerprint ${local?.slice(0, 12) ?? 'unreadable'}, installed ${prior.fingerprint.slice(0, 12)}); pass --force to discard the edits`,
          { path: target, installed: prior.fingerprint, local },
        );
      }
      if (local === prior.fingerprint && prior.version === version && !req.force) {
        return {
          slug,
          version,
          previousVersion: prior.version,
          dir: target,
          fingerprint: prior.fingerprint,
          signed: Boolean(prior.signature),
          keyId: prior.keyId ?? null,
          publisher: prior.publisher ?? null,
          pin: prior.publicKey ? 'match' : 'none',
          scan: prior.scan ?? { verdict: 'pass', findings: 0, scannedAt: prior.installedAt },
          status: 'unchanged',
          warnings,
        };
      }
    }
  }

  const dl = await downloadVerified(client, slug, version, {
    allowUnsigned: req.allowUnsigned,
    signal,
    onProgress: deps.onProgress,
  });
  const { bundle, detail } = dl;
  if (!dl.signature) warnings.push(`${slug}@${version} is UNSIGNED: its origin is not verified`);

  // TOFU: the first verified install pins the key; a different key later is refused unless confirmed.
  const trustFile = deps.trustFile ?? statePaths().trustFile;
  const store = await readTrustStore(trustFile);
  let pin: InstallResult['pin'] = 'none';
  if (dl.signature) {
    const check = checkPin(store, client.registry, slug, dl.signature.publicKey);
    pin = check.status === 'changed' ? 'repinned' : check.status;
    if (check.status === 'changed') {
      const ok = await (deps.confirm?.({
        kind: 'key-change',
        slug,
        pinnedKeyId: check.pin.keyId,
        newKeyId: dl.signature.keyId,
        publisher: detail.publisher,
      }) ?? Promise.resolve(false));
      if (!ok) {
        throw new WeftError(
          'E_KEY_CHANGED',
          `publisher key for ${slug} changed: pinned ${check.pin.keyId}, ${version} is signed by ${dl.signature.keyId}; not installed (re-run interactively and confirm only if you trust the new key)`,
          { slug, pinned: check.pin.keyId, got: dl.signature.keyId },
        );
      }
      warnings.push(`re-pinned ${slug} from key ${check.pin.keyId} to ${dl.signature.keyId}`);
    }
  }

  throwIfAborted(signal);
  deps.onProgress?.({ phase: 'scan', slug, version });
  const manifest = manifestOf(bundle, `${slug}@${version}:SKILL.md`);
  const outcome = await deps.scan(bundle, manifest);
  if (outcome.verdict === 'block' && !req.force) {
    throw new WeftError(
      'E_SCAN_BLOCKED',
      `${slug}@${version}: the security scan blocked this skill (${outcome.findings} findings); not installed. --force overrides.${findingLines(outcome)}`,
      { slug, version, findings: outcome.summary },
    );
  }
  if (outcome.verdict === 'block')
    warnings.push(`${slug}@${version} installed despite a block verdict (--force)`);
  if (outcome.verdict === 'warn')
    warnings.push(`${slug}@${version}: scan verdict warn (${outcome.findings} findings)`);
  const installedAt = now();
  const scan = scanRecord(outcome, detail, installedAt, outcome.verdict === 'block');

  throwIfAborted(signal);
  const origin = {
    version: 1 as const,
    registry: client.registry,
    slug,
    ...(detail.publisher ? { ownerHandle: detail.publisher } : {}),
    installedVersion: version,
    installedAt: installedAt.getTime(),
    fingerprint: bundle.fingerprint,
    ...(dl.signature
      ? { signature: dl.signature.signature, publicKey: dl.signature.publicKey, keyId: dl.signature.keyId }
      : {}),
    scan,
  };
  const entry: LockEntry = {
    ...(prior?.pinned !== undefined ? { pinned: prior.pinned } : {}),
    ...(prior?.pinReason !== undefined ? { pinReason: prior.pinReason } : {}),
    version,
    installedAt: installedAt.getTime(),
    registry: client.registry,
    dir: relative(req.workdir, target).split('\\').join('/'),
    fingerprint: bundle.fingerprint,
    ...(dl.signature
      ? { signature: dl.signature.signature, publicKey: dl.signature.publicKey, keyId: dl.signature.keyId }
      : {}),
    ...(detail.publisher ? { publisher: detail.publisher } : {}),
    scan,
  };

  // Journal first (journal.ts): a kill at any later step is settled by the next command.
  const tag = randomBytes(6).toString('hex');
  const intent: Intent = {
    version: 1,
    op: 'install',
    slug,
    dir: entry.dir!,
    staging: `.${slug}.staging-${tag}`,
    aside: `.${slug}.old-${tag}`,
    before: { state: targetExists ? await dirState(target) : 'absent', entry: prior ?? null },
    after: { state: bundle.fingerprint, entry },
    ...(dl.signature && pin !== 'match'
      ? {
          pin: {
            trustFile,
            registry: client.registry,
            publicKey: dl.signature.publicKey,
            ...(detail.publisher ? { publisher: detail.publisher } : {}),
          },
        }
      : {}),
    pid: process.pid,
    startedAt: installedAt.toISOString(),
  };
  await writeIntent(req.workdir, intent);
  await pauseForTest('intent-written', slug);
  deps.onProgress?.({ phase: 'stage', slug, version, written: 0, total: bundle.files.length + 1 });
  try {
    await writeBundleAtomic(bundle, target, {
      replace: targetExists,
      extraFiles: [{ path: '.clawhub/origin.json', bytes: originJson(origin) }],
      signal,
      tag,
      onStep: (step) => pauseForTest(step, slug),
      onProgress: (written, total) => deps.onProgress?.({ phase: 'stage', slug, version, written, total }),
    });
  } catch (err) {
    // writeBundleAtomic already put the old folder back; settling the journal
    // now clears it. If even that fails, the journal stays for the next
    // command to report, and the user sees the original error.
    await recoverInterrupted(req.workdir).catch(() => undefined);
    throw err;
  }

  // The rename above is the commit point; what follows records it, in journal order.
  await pauseForTest('dir-committed', slug);
  deps.onProgress?.({ phase: 'record', slug, version });
  await writeLockfile(req.workdir, { ...lock, skills: { ...lock.skills, [slug]: entry } });
  await pauseForTest('lockfile-written', slug);
  if (intent.pin) await savePin(slug, intent.pin);
  await pauseForTest('pinned', slug);
  await clearIntent(req.workdir);
  try {
    await client.recordInstall(slug, version);
  } catch (err) {
    warnings.push(`could not record the install with the registry: ${(err as Error).message}`);
  }
  return {
    slug,
    version,
    previousVersion: prior?.version ?? null,
    dir: target,
    fingerprint: bundle.fingerprint,
    signed: Boolean(dl.signature),
    keyId: dl.signature ? keyIdOf(dl.signature.publicKey) : null,
    publisher: detail.publisher ?? null,
    pin,
    scan,
    status: prior ? 'updated' : 'installed',
    warnings,
  };
}
