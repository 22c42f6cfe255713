// Micro-benchmarks of hot library paths (tinybench). Registry: bench/micro/registry.mjs.
// Usage: npm run bench:micro   (BENCH_MICRO_MS=time per task, default 500)
import { Bench } from 'tinybench';
import { isMain, runAsScript } from './lib/main.mjs';
import { benchOptions, log, machine } from './lib/options.mjs';
import { metric, unavailable } from './lib/results.mjs';
import { round, summarize } from './lib/stats.mjs';
import { ensureBuilt } from './lib/subjects.mjs';
import './micro/index.mjs';
import { microBenchmarks } from './micro/registry.mjs';

export async function runMicro(opts = benchOptions()) {
  ensureBuilt();
  const time = Number(process.env.BENCH_MICRO_MS) || 500;
  const bench = new Bench({ time, warmup: true, throws: true });
  const metrics = [];
  const tasks = [];
  for (const m of microBenchmarks()) {
    if (m.available && !(await m.available())) {
      metrics.push(metric(`micro.${m.id}`, m.title, 'ops/s', { weft: unavailable() }));
      continue;
    }
    bench.add(m.id, await m.setup());
    tasks.push(m);
  }
  log(`micro: ${tasks.length} tasks, ${time} ms each`);
  await bench.run();
  const raw = {};
  for (const m of tasks) {
    const r = bench.getTask(m.id).result;
    const ops = r.throughput.mean;
    raw[m.id] = {
      opsPerSecond: round(ops, 1),
      latencyUs: { p50: round(r.latency.p50 * 1000, 2), p99: round(r.latency.p99 * 1000, 2) },
      rme: round((r.latency.moe / r.latency.mean) * 100, 2),
      samples: r.latency.samplesCount ?? undefined,
    };
    metrics.push(
      metric(`micro.${m.id}`, m.title, 'ops/s', {
        weft: { status: 'ok', summary: summarize([round(ops, 1)]) },
      }),
    );
  }
  return {
    suite: 'micro',
    title: 'Micro-benchmarks (tinybench, ops/s, higher is better)',
    machine: machine(opts),
    config: { timePerTaskMs: time },
    metrics,
    raw,
    notes: [
      'Mean throughput over the sampling window after warmup; `raw` in the JSON holds p50/p99 latency and the relative margin of error.',
    ],
  };
}

if (isMain(import.meta.url)) await runAsScript('micro', runMicro);
