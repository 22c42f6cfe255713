// Peak RSS of the CLI commands and of the gateway idle and under a short bounded load.
// Usage: npm run bench:memory   (BENCH_MEMORY_RUNS=N, BENCH_OPENCLAW=1)
import { CLI_CASES } from './lib/cli-cases.mjs';
import { gatewayAdapters, gatewayMetrics, runGateways } from './lib/gateway-suite.mjs';
import { isMain, runAsScript } from './lib/main.mjs';
import { openclawPaths } from './lib/openclaw.mjs';
import { benchOptions, log, machine, maybeOpenClaw } from './lib/options.mjs';
import { metric, unavailable } from './lib/results.mjs';
import { peakRssOfCommand } from './lib/rss.mjs';
import { ratio, summarize } from './lib/stats.mjs';
import { ensureBuilt, nodeSubject, weftHasCommand, weftSubject } from './lib/subjects.mjs';

async function measure(subject, args, runs, okStatus) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = await peakRssOfCommand(subject, args, { okStatus });
    if (!r.ok) return { status: 'failed', reason: r.reason, summary: summarize(samples), samples };
    samples.push(r.peakKiB);
  }
  return { status: 'ok', summary: summarize(samples), samples };
}

/** Short gateway load for the memory suite: enough to exercise the pipeline, bounded in count and time. */
export const MEMORY_LOAD = { concurrency: 4, maxRequests: 200, maxMs: 10_000 };

export async function runMemory(opts = benchOptions(), { gateways } = {}) {
  ensureBuilt();
  const weft = weftSubject();
  const oc = maybeOpenClaw(opts);
  const runs = opts.memoryRuns;
  const metrics = [];
  log(`memory: ${runs} runs per command`);
  const node = await measure(nodeSubject('node'), [], runs);
  metrics.push(metric('rss.node', `\`node -e 0\` (Node ${process.version}) peak RSS`, 'KiB', { node }));
  let node24;
  if (oc.subject) {
    node24 = await measure(nodeSubject('node24', openclawPaths().node24), [], runs);
    metrics.push(metric('rss.node24', "`node -e 0` (OpenClaw's Node 24) peak RSS", 'KiB', { node24 }));
  }
  for (const c of CLI_CASES) {
    const subjects = {};
    subjects.weft =
      !c.probe || weftHasCommand(weft, c.probe) ? await measure(weft, c.weft, runs, c.weftOk) : unavailable();
    if (opts.openclaw)
      subjects.openclaw = oc.subject ? await measure(oc.subject, c.openclaw, runs) : unavailable(oc.reason);
    const ratios = {};
    const w = subjects.weft;
    const o = subjects.openclaw;
    if (w.status === 'ok')
      ratios['weft / node -e 0'] = ratio({ summary: w.summary }, { summary: node.summary });
    if (w.status === 'ok' && o?.status === 'ok')
      ratios['weft / OpenClaw'] = ratio({ summary: w.summary }, { summary: o.summary });
    metrics.push(metric(`rss.${c.id}`, `${c.label} peak RSS`, 'KiB', subjects, ratios));
    log(`  ${c.id}: weft ${w.status}${o ? `, openclaw ${o.status}` : ''}`);
  }
  const gw = gateways ?? (await runGateways(gatewayAdapters(weft, oc, opts), { load: MEMORY_LOAD }));
  metrics.push(...gatewayMetrics(gw, opts).filter((m) => m.unit === 'KiB'));
  return {
    suite: 'memory',
    title: 'Peak resident memory (RSS)',
    machine: machine(opts),
    config: {
      runs,
      gatewayLoad: gateways ? 'shared with the throughput suite' : MEMORY_LOAD,
      openclaw: opts.openclaw,
    },
    metrics,
    gateways: gw,
    notes: [
      `Commands: ${runs} runs each; peak = max(GNU time max RSS of the largest process, sampled sum of VmRSS over the process tree every 25 ms).`,
      'Gateway idle: summed VmRSS of the gateway process tree 2 s after /health first answered. Under load: peak of that sum during the bounded load phase.',
      'Memory is far less noisy than time; ratios divide the summaries directly.',
    ],
  };
}

if (isMain(import.meta.url)) await runAsScript('memory', runMemory);
