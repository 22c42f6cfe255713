/** What the `weft security` commands call: one function each, returning data or rendered text. */
import { existsSync } from 'node:fs';
import { EXIT } from '../errors.js';
import { type Allowlist, DEFAULT_ALLOWLIST_PATH, loadAllowlist } from './allowlist.js';
import { CHECKS } from './checks/index.js';
import { renderSarif } from './report/sarif.js';
import { renderText } from './report/text.js';
import { failsOn, filterBySeverity, scanPaths } from './scan.js';
import { CATEGORIES, type CheckMeta, type Severity } from './types.js';

export interface ScanCommandOptions {
  format: string;
  minSeverity: string;
  failOn: string;
  allowlist?: string | undefined;
  jobs: number;
  color: boolean;
}

export async function scanCommand(
  paths: string[],
  opts: ScanCommandOptions,
): Promise<{ text: string; exitCode: number }> {
  let allowlist: Allowlist | undefined;
  const listPath =
    opts.allowlist ?? (existsSync(DEFAULT_ALLOWLIST_PATH) ? DEFAULT_ALLOWLIST_PATH : undefined);
  if (listPath) allowlist = await loadAllowlist(listPath);
  const full = await scanPaths(paths, allowlist ? { allowlist, jobs: opts.jobs } : { jobs: opts.jobs });
  const fail = failsOn(full, opts.failOn as Severity | 'block' | 'none');
  const report = filterBySeverity(full, opts.minSeverity as Severity);
  let text: string;
  if (opts.format === 'json') text = JSON.stringify(report, null, 2);
  else if (opts.format === 'sarif') text = JSON.stringify(renderSarif(report), null, 2);
  else text = renderText(report, { color: opts.color });
  return { text, exitCode: fail ? EXIT.failure : EXIT.ok };
}

export type CheckListing = Omit<CheckMeta, 'category'> & { category: string; categoryName: string };

export function listChecks(): { count: number; categories: number; checks: CheckListing[] } {
  const checks = CHECKS.map((c) => ({
    id: c.id,
    title: c.title,
    category: c.category,
    categoryName: CATEGORIES[c.category],
    severity: c.severity,
    intent: c.intent,
    confidence: c.confidence,
    docs: c.docs,
  }));
  return { count: checks.length, categories: new Set(checks.map((c) => c.category)).size, checks };
}

export function renderChecks(list: ReturnType<typeof listChecks>): string {
  const lines = list.checks.map((c) => `${c.id}  ${c.severity.padEnd(8)} ${c.intent.padEnd(13)} ${c.title}`);
  return `${lines.join('\n')}\n\n${list.count} checks in ${list.categories} categories`;
}
