import type { Bundle } from '../skills/bundle.js';
import type { SkillManifest } from '../skills/manifest.js';

/**
 * The local scan step of install and publish. The pipeline takes the scanner
 * as a parameter so tests can drive each verdict, and so the hub client does
 * not load the scanner until a command needs it.
 */

export type ScanVerdict = 'pass' | 'warn' | 'block';

export interface ScanOutcome {
  verdict: ScanVerdict;
  findings: number;
  /** One line per finding at medium or above, for the CLI to show when refusing. */
  summary: string[];
}

export type ScanFn = (bundle: Bundle, manifest: SkillManifest) => Promise<ScanOutcome>;

const SHOWN = new Set(['critical', 'high', 'medium']);

/**
 * The real scanner (src/security). Loaded on first use so that commands that
 * never scan (search, info) do not pay for the check modules. Skills cannot
 * suppress their own findings: allowlists live in the user's `.clawft/`,
 * which is a dot-path and never part of a bundle.
 */
export const defaultScan: ScanFn = async (bundle, manifest) => {
  const { scanBundle } = await import('../security/engine.js');
  const res = scanBundle(bundle, { name: manifest.name, slug: manifest.slug });
  const findings = res.findings.filter((f) => !f.suppressed);
  return {
    verdict: res.verdict,
    findings: findings.length,
    summary: findings
      .filter((f) => SHOWN.has(f.severity))
      .map((f) => `${f.severity} ${f.checkId} ${f.title} (${f.file}:${f.line})`),
  };
};

/** The first few findings, indented, for a refusal message. */
export function findingLines(outcome: ScanOutcome, max = 5): string {
  const shown = outcome.summary.slice(0, max).map((l) => `\n  ${l}`);
  const more = outcome.summary.length > max ? `\n  ... and ${outcome.summary.length - max} more` : '';
  return shown.join('') + more;
}
