/**
 * The `weft security scan` service: expand PATHs into skills, scan each with
 * bounded concurrency, and assemble the report every reporter renders.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WeftError } from '../errors.js';
import { packageVersion } from '../version.js';
import type { Allowlist } from './allowlist.js';
import { CHECKS } from './checks/index.js';
import { scanSkillDir } from './engine.js';
import { type Finding, type Severity, type SkillScanResult, severityRank, type Verdict } from './types.js';

export interface ScanReport {
  tool: { name: string; version: string; rulesetHash: string };
  skills: SkillScanResult[];
  summary: {
    skills: number;
    verdicts: Record<Verdict, number>;
    findings: Record<Severity, number>;
    suppressed: number;
    ms: number;
    skillsPerSecond: number;
  };
}

export interface ScanPathsOptions {
  allowlist?: Allowlist;
  jobs?: number;
}

/** A stable hash of the rule set: ids, levels and pattern sources. Changes whenever a check changes. */
export function rulesetHash(): string {
  const h = createHash('sha256');
  for (const c of CHECKS) {
    h.update(`${c.id}|${c.severity}|${c.intent}|${c.confidence}|${c.title}\n`);
    h.update(c.run.toString());
  }
  return `sha256:${h.digest('hex').slice(0, 16)}`;
}

async function hasSkillMd(dir: string): Promise<boolean> {
  return (await stat(join(dir, 'SKILL.md')).catch(() => undefined))?.isFile() ?? false;
}

async function subdirsOf(dir: string): Promise<string[]> {
  const ents = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return ents
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules')
    .map((d) => join(dir, d.name))
    .sort();
}

/** Skill folders under `dir`: itself, its subfolders (a collection), or collections nested up to 3 deep. */
async function collect(dir: string, depth: number): Promise<string[]> {
  if (await hasSkillMd(dir)) return [dir];
  const subs = await subdirsOf(dir);
  for (const s of subs) {
    // every subfolder of a collection is a skill, including ones whose SKILL.md is missing or nested
    if (await hasSkillMd(s)) return subs;
  }
  if (depth >= 3) return [];
  const nested: string[] = [];
  for (const s of subs) nested.push(...(await collect(s, depth + 1)));
  return nested;
}

/**
 * A dir with SKILL.md is one skill. A dir without one, whose subdirectories
 * hold SKILL.md files, is a collection: every subdirectory is scanned as its
 * own skill. Collections nested a few levels down (corpus/items/<id>) are
 * found too. A dir with no SKILL.md anywhere near is scanned as one skill.
 */
export async function discoverSkills(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const st = await stat(p).catch(() => undefined);
    if (!st) throw new WeftError('E_NOT_FOUND', `${p}: no such file or directory`, { path: p });
    if (!st.isDirectory())
      throw new WeftError('E_USAGE', `${p}: not a directory (pass a skill folder)`, { path: p });
    const found = await collect(p, 0);
    out.push(...(found.length > 0 ? found : [p]));
  }
  return out;
}

export async function scanPaths(paths: string[], opts: ScanPathsOptions = {}): Promise<ScanReport> {
  const t0 = performance.now();
  const dirs = await discoverSkills(paths);
  const jobs = Math.max(1, Math.min(opts.jobs ?? 8, 64));
  const threads = Math.min(jobs, availableParallelism());
  if (threads > 1 && dirs.length >= 32 && existsSync(WORKER_URL)) {
    const results = await scanInWorkers(dirs, threads, opts.allowlist);
    const ms = performance.now() - t0;
    return {
      tool: { name: 'weft', version: packageVersion(), rulesetHash: rulesetHash() },
      skills: results,
      summary: summarize(results, ms),
    };
  }
  const results: SkillScanResult[] = new Array(dirs.length);
  let next = 0;
  // Reads overlap across workers; checks run on the event loop one skill at a time.
  const worker = async (): Promise<void> => {
    for (let i = next++; i < dirs.length; i = next++) {
      const scanOpts = opts.allowlist ? { allowlist: opts.allowlist } : {};
      results[i] = await scanSkillDir(dirs[i]!, scanOpts).catch((err: unknown) => scanFailure(dirs[i]!, err));
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, dirs.length) }, worker));
  const ms = performance.now() - t0;
  return {
    tool: { name: 'weft', version: packageVersion(), rulesetHash: rulesetHash() },
    skills: results,
    summary: summarize(results, ms),
  };
}

