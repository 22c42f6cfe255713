// Shared knobs for every suite, from the environment (npm run passes no flags through cleanly).
import { machineInfo } from './machine.mjs';
import { node24Version, openclawPaths, openclawSubject } from './openclaw.mjs';
import { repoRoot } from './paths.mjs';

const int = (name, dflt) => {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};

export function benchOptions(argv = process.argv.slice(2)) {
  const openclaw = argv.includes('--openclaw') || process.env.BENCH_OPENCLAW === '1';
  return {
    runs: Math.max(int('BENCH_RUNS', 20), 1),
    // OpenClaw's real commands take 5-18 s each here; BENCH_SLOW_RUNS may lower their count (documented).
    slowRuns: Math.max(int('BENCH_SLOW_RUNS', int('BENCH_RUNS', 20)), 1),
    memoryRuns: int('BENCH_MEMORY_RUNS', 5),
    openclaw,
    quiet: process.env.BENCH_QUIET === '1',
  };
}

export const log = (...a) => {
  if (process.env.BENCH_QUIET !== '1') console.error(...a);
};

/** OpenClaw subject when requested and installed; otherwise a reason string. */
export function maybeOpenClaw(opts) {
  if (!opts.openclaw)
    return { reason: 'not requested (run scripts/bench/compare-openclaw.sh or set BENCH_OPENCLAW=1)' };
  const s = openclawSubject();
  return s
    ? { subject: s }
    : { reason: `OpenClaw ${openclawPaths().version} not installed in the bench cache` };
}

export function machine(opts) {
  return machineInfo(
    repoRoot,
    opts.openclaw ? { node24: node24Version(), openclaw: openclawPaths().version } : {},
  );
}
