import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../config/files.js';
import { WeftError } from '../errors.js';

/**
 * The install record, in ClawHub's formats so the `clawhub` CLI and weft can
 * share a workdir:
 *  - `<workdir>/.clawhub/lock.json`: `{version: 1, skills: {<slug>: {version, installedAt}}}`
 *    (ClawHub ignores keys it does not know, so weft's fields ride along).
 *  - `<skill dir>/.clawhub/origin.json`: `{version: 1, registry, slug, installedVersion, installedAt, ...}`.
 * `installedAt` is epoch milliseconds, as ClawHub writes it.
 */

export const CLAWHUB_DIR = '.clawhub';
export const LOCKFILE_NAME = 'lock.json';
export const ORIGIN_NAME = 'origin.json';

export const ScanRecordSchema = z.looseObject({
  verdict: z.enum(['pass', 'warn', 'block']),
  findings: z.number().int().nonnegative(),
  /** The hub's verdict for the same version, when it sent one. */
  registryVerdict: z.enum(['pass', 'warn', 'block']).optional(),
  scannedAt: z.number(),
  forced: z.boolean().optional(),
});
export type ScanRecord = z.output<typeof ScanRecordSchema>;

/** weft's additions to a ClawHub lock entry (all optional: entries written by `clawhub` lack them). */
const WeftLockFields = {
  registry: z.string().optional(),
  /** Install dir relative to the workdir (ClawHub's default is skills/<slug>). */
  dir: z.string().optional(),
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** base64 Ed25519 signature over SPEC §4's message; absent for --allow-unsigned installs. */
  signature: z.string().optional(),
  publicKey: z.string().optional(),
  keyId: z.string().optional(),
  publisher: z.string().optional(),
  scan: ScanRecordSchema.optional(),
};

export const LockEntrySchema = z.looseObject({
  version: z.string().nullable(),
  installedAt: z.number(),
  pinned: z.boolean().optional(),
  pinReason: z.string().optional(),
  ...WeftLockFields,
});
export type LockEntry = z.output<typeof LockEntrySchema>;

export const LockfileSchema = z.looseObject({
  version: z.literal(1),
  skills: z.record(z.string(), LockEntrySchema),
});
export type Lockfile = z.output<typeof LockfileSchema>;

export const OriginSchema = z.looseObject({
  version: z.literal(1),
  registry: z.string(),
  slug: z.string(),
  ownerHandle: z.string().optional(),
  installedVersion: z.string(),
  installedAt: z.number(),
  fingerprint: z.string().optional(),
  signature: z.string().optional(),
  publicKey: z.string().optional(),
  keyId: z.string().optional(),
  scan: ScanRecordSchema.optional(),
});
export type SkillOrigin = z.output<typeof OriginSchema>;

export function lockfilePath(workdir: string): string {
  return join(workdir, CLAWHUB_DIR, LOCKFILE_NAME);
}

export function originPath(skillDir: string): string {
  return join(skillDir, CLAWHUB_DIR, ORIGIN_NAME);
}

/**
 * Read the lockfile. Missing means empty. Anything unparseable is an error,
 * never silently treated as empty: rewriting it would forget every install.
 */
export async function readLockfile(workdir: string): Promise<Lockfile> {
  const path = lockfilePath(workdir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, skills: {} };
    throw new WeftError('E_IO', `${path}: cannot read lockfile`, { path }, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new WeftError(
      'E_LOCKFILE_CORRUPT',
      `${path}: not valid JSON (${(err as Error).message}); fix it by hand or restore it from version control. Installed skills were not touched.`,
      { path },
    );
  }
  const parsed = LockfileSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const where = i?.path.length ? `${i.path.join('.')}: ` : '';
    throw new WeftError(
      'E_LOCKFILE_CORRUPT',
      `${path}: ${where}${i?.message ?? 'invalid'}; fix it by hand or restore it. Installed skills were not touched.`,
      { path },
    );
  }
  return parsed.data;
}

export async function writeLockfile(workdir: string, lock: Lockfile): Promise<void> {
  const sorted: Lockfile = {
    ...lock,
    skills: Object.fromEntries(Object.entries(lock.skills).sort(([a], [b]) => a.localeCompare(b, 'en'))),
  };
  await writeFileAtomic(lockfilePath(workdir), `${JSON.stringify(sorted, null, 2)}\n`, 0o644);
}

export function originJson(origin: SkillOrigin): Uint8Array {
  return Buffer.from(`${JSON.stringify(origin, null, 2)}\n`, 'utf8');
}

/** Origin files are advisory (the lockfile is the record), so an unreadable one is just absent. */
export async function readOrigin(skillDir: string): Promise<SkillOrigin | undefined> {
  try {
    const parsed = OriginSchema.safeParse(JSON.parse(await readFile(originPath(skillDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
