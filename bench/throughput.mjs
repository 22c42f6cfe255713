// Gateway throughput: messages/s through the agent pipeline with the scripted model at zero latency.
// Usage: npm run bench:throughput   (BENCH_OPENCLAW=1; load bounds via BENCH_LOAD_REQUESTS / BENCH_LOAD_SECONDS)
import { gatewayAdapters, gatewayMetrics, runGateways } from './lib/gateway-suite.mjs';
import { isMain, runAsScript } from './lib/main.mjs';
import { benchOptions, machine, maybeOpenClaw } from './lib/options.mjs';
import { ensureBuilt, weftSubject } from './lib/subjects.mjs';

/** Bounded in both count and time; 127.0.0.1 only (enforced by the load generator). */
export const THROUGHPUT_LOAD = {
  concurrency: Number(process.env.BENCH_LOAD_CONCURRENCY) || 8,
  maxRequests: Number(process.env.BENCH_LOAD_REQUESTS) || 2000,
  maxMs: (Number(process.env.BENCH_LOAD_SECONDS) || 20) * 1000,
};

export async function runThroughput(opts = benchOptions()) {
  ensureBuilt();
  // `npm run bench` passes the gateways it already ran for the memory suite.
  const gw =
    opts.gatewaysOverride ??
    (await runGateways(gatewayAdapters(weftSubject(), maybeOpenClaw(opts), opts), { load: THROUGHPUT_LOAD }));
  return {
    suite: 'throughput',
    title: 'Gateway startup, memory and throughput',
    machine: machine(opts),
    config: { load: THROUGHPUT_LOAD, openclaw: opts.openclaw },
    metrics: gatewayMetrics(gw, opts),
    gateways: gw,
    notes: [
      `Closed loop: ${THROUGHPUT_LOAD.concurrency} concurrent clients on 127.0.0.1, stopping at ${THROUGHPUT_LOAD.maxRequests} messages or ${THROUGHPUT_LOAD.maxMs / 1000} s, whichever comes first.`,
      'The model is a scripted OpenAI-compatible server on 127.0.0.1 that answers at once with a fixed reply, so the figure is the gateway and agent pipeline cost, not a model.',
      'Gateway ready time: spawn to the first 200 from the health endpoint (weft /health, OpenClaw /healthz), polled every 20 ms; weft 3 sessions, OpenClaw 1.',
      ...Object.entries(gw)
        .filter(([, g]) => g.failedStarts?.length)
        .map(
          ([id, g]) =>
            `${id} gateway failed to start ${g.failedStarts.length} time(s) before the measured session: ${g.failedStarts[0].reason.slice(-200)}`,
        ),
    ],
  };
}

if (isMain(import.meta.url)) await runAsScript('throughput', runThroughput);
