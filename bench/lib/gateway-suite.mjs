// Shared by the memory and throughput suites: which gateways to run, and their metric rows.

import { gatewaySession, weftGateway } from './gateway.mjs';
import { openclawGateway } from './openclaw-gateway.mjs';
import { log } from './options.mjs';
import { metric, unavailable } from './results.mjs';
import { ratio, summarize } from './stats.mjs';
import { weftHasCommand } from './subjects.mjs';

/** [{ id, adapter, subject } | { id, unavailable: reason }] for weft and (if enabled) OpenClaw. */
export function gatewayAdapters(weft, oc, opts) {
  const list = [];
  list.push(
    weftHasCommand(weft, ['gateway'])
      ? { id: 'weft', adapter: weftGateway, subject: weft }
      : { id: 'weft', unavailable: undefined },
  );
  if (opts.openclaw) {
    if (!oc.subject) list.push({ id: 'openclaw', unavailable: oc.reason });
    else list.push({ id: 'openclaw', adapter: openclawGateway, subject: oc.subject });
  }
  return list;
}

/**
 * Runs each gateway `sessions` times (start, health, idle); the last session also
 * takes the bounded `load`. Returns { [id]: { status, sessions: [...] } }.
 */
export async function runGateways(
  list,
  { load, sessions = Number(process.env.BENCH_GATEWAY_SESSIONS) || 3 },
) {
  const out = {};
  for (const g of list) {
    if (!g.adapter) {
      out[g.id] = { status: 'unavailable', reason: g.unavailable };
      continue;
    }
    const n = g.adapter.sessions ?? sessions;
    const rows = [];
    const failedStarts = [];
    for (let i = 0; i < n; i++) {
      log(`  gateway ${g.id}: session ${i + 1}/${n}${i === n - 1 && load ? ' with load' : ''}`);
      let r = await gatewaySession(g.adapter, g.subject, { load: i === n - 1 ? load : undefined });
      // A gateway that gives up during its own startup (OpenClaw has a 5 s internal
      // lease timeout that a loaded host can miss) gets `retries` more starts; every
      // failed attempt stays in the JSON so the table never hides it.
      for (let a = 0; r.status !== 'ok' && r.readyMs === undefined && a < (g.adapter.retries ?? 0); a++) {
        log(`  gateway ${g.id}: start failed (${r.reason?.slice(-160)}); retrying`);
        failedStarts.push(r);
        const subject = g.adapter.freshSubject?.() ?? g.subject;
        r = await gatewaySession(g.adapter, subject, { load: i === n - 1 ? load : undefined });
      }
      rows.push(r);
      if (r.status !== 'ok') {
        log(`  gateway ${g.id}: ${r.reason}`);
        break;
      }
    }
    const failed = rows.find((r) => r.status !== 'ok');
    out[g.id] = failed
      ? { status: 'failed', reason: failed.reason, sessions: rows, failedStarts }
      : { status: 'ok', sessions: rows, failedStarts };
  }
  return out;
}

function row(gw, pick) {
  if (!gw || gw.status === 'unavailable') return unavailable(gw?.reason);
  // A session that failed late (e.g. under load) still measured its earlier phases.
  const samples = (gw.sessions ?? []).map(pick).filter((x) => x != null);
  if (samples.length > 0) return { status: 'ok', summary: summarize(samples), samples };
  if (gw.status !== 'ok') return { status: 'failed', reason: gw.reason };
  return unavailable('not measured in this session');
}

/** Metric rows for gateway readiness, idle/load RSS, messages/s and latency. */
export function gatewayMetrics(gw, opts) {
  const specs = [
    ['gateway.ready', 'gateway start to first healthy response', 'ms', (s) => s.readyMs],
    [
      'gateway.first_message',
      'gateway first agent message after start (cold)',
      'ms',
      (s) => s.warmup?.firstMs,
    ],
    ['gateway.idle_rss', 'gateway idle RSS (process tree)', 'KiB', (s) => s.idleRssKiB],
    ['gateway.load_rss', 'gateway peak RSS under load (process tree)', 'KiB', (s) => s.load?.peakTreeRssKiB],
    [
      'gateway.throughput',
      'gateway messages/s through the agent (scripted model, 0 ms)',
      'msg/s',
      (s) => (s.load?.succeeded ? s.load.perSecond : undefined),
    ],
    ['gateway.latency_p50', 'gateway message latency p50 under load', 'ms', (s) => s.load?.latencyMs.p50],
    ['gateway.latency_p99', 'gateway message latency p99 under load', 'ms', (s) => s.load?.latencyMs.p99],
  ];
  return specs.map(([id, label, unit, pick]) => {
    const subjects = { weft: row(gw.weft, pick) };
    if (opts.openclaw) subjects.openclaw = row(gw.openclaw, pick);
    const ratios = {};
    if (subjects.weft.status === 'ok' && subjects.openclaw?.status === 'ok') {
      ratios['weft / OpenClaw'] = ratio(
        { summary: subjects.weft.summary },
        { summary: subjects.openclaw.summary },
      );
    }
    return metric(id, label, unit, subjects, ratios);
  });
}
