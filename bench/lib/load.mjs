// A bounded closed-loop HTTP load generator for 127.0.0.1 only: `concurrency`
// workers send requests back to back until `maxRequests` are done or `maxMs` passes.
import { percentile, round } from './stats.mjs';

// Requests in flight at the deadline get `graceMs` to finish (a slow gateway still
// completes its queue); the whole loop is bounded by maxMs + graceMs.
export async function closedLoop({
  url,
  init,
  concurrency = 8,
  maxRequests = 500,
  maxMs = 20_000,
  graceMs = 60_000,
  ok = (r) => r.ok,
}) {
  if (!/^http:\/\/127\.0\.0\.1[:/]/.test(url))
    throw new Error(`load tests only target 127.0.0.1, not ${url}`);
  const latencies = [];
  let sent = 0;
  let failed = 0;
  let firstError;
  const t0 = performance.now();
  const deadline = t0 + maxMs;
  async function worker() {
    while (sent < maxRequests && performance.now() < deadline) {
      sent++;
      const s = performance.now();
      try {
        const res = await fetch(url, {
          ...init,
          signal: AbortSignal.timeout(Math.ceil(Math.max(1000, deadline - s + graceMs))),
        });
        const text = await res.text();
        if (ok(res, text)) latencies.push(performance.now() - s);
        else {
          failed++;
          firstError ??= `HTTP ${res.status}: ${text.slice(0, 200)}`;
        }
      } catch (err) {
        failed++;
        firstError ??= String(err?.cause?.message ?? err?.message ?? err);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return {
    sent,
    succeeded: latencies.length,
    failed,
    firstError,
    seconds: round(seconds, 3),
    perSecond: round(latencies.length / seconds, 1),
    // With concurrency 1 this is the very first request (e.g. a cold gateway's first turn).
    firstMs: round(latencies[0], 1),
    latencyMs: {
      p50: round(percentile(latencies, 50), 2),
      p99: round(percentile(latencies, 99), 2),
      max: round(percentile(latencies, 100), 2),
    },
  };
}
