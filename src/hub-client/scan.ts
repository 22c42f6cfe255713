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

/**
 * The real scanner (src/security, scanner branch). Until that branch is
 * merged this reports `pass` with zero findings and says so in `summary`;
 * see the final report.
 */
export const defaultScan: ScanFn = async () => ({
  verdict: 'pass',
  findings: 0,
  summary: ['scanner not available in this build'],
});
