import { lstat, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { fsyncDir, writeFileAtomic } from '../config/files.js';
import { WeftError } from '../errors.js';
import { checkPin, readTrustStore, withPin, writeTrustStore } from '../signing/trust.js';
import { readBundleDir } from '../skills/bundle.js';
import { withWorkdirLock } from '../skills/install-lock.js';
import {
  CLAWHUB_DIR,
  LockEntrySchema,
  type Lockfile,
  readLockfile,
  writeLockfile,
} from '../skills/lockfile.js';
import { validateSlug } from '../skills/manifest.js';
import { unsafePathReason } from '../skills/paths.js';

/**
 * Write-ahead intent journal for install, update and remove.
 *
 * A change touches three things that cannot be renamed together: the skill
 * folder, the lockfile and the trust store. So before the first of them
 * changes, the installer writes `.clawhub/intent.json` saying what the
 * folder looks like now (`before`) and what it will look like (`after`), each
 * as a bundle fingerprint plus the lock entry that describes it. The steps
 * are then: intent -> folder rename -> lockfile -> trust pin -> clear intent.
 *
 * The next command (under the workdir lock) settles a leftover intent by
 * looking at the folder, not at how far the dead process got: if the folder
 * has the `after` fingerprint it rolls forward (writes the lock entry and the
 * pin), if it has the `before` fingerprint it rolls back (keeps the old entry),
 * and either way it deletes the staging and aside dirs. A folder matching
 * neither is never guessed at: E_RECOVERY_NEEDED names both fingerprints and
 * the intent stays until a person decides.
 */

export const INTENT_NAME = 'intent.json';

/** `absent`, `unreadable` (not a valid bundle), or the folder's bundle fingerprint. */
const DirStateSchema = z.union([
  z.literal('absent'),
  z.literal('unreadable'),
  z.string().regex(/^[0-9a-f]{64}$/),
]);
export type DirState = z.output<typeof DirStateSchema>;

const SideSchema = z.strictObject({ state: DirStateSchema, entry: LockEntrySchema.nullable() });

export const IntentSchema = z.strictObject({
  version: z.literal(1),
  op: z.enum(['install', 'remove']),
  slug: z.string(),
  /** the skill folder, relative to the workdir */
  dir: z.string(),
  /** sibling dir names (`.<slug>.staging-*`, `.<slug>.old-*`, `.<slug>.removed-*`) */
  staging: z.string().optional(),
  aside: z.string().optional(),
  before: SideSchema,
  after: SideSchema,
  /** the TOFU pin to save once the new version is in place */
  pin: z
    .strictObject({
      trustFile: z.string(),
      registry: z.string(),
      publicKey: z.string(),
      publisher: z.string().optional(),
    })
    .optional(),
  pid: z.number().int(),
  startedAt: z.string(),
});
export type Intent = z.output<typeof IntentSchema>;

export interface Recovery {
  op: Intent['op'];
  slug: string;
  action: 'rolled-forward' | 'rolled-back';
  /** the version the lockfile now records (null: not installed) */
  version: string | null;
  message: string;
}

export function intentPath(workdir: string): string {
  return join(workdir, CLAWHUB_DIR, INTENT_NAME);
}

export async function dirState(dir: string): Promise<DirState> {
  const present = await lstat(dir).then(
    () => true,
    () => false,
  );
  if (!present) return 'absent';
  try {
    return (await readBundleDir(dir)).fingerprint;
  } catch {
    return 'unreadable';
  }
}

export async function writeIntent(workdir: string, intent: Intent): Promise<void> {
  await writeFileAtomic(intentPath(workdir), `${JSON.stringify(intent, null, 2)}\n`, 0o644);
}

export async function clearIntent(workdir: string): Promise<void> {
  await rm(intentPath(workdir), { force: true });
  await fsyncDir(join(workdir, CLAWHUB_DIR));
}

/** The pending intent, if any. A journal we cannot read is reported, never ignored or deleted. */
export async function readIntent(workdir: string): Promise<Intent | undefined> {
  const path = intentPath(workdir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WeftError('E_IO', `${path}: cannot read the install journal`, { path }, { cause: err });
  }
  let parsed: ReturnType<typeof IntentSchema.safeParse>;
  try {
    parsed = IntentSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = IntentSchema.safeParse(undefined);
  }
  const bad = (why: string) =>
    new WeftError(
      'E_RECOVERY_NEEDED',
      `${path}: the install journal is unreadable (${why}); check the skills it names with \`weft skill list\`, then delete it`,
      { path },
    );
  if (!parsed.success) throw bad(parsed.error.issues[0]?.message ?? 'invalid');
  const i = parsed.data;
  // The journal sits in a workdir that may come from anywhere: only trust names that stay beside the skill.
  try {
    validateSlug(i.slug);
  } catch {
    throw bad(`slug ${JSON.stringify(i.slug)}`);
  }
  if (unsafePathReason(i.dir) || i.dir.split('/').pop() !== i.slug) throw bad(`dir ${JSON.stringify(i.dir)}`);
  for (const n of [i.staging, i.aside]) {
    if (n !== undefined && (basename(n) !== n || !n.startsWith(`.${i.slug}.`)))
      throw bad(`sibling ${JSON.stringify(n)}`);
  }
  return i;
}

function versionOf(side: Intent['before']): string | null {
  return side.entry?.version ?? null;
}

function describe(i: Intent, action: Recovery['action']): string {
  const from = versionOf(i.before);
  const to = versionOf(i.after);
  const who = `(pid ${i.pid}, started ${i.startedAt})`;
  if (i.op === 'remove') {
    return action === 'rolled-forward'
      ? `finished an interrupted remove of ${i.slug} ${who}: the folder was gone, so its lock entry was removed`
      : `an interrupted remove of ${i.slug} ${who} had not moved the folder; ${i.slug}${from ? `@${from}` : ''} is still installed`;
  }
  return action === 'rolled-forward'
    ? `finished an interrupted install of ${i.slug}@${to} ${who}: the new files were in place, so the lockfile now records them`
    : from
      ? `rolled back an interrupted install of ${i.slug}@${to} ${who}: ${i.slug}@${from} is intact; run the install again`
      : `rolled back an interrupted install of ${i.slug}@${to} ${who}: nothing had been installed; run the install again`;
}

/**
 * Settle a leftover intent. Call with the workdir lock held. Returns what
 * was done, or undefined when there was nothing to recover.
 */
export async function recoverInterrupted(workdir: string): Promise<Recovery | undefined> {
  const intent = await readIntent(workdir);
  if (!intent) return undefined;
  const target = resolve(workdir, intent.dir);
  const parent = dirname(target);
  const aside = intent.aside ? join(parent, intent.aside) : undefined;
  let now = await dirState(target);
  // Killed between "old copy moved aside" and "staging renamed in": put the old copy back.
  if (intent.op === 'install' && now === 'absent' && aside && (await dirState(aside)) !== 'absent') {
    await rename(aside, target);
    await fsyncDir(parent);
    now = await dirState(target);
  }
  let action: Recovery['action'];
  if (now === intent.after.state) action = 'rolled-forward';
  else if (now === intent.before.state) action = 'rolled-back';
  else {
    const want = (s: DirState) => (s.length === 64 ? `fingerprint ${s.slice(0, 12)}` : s);
    throw new WeftError(
      'E_RECOVERY_NEEDED',
      `an interrupted ${intent.op} of ${intent.slug} (pid ${intent.pid}) left ${target} as ${want(now)}, which is neither the old state (${want(intent.before.state)}) nor the new one (${want(intent.after.state)}); nothing was changed. Inspect the folder; to accept it as it is, delete ${intentPath(workdir)}, after which \`weft skill install ${intent.slug} --force\` replaces it with a verified copy.`,
      { slug: intent.slug, path: target, state: now, before: intent.before.state, after: intent.after.state },
    );
  }
  const side = action === 'rolled-forward' ? intent.after : intent.before;
  const lock: Lockfile = await readLockfile(workdir);
  if (!isDeepStrictEqual(lock.skills[intent.slug] ?? null, side.entry)) {
    const { [intent.slug]: _old, ...rest } = lock.skills;
    await writeLockfile(workdir, {
      ...lock,
      skills: side.entry ? { ...rest, [intent.slug]: side.entry } : rest,
    });
  }
  if (action === 'rolled-forward' && intent.pin) await savePin(intent.slug, intent.pin);
  for (const n of [intent.staging, intent.aside]) {
    if (n) await rm(join(parent, n), { recursive: true, force: true });
  }
  await clearIntent(workdir);
  return {
    op: intent.op,
    slug: intent.slug,
    action,
    version: versionOf(side),
    message: describe(intent, action),
  };
}

export async function savePin(slug: string, pin: NonNullable<Intent['pin']>): Promise<void> {
  const store = await readTrustStore(pin.trustFile);
  if (checkPin(store, pin.registry, slug, pin.publicKey).status === 'match') return;
  await writeTrustStore(withPin(store, pin.registry, slug, pin.publicKey, pin.publisher), pin.trustFile);
}

/**
 * The workdir lock, then recovery of anything a killed run left behind, then
 * `body` with the settled lockfile. Every command that changes a workdir
 * goes through here.
 */
export async function withSettledWorkdir<T>(
  workdir: string,
  onRecover: ((r: Recovery) => void) | undefined,
  body: (lock: Lockfile) => Promise<T>,
): Promise<T> {
  return withWorkdirLock(workdir, async () => {
    // Validate the lockfile first: a corrupt one stops the run before recovery touches anything.
    await readLockfile(workdir);
    const r = await recoverInterrupted(workdir);
    if (r) onRecover?.(r);
    return body(await readLockfile(workdir));
  });
}
