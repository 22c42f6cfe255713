import { pinKey } from '../../../signing/trust.js';
import type { AuditCheck } from '../check.js';
import type { InstalledSkill, Snapshot } from '../snapshot.js';

/** Installed skills: signature, pinned key, forced verdicts, local drift. */

function pinFor(s: Snapshot, sk: InstalledSkill) {
  const pins = s.trustStore?.pins ?? {};
  if (sk.lock?.registry) return pins[pinKey(sk.lock.registry, sk.slug)];
  return Object.entries(pins).find(([k]) => k.endsWith(`::${sk.slug}`))?.[1];
}

const where = (sk: InstalledSkill) => ({ path: sk.path });

export const skillChecks: AuditCheck[] = [
  {
    id: 'skills.not_in_lockfile',
    severity: 'medium',
    title: 'Skill installed without a lockfile entry',
    fix: 'Reinstall it with weft skill install so its fingerprint, signature and scan are recorded.',
    fixable: false,
    run: (s) =>
      s.skills
        .filter((k) => !k.lock && !k.readError)
        .map((k) => ({ ...where(k), detail: `${k.slug} was copied in, not installed` })),
  },
  {
    id: 'skills.unsigned_installed',
    severity: 'high',
    title: 'Unsigned skill installed',
    fix: 'Ask the publisher to sign it, or remove it; nothing proves who wrote it.',
    fixable: false,
    run: (s) =>
      s.skills
        .filter((k) => k.lock && (!k.lock.signature || !k.lock.publicKey))
        .map((k) => ({ ...where(k), detail: `${k.slug}@${k.lock?.version ?? '?'} has no signature` })),
  },
  {
    id: 'skills.key_unpinned',
    severity: 'medium',
    title: 'Publisher key not pinned',
    fix: 'Pin it (weft security harden does this from the lockfile) so a later key change is noticed.',
    fixable: true,
    run: (s) =>
      s.skills
        .filter((k) => k.lock?.publicKey && !pinFor(s, k))
        .map((k) => ({
          ...where(k),
          detail: `${k.slug}: key ${k.lock?.publicKey?.slice(0, 12)}… is not in trust.json`,
        })),
  },
  {
    id: 'skills.key_mismatch_pin',
    severity: 'high',
    title: 'Installed skill is signed by a key other than the pinned one',
    fix: 'Verify with the publisher; reinstall from the registry or remove the skill.',
    fixable: false,
    run: (s) =>
      s.skills
        .filter((k) => {
          const pin = pinFor(s, k);
          return k.lock?.publicKey && pin && pin.publicKey !== k.lock.publicKey;
        })
        .map((k) => ({ ...where(k), detail: `${k.slug}: lockfile key differs from the pinned key` })),
  },
  {
    id: 'skills.verdict_block_forced',
    severity: 'high',
    title: 'Skill installed despite a block verdict',
    fix: 'Remove it unless you have reviewed every finding (weft security scan <path>).',
    fixable: false,
    run: (s) =>
      s.skills
        .filter((k) => k.lock?.scan?.verdict === 'block')
        .map((k) => ({ ...where(k), detail: `${k.slug} was installed with --force over a block verdict` })),
  },
  {
    id: 'skills.fingerprint_drift',
    severity: 'medium',
    title: 'Installed skill changed since install',
    fix: 'Review the local edits; weft skill update --force restores the published files.',
    fixable: false,
    run: (s) =>
      s.skills
        .filter(
          (k) => k.lock?.fingerprint && k.currentFingerprint && k.lock.fingerprint !== k.currentFingerprint,
        )
        .map((k) => ({ ...where(k), detail: `${k.slug}: files differ from the installed fingerprint` })),
  },
  {
    id: 'skills.unreadable',
    severity: 'high',
    title: 'Installed skill breaks the bundle rules',
    fix: 'Remove it: it contains a symlink, an unsafe path or an oversized file.',
    fixable: false,
    run: (s) =>
      s.skills
        .filter((k) => k.readError && !/no such skill directory/.test(k.readError))
        .map((k) => ({ ...where(k), detail: k.readError ?? '' })),
  },
];
