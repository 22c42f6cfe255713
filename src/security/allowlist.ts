/**
 * `.clawft/security-allowlist.toml`: suppress findings per check, per file
 * (glob) or per file hash, and override severities; every entry needs a reason.
 * Suppressed findings stay in the JSON output with `suppressed: true`.
 */
import { z } from 'zod';
import { loadTomlFile } from '../config/toml.js';
import type { ScanSkill } from './load.js';
import { type Finding, SEVERITIES } from './types.js';

const Entry = z
  .strictObject({
    check: z
      .string()
      .regex(/^[A-Z]{2}-\d{3}$/, 'check ids look like US-001')
      .optional(),
    file: z.string().min(1).optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits')
      .optional(),
    skill: z.string().min(1).optional(),
    severity: z.enum(SEVERITIES).optional(),
    reason: z.string().trim().min(3, 'every allowlist entry needs a reason'),
  })
  .refine((e) => e.check || e.file || e.sha256, {
    message: 'an entry needs at least one of check, file, sha256',
  });

export const AllowlistSchema = z.strictObject({
  suppress: z.array(Entry).default([]),
  override: z
    .array(
      z.strictObject({
        check: z.string().regex(/^[A-Z]{2}-\d{3}$/),
        severity: z.enum(SEVERITIES),
        reason: z.string().trim().min(3, 'every override needs a reason'),
      }),
    )
    .default([]),
});
export type Allowlist = z.output<typeof AllowlistSchema>;

export const DEFAULT_ALLOWLIST_PATH = '.clawft/security-allowlist.toml';

export async function loadAllowlist(path: string): Promise<Allowlist> {
  return loadTomlFile(path, AllowlistSchema);
}

/** Minimal glob: `*` within a path segment, `**` across segments. */
function globToRe(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function applyAllowlist(findings: Finding[], list: Allowlist, skill: ScanSkill): Finding[] {
  const hashOf = new Map(skill.files.map((f) => [f.path, f.sha256]));
  const entries = list.suppress.map((e) => ({ ...e, fileRe: e.file ? globToRe(e.file) : undefined }));
  return findings.map((f) => {
    let out = f;
    const ov = list.override.find((o) => o.check === f.checkId);
    if (ov)
      out = {
        ...out,
        severity: ov.severity,
        message: `${out.message ? `${out.message}; ` : ''}severity overridden: ${ov.reason}`,
      };
    const hit = entries.find(
      (e) =>
        (!e.check || e.check === f.checkId) &&
        (!e.fileRe || e.fileRe.test(f.file)) &&
        (!e.sha256 || hashOf.get(f.file) === e.sha256) &&
        (!e.skill || e.skill === skill.name),
    );
    if (hit) out = { ...out, suppressed: true, suppressedReason: hit.reason };
    return out;
  });
}
