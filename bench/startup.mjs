// Cold start: `--version`, `--help` and real commands, against bare `node -e 0` (and OpenClaw when enabled).
// Usage: npm run bench:startup   (BENCH_RUNS=N, BENCH_OPENCLAW=1)
import { CLI_CASES } from './lib/cli-cases.mjs';
import { isMain, runAsScript } from './lib/main.mjs';
import { openclawPaths } from './lib/openclaw.mjs';
import { benchOptions, log, machine, maybeOpenClaw } from './lib/options.mjs';
import { metric, NOT_AVAILABLE, unavailable } from './lib/results.mjs';
import { ratio } from './lib/stats.mjs';
import { ensureBuilt, nodeSubject, weftHasCommand, weftSubject } from './lib/subjects.mjs';
import { coldStart } from './lib/timing.mjs';

export async function runStartup(opts = benchOptions()) {
  ensureBuilt();
  const weft = weftSubject();
  const node = nodeSubject('node');
  const oc = maybeOpenClaw(opts);
  const node24 = oc.subject ? nodeSubject('node24', openclawPaths().node24) : undefined;

  const fast = [{ key: 'node', subject: node, args: [] }];
  const slow = [];
  if (node24) fast.push({ key: 'node24', subject: node24, args: [] });
  const avail = {};
  for (const c of CLI_CASES) {
    avail[c.id] = !c.probe || weftHasCommand(weft, c.probe);
    const list = c.slow ? slow : fast;
    if (avail[c.id]) list.push({ key: `weft:${c.id}`, subject: weft, args: c.weft, okStatus: c.weftOk });
    if (oc.subject) list.push({ key: `openclaw:${c.id}`, subject: oc.subject, args: c.openclaw });
  }
  log(
    `startup: ${fast.length} fast cases x ${opts.runs} runs, ${slow.length} slow cases x ${opts.slowRuns} runs`,
  );
  const rows = new Map();
  for (const r of coldStart(fast, { runs: opts.runs, log })) rows.set(r.key, r);
  if (slow.length > 0) for (const r of coldStart(slow, { runs: opts.slowRuns, log })) rows.set(r.key, r);

  const nodeRow = rows.get('node');
  const node24Row = rows.get('node24');
  const metrics = [
    metric('startup.node', '`node -e 0` (Node ' + process.version + ')', 'ms', { node: rows.get('node') }),
  ];
  if (node24Row)
    metrics.push(metric('startup.node24', "`node -e 0` (OpenClaw's Node 24)", 'ms', { node24: node24Row }));
  for (const c of CLI_CASES) {
    const w = rows.get(`weft:${c.id}`);
    const o = rows.get(`openclaw:${c.id}`);
    const subjects = { weft: w ?? unavailable() };
    if (opts.openclaw) subjects.openclaw = o ?? unavailable(oc.reason);
    const ratios = {};
    if (w?.status === 'ok') ratios['weft / node -e 0'] = ratio(w, nodeRow);
    if (w?.status === 'ok' && o?.status === 'ok') ratios['weft / OpenClaw'] = ratio(w, o);
    if (o?.status === 'ok' && node24Row) ratios['OpenClaw / node24 -e 0'] = ratio(o, node24Row);
    metrics.push(metric(`startup.${c.id}`, `${c.label} cold start`, 'ms', subjects, ratios));
  }
  return {
    suite: 'startup',
    title: 'Cold start (wall time, warmup 0)',
    machine: machine(opts),
    config: { runs: opts.runs, slowRuns: opts.slowRuns, warmup: 0, openclaw: opts.openclaw },
    metrics,
    notes: [
      `Each case ran ${opts.runs} times (real commands ${opts.slowRuns} times) with no warmup, interleaved run by run so load drifts hit every subject alike.`,
      'Ratios are per-run paired ratios (run i of one subject against run i of the other, taken back to back), summarised as median (min, max); compare ratios across machines, not absolute ms.',
      `Commands missing from this build are reported as "${NOT_AVAILABLE}", never estimated.`,
    ],
  };
}

if (isMain(import.meta.url)) await runAsScript('startup', runStartup);
