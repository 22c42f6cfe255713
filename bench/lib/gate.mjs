// The figures the regression gate compares. Each is machine-independent enough to
// compare across runs: a ratio to `node -e 0` measured in the same run, or a size.

const byId = (results, id) => results.flatMap((r) => r.metrics).find((m) => m.id === id);

function ratioToNode(results, id, nodeId) {
  const m = byId(results, id);
  const n = byId(results, nodeId);
  const w = m?.subjects.weft;
  if (w?.status !== 'ok') return undefined;
  const paired = m.ratios?.['weft / node -e 0'];
  if (paired?.median != null) return paired.median;
  const base = n?.subjects.node?.summary?.median;
  return base ? w.summary.median / base : undefined;
}

function absolute(results, id) {
  const m = byId(results, id);
  return m?.subjects.weft?.status === 'ok' ? m.subjects.weft.summary.median : undefined;
}

/** [id, label, extractor]; every figure is lower-is-better. */
export const GATES = [
  [
    'startup.version',
    '`weft --version` / `node -e 0` (time)',
    (r) => ratioToNode(r, 'startup.version', 'startup.node'),
  ],
  [
    'startup.help',
    '`weft --help` / `node -e 0` (time)',
    (r) => ratioToNode(r, 'startup.help', 'startup.node'),
  ],
  [
    'startup.security-audit',
    '`weft security audit` / `node -e 0` (time)',
    (r) => ratioToNode(r, 'startup.security-audit', 'startup.node'),
  ],
  [
    'startup.skill-list',
    '`weft skill list` / `node -e 0` (time)',
    (r) => ratioToNode(r, 'startup.skill-list', 'startup.node'),
  ],
  [
    'rss.version',
    '`weft --version` / `node -e 0` (peak RSS)',
    (r) => ratioToNode(r, 'rss.version', 'rss.node'),
  ],
  ['rss.help', '`weft --help` / `node -e 0` (peak RSS)', (r) => ratioToNode(r, 'rss.help', 'rss.node')],
  [
    'rss.security-audit',
    '`weft security audit` / `node -e 0` (peak RSS)',
    (r) => ratioToNode(r, 'rss.security-audit', 'rss.node'),
  ],
  [
    'rss.skill-list',
    '`weft skill list` / `node -e 0` (peak RSS)',
    (r) => ratioToNode(r, 'rss.skill-list', 'rss.node'),
  ],
  ['gateway.idle_rss', 'gateway idle RSS (KiB)', (r) => absolute(r, 'gateway.idle_rss')],
  ['footprint.install_disk', 'installed size on disk (bytes)', (r) => absolute(r, 'footprint.install_disk')],
  ['footprint.tarball', 'npm tarball (bytes)', (r) => absolute(r, 'footprint.tarball')],
];

export function gateValues(results) {
  const out = {};
  for (const [id, label, get] of GATES) {
    const v = get(results);
    if (v != null && Number.isFinite(v)) out[id] = { label, value: Math.round(v * 1000) / 1000 };
  }
  return out;
}

/**
 * Compares current values with the baseline. A figure regresses when it is more
 * than `tolerance` (default 10%) above its baseline. Figures without a baseline
 * are reported as new; baseline figures missing now are reported, not failed
 * (a command may be absent in a partial build).
 */
export function compareGate(current, baseline, tolerance = 0.1) {
  const rows = [];
  for (const [id, b] of Object.entries(baseline.values ?? {})) {
    const c = current[id];
    if (!c) {
      rows.push({ id, label: b.label, baseline: b.value, current: null, change: null, verdict: 'missing' });
      continue;
    }
    const change = c.value / b.value - 1;
    rows.push({
      id,
      label: c.label,
      baseline: b.value,
      current: c.value,
      change,
      verdict: change > tolerance ? 'REGRESSION' : 'ok',
    });
  }
  for (const [id, c] of Object.entries(current)) {
    if (!(id in (baseline.values ?? {})))
      rows.push({ id, label: c.label, baseline: null, current: c.value, change: null, verdict: 'new' });
  }
  return rows;
}
