/**
 * Worker-thread entry for `scanPaths` with --jobs > 1: scans the skill folders
 * it is given and posts the results back. Same engine, no shared state.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Allowlist } from './allowlist.js';
import { scanSkillDir } from './engine.js';
import type { SkillScanResult } from './types.js';

interface Job {
  dirs: string[];
  allowlist?: Allowlist;
}

const job = workerData as Job;
const out: (SkillScanResult | { error: string; dir: string })[] = [];
for (const dir of job.dirs) {
  try {
    out.push(await scanSkillDir(dir, job.allowlist ? { allowlist: job.allowlist } : {}));
  } catch (err) {
    out.push({ error: err instanceof Error ? err.message : String(err), dir });
  }
}
parentPort?.postMessage(out);
