// Cold-start timing: spawn a command N times with no warmup and record wall time per run.
import { spawnSync } from 'node:child_process';
import { summarize } from './stats.mjs';

/** One cold run of `subject` with `args`; stdout is discarded like hyperfine does. */
export function timeOnce(subject, args, { timeoutMs = 120_000 } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(subject.command, [...subject.prefix, ...args], {
    cwd: subject.cwd,
    env: subject.env,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return {
    ms,
    status: r.status,
    signal: r.signal,
    error: r.error ? String(r.error.message) : undefined,
    stderr: r.stderr ? r.stderr.toString('utf8').slice(-600) : '',
  };
}

/**
 * Times every case `runs` times, interleaving cases run by run (A B C A B C ...)
 * so slow drifts in machine load hit every subject alike instead of one block.
 * A case whose first run fails is dropped and reported as failed, never timed.
 */
export function coldStart(cases, { runs = 20, timeoutMs, log = () => {} } = {}) {
  const state = cases.map((c) => ({ ...c, samples: [], failure: undefined }));
  for (let i = 0; i < runs; i++) {
    for (const c of state) {
      if (c.failure) continue;
      const r = timeOnce(c.subject, c.args, { timeoutMs });
      const okStatus = c.okStatus ?? [0];
      if (r.error || r.signal || !okStatus.includes(r.status)) {
        c.failure = `exit ${r.status ?? r.signal ?? r.error}: ${r.error ?? r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
        log(`  ${c.key}: failed on run ${i + 1}: ${c.failure}`);
        continue;
      }
      c.samples.push(Math.round(r.ms * 100) / 100);
    }
    if ((i + 1) % 5 === 0 || i + 1 === runs) log(`  run ${i + 1}/${runs}`);
  }
  return state.map((c) => ({
    key: c.key,
    status: c.failure ? 'failed' : 'ok',
    reason: c.failure,
    summary: summarize(c.samples),
    samples: c.samples,
  }));
}
