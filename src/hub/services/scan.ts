import type { Bundle } from '../../skills/bundle.js';
import type { SkillManifest } from '../../skills/manifest.js';

/**
 * The scanner seam. The publish pipeline calls `scan(bundle, manifest)` and
 * stores the verdict with the version (`block` = quarantined). The default is
 * the real scanner (`securityScan`); `passThroughScan` exists for tests that
 * exercise storage alone, and records scanner id `none` so a stored version
 * says honestly that it was not scanned.
 */
export type ScanVerdict = 'pass' | 'warn' | 'block';

export interface ScanFinding {
  checkId: string;
  title: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  file?: string;
  line?: number;
}

export interface ScanResult {
  verdict: ScanVerdict;
  findings: ScanFinding[];
  /** scanner id and version, stored per version so re-scans can be targeted */
  scanner: string;
}

export type ScanFn = (bundle: Bundle, manifest: SkillManifest) => Promise<ScanResult>;

export const passThroughScan: ScanFn = async () => ({ verdict: 'pass', findings: [], scanner: 'none' });

/**
 * The real scanner over the uploaded bundle, in memory (no files touch the disk, nothing is executed).
 * Loaded on the first publish: `weft hub serve` does not pay for the rule set at start-up.
 */
export const securityScan: ScanFn = async (bundle, manifest) => {
  const [{ scanBundle }, { rulesetHash }] = await Promise.all([
    import('../../security/engine.js'),
    import('../../security/scan.js'),
  ]);
  const res = scanBundle(bundle, { name: manifest.name, slug: manifest.slug });
  const findings: ScanFinding[] = res.findings
    .filter((f) => !f.suppressed)
    .map((f) => ({
      checkId: f.checkId,
      title: f.title,
      severity: f.severity,
      ...(f.file ? { file: f.file } : {}),
      ...(f.line ? { line: f.line } : {}),
    }));
  return { verdict: res.verdict, findings, scanner: `weft-scanner/${rulesetHash().slice(0, 12)}` };
};

/** Findings summary for API responses: counts per severity, no snippets. */
export function summarizeFindings(findings: ScanFinding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) out[f.severity] = (out[f.severity] ?? 0) + 1;
  return out;
}
