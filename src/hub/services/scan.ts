import type { Bundle } from '../../skills/bundle.js';
import type { SkillManifest } from '../../skills/manifest.js';

/**
 * The scanner seam. The publish pipeline calls `scan(bundle, manifest)` and
 * stores the verdict with the version (`block` = quarantined). The real
 * scanner (src/security) is wired here at merge time; until then the hub
 * runs `passThroughScan`, which records verdict `pass` with scanner id
 * `none` so every stored version says honestly that it was not scanned.
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

/** Findings summary for API responses: counts per severity, no snippets. */
export function summarizeFindings(findings: ScanFinding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) out[f.severity] = (out[f.severity] ?? 0) + 1;
  return out;
}
