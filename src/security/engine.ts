/**
 * The scan pipeline: loaded skill -> hits of every check -> findings with
 * context-adjusted confidence -> allowlist -> verdict and score.
 * Pure over its inputs: no printing, no network, no code execution.
 */
import { basename } from 'node:path';
import { type Allowlist, applyAllowlist } from './allowlist.js';
import { CHECKS } from './checks/index.js';
import { loadScanSkill, type RawEntry, readSkillEntries, type ScanSkill } from './load.js';
import { maskSecret } from './text.js';
import {
  type Check,
  type Finding,
  type Hit,
  type SkillScanResult,
  severityRank,
  type Verdict,
} from './types.js';

/** block needs a critical/high malicious finding at or above this confidence (SPEC §6). */
export const BLOCK_CONFIDENCE = 0.7;
/** quoted attack strings (security docs, warnings) keep this share of their confidence */
const QUOTED_FACTOR = 0.35;

export interface ScanOptions {
  checks?: Check[];
  allowlist?: Allowlist;
  /** the path reported for the skill */
  path?: string;
}

function toFinding(check: Check, hit: Hit): Finding {
  let confidence = hit.confidence ?? check.confidence;
  let context: Finding['context'] = hit.context;
  const intent = hit.intent ?? check.intent;
  if (hit.quoted && intent === 'malicious') {
    confidence *= QUOTED_FACTOR;
    context = 'quoted-example';
  }
  let snippet = hit.snippet;
  if (hit.secret) snippet = maskSecrets(snippet);
  const f: Finding = {
    checkId: check.id,
    title: check.title,
    category: check.category,
    severity: hit.severity ?? check.severity,
    intent,
    confidence: Math.round(confidence * 100) / 100,
    file: hit.file,
    line: hit.line,
    column: hit.column ?? 1,
    snippet,
    remediation: check.docs.fix,
  };
  if (hit.message) f.message = hit.message;
  if (context) f.context = context;
  return f;
}

// Long token-looking runs inside a snippet flagged as secret are masked.
function maskSecrets(s: string): string {
  return s.replace(/[A-Za-z0-9_\-+/=.:]{12,}/g, (tok) =>
    /[0-9]/.test(tok) && /[A-Za-z]/.test(tok) ? maskSecret(tok) : tok,
  );
}

export function verdictOf(findings: Finding[]): Verdict {
  const live = findings.filter((f) => !f.suppressed);
  if (
    live.some(
      (f) =>
        (f.severity === 'critical' || f.severity === 'high') &&
        f.intent === 'malicious' &&
        f.confidence >= BLOCK_CONFIDENCE,
    )
  )
    return 'block';
  if (live.some((f) => severityRank(f.severity) >= severityRank('medium') && f.confidence >= 0.3))
    return 'warn';
  return 'pass';
}

const WEIGHT = { critical: 40, high: 25, medium: 10, low: 3, info: 0 } as const;

/** 100 = nothing found; each live finding subtracts its severity weight times confidence (once per check). */
export function scoreOf(findings: Finding[]): number {
  const worst = new Map<string, number>();
  for (const f of findings) {
    if (f.suppressed) continue;
    const w = WEIGHT[f.severity] * f.confidence * (f.intent === 'malicious' ? 1 : 0.6);
    worst.set(f.checkId, Math.max(worst.get(f.checkId) ?? 0, w));
  }
  let s = 100;
  for (const w of worst.values()) s -= w;
  return Math.max(0, Math.round(s));
}

export function runChecks(skill: ScanSkill, checks: Check[] = CHECKS): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    for (const hit of check.run(skill)) findings.push(toFinding(check, hit));
  }
  findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      b.confidence - a.confidence ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line,
  );
  return findings;
}

/** Scan an already-loaded skill. */
export function scanLoaded(skill: ScanSkill, opts: ScanOptions = {}): SkillScanResult {
  const t0 = performance.now();
  let findings = runChecks(skill, opts.checks);
  if (opts.allowlist) findings = applyAllowlist(findings, opts.allowlist, skill);
  const verdict = verdictOf(findings);
  // The score orders skills within a verdict; it never contradicts it.
  const raw = scoreOf(findings);
  const score = verdict === 'block' ? Math.min(raw, 39) : verdict === 'warn' ? Math.min(raw, 79) : raw;
  return {
    path: opts.path ?? skill.root,
    name: skill.name,
    verdict,
    score,
    findings,
    files: skill.files.length,
    bytes: skill.totalBytes,
    ms: Math.round((performance.now() - t0) * 10) / 10,
  };
}

/** Scan a skill folder from disk (the client scans before install). */
export async function scanSkillDir(dir: string, opts: ScanOptions = {}): Promise<SkillScanResult> {
  const t0 = performance.now();
  const entries = await readSkillEntries(dir);
  const res = scanLoaded(loadScanSkill(entries, dir), { path: dir, ...opts });
  res.ms = Math.round((performance.now() - t0) * 10) / 10;
  return res;
}

export interface BundleLike {
  files: { path: string; bytes: Uint8Array; executable?: boolean }[];
}

/**
 * Scan an in-memory bundle (the hub scans uploads without touching disk).
 * `manifest` names the skill when the bundle has no usable SKILL.md.
 */
export function scanBundle(
  bundle: BundleLike,
  manifest?: { name?: string; slug?: string },
  opts: ScanOptions = {},
): SkillScanResult {
  const entries: RawEntry[] = bundle.files.map((f) => ({
    path: f.path,
    bytes: f.bytes,
    executable: f.executable ?? false,
  }));
  const root = manifest?.slug ?? manifest?.name ?? 'bundle';
  const skill = loadScanSkill(entries, root);
  const res = scanLoaded(skill, { path: opts.path ?? root, ...opts });
  if (manifest?.name && res.name === basename(root)) res.name = manifest.name;
  return res;
}

/** Build a skill from fixture files (tests, docs). */
export function loadFixture(files: Record<string, string>, root = 'fixture'): ScanSkill {
  return loadScanSkill(
    Object.entries(files).map(([path, text]) => ({ path, bytes: Buffer.from(text, 'utf8') })),
    root,
  );
}