// Present in the build (dist/); when running from sources the scan stays in-process.
const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Spread skills over worker threads (interleaved, so big and small skills mix). */
async function scanInWorkers(
  dirs: string[],
  threads: number,
  allowlist?: Allowlist,
): Promise<SkillScanResult[]> {
  const shards = Array.from({ length: threads }, (_, t) => dirs.filter((_d, i) => i % threads === t));
  const parts = await Promise.all(
    shards.map(
      (shard) =>
        new Promise<(SkillScanResult | { error: string; dir: string })[]>((resolvePart, reject) => {
          const w = new Worker(WORKER_URL, {
            workerData: allowlist ? { dirs: shard, allowlist } : { dirs: shard },
          });
          w.once('message', resolvePart);
          w.once('error', reject);
        }),
    ),
  );
  const results: SkillScanResult[] = new Array(dirs.length);
  parts.forEach((part, t) => {
    part.forEach((r, k) => {
      const i = k * threads + t;
      results[i] = 'error' in r ? scanFailure(r.dir, new Error(r.error)) : r;
    });
  });
  return results;
}

/** One broken skill must not sink a scan of thousands: report it and move on. */
function scanFailure(dir: string, err: unknown): SkillScanResult {
  const message = err instanceof Error ? err.message : String(err);
  return {
    path: dir,
    name: basename(dir),
    verdict: 'warn',
    score: 0,
    findings: [
      {
        checkId: 'DS-006',
        title: 'Content not scanned',
        category: 'DS',
        severity: 'medium',
        intent: 'informational',
        confidence: 1,
        file: '.',
        line: 1,
        column: 1,
        snippet: `scan failed: ${message.slice(0, 200)}`,
        remediation: 'Fix the skill folder so it can be read, then scan again.',
      },
    ],
    files: 0,
    bytes: 0,
    ms: 0,
  };
}

export function summarize(results: SkillScanResult[], ms: number): ScanReport['summary'] {
  const verdicts: Record<Verdict, number> = { block: 0, warn: 0, pass: 0 };
  const findings: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  let suppressed = 0;
  for (const r of results) {
    verdicts[r.verdict]++;
    for (const f of r.findings) {
      if (f.suppressed) suppressed++;
      else findings[f.severity]++;
    }
  }
  return {
    skills: results.length,
    verdicts,
    findings,
    suppressed,
    ms: Math.round(ms),
    skillsPerSecond: ms > 0 ? Math.round((results.length / ms) * 1000 * 10) / 10 : 0,
  };
}

/** Drop findings below --min-severity from a report (verdicts are kept as computed). */
export function filterBySeverity(report: ScanReport, min: Severity): ScanReport {
  const keep = (f: Finding): boolean => severityRank(f.severity) >= severityRank(min);
  return { ...report, skills: report.skills.map((s) => ({ ...s, findings: s.findings.filter(keep) })) };
}

/** Exit status for --fail-on: a severity, `block` (verdict), or `none`. */
export function failsOn(report: ScanReport, failOn: Severity | 'block' | 'none'): boolean {
  if (failOn === 'none') return false;
  if (failOn === 'block') return report.skills.some((s) => s.verdict === 'block');
  return report.skills.some((s) =>
    s.findings.some(
      (f) =>
        !f.suppressed && f.context !== 'quoted-example' && severityRank(f.severity) >= severityRank(failOn),
    ),
  );
}

export function resolvePaths(paths: string[]): string[] {
  return paths.map((p) => resolve(p));
}
