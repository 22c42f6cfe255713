// Writes suite results as JSON plus a markdown table under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';

export const NOT_AVAILABLE = 'not available in this build';
export const resultsDir = () => process.env.BENCH_RESULTS_DIR || join(repoRoot, 'bench', 'results');

const LABELS = { weft: 'weft', openclaw: 'OpenClaw', node: 'node -e 0', node24: 'node24 -e 0' };

function fmt(v, unit) {
  if (v == null) return '–';
  if (unit === 'ms') return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
  if (unit === 'KiB') return `${(v / 1024).toFixed(1)} MiB`;
  if (unit === 'bytes')
    return v >= 2 ** 20 ? `${(v / 2 ** 20).toFixed(1)} MiB` : `${(v / 1024).toFixed(1)} KiB`;
  if (unit === 'msg/s' || unit === 'ops/s') return `${v.toFixed(v < 100 ? 1 : 0)} ${unit}`;
  return `${v} ${unit ?? ''}`.trim();
}

function cell(m, id) {
  const s = m.subjects[id];
  if (!s) return '';
  if (s.status === 'failed') return `failed (${(s.reason ?? '').slice(0, 80)})`;
  if (s.status !== 'ok') return s.reason && s.reason !== NOT_AVAILABLE ? `n/a: ${s.reason}` : s.status;
  const { min, median, max, n } = s.summary;
  if (n <= 1 || min === max) return fmt(median, m.unit);
  return `${fmt(median, m.unit)} (${fmt(min, m.unit)}–${fmt(max, m.unit)})`;
}

function ratioCell(r) {
  if (!r) return '–';
  if (r.min == null && r.median != null) return `${r.median}×`;
  if (r.median == null) return '–';
  return r.min === r.max ? `${r.median}×` : `**${r.median}×** (min ${r.min}×, max ${r.max}×)`;
}

/** Renders metrics as one markdown table: subjects as columns, then ratio columns. */
export function markdownTable(metrics) {
  const order = ['weft', 'openclaw', 'node', 'node24'];
  const rank = (s) => (order.includes(s) ? order.indexOf(s) : order.length);
  const subjects = [...new Set(metrics.flatMap((m) => Object.keys(m.subjects)))].sort(
    (a, b) => rank(a) - rank(b),
  );
  const ratioKeys = [...new Set(metrics.flatMap((m) => Object.keys(m.ratios ?? {})))];
  const head = [
    'Metric',
    ...subjects.map((s) => `${LABELS[s] ?? s} median (min–max)`),
    ...ratioKeys.map((k) => `${k} (median)`),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const m of metrics) {
    const row = [
      m.label,
      ...subjects.map((s) => cell(m, s)),
      ...ratioKeys.map((k) => ratioCell(m.ratios?.[k])),
    ];
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function suiteMarkdown(result) {
  const m = result.machine;
  return [
    `# ${result.title}`,
    '',
    `${m.date} · git ${m.git.sha}${m.git.dirty ? '+dirty' : ''} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.kernel}, ${m.node}${m.node24 ? ` / ${m.node24}` : ''} · load at start ${m.loadavgAtStart.join(' ')}`,
    '',
    markdownTable(result.metrics),
    '',
    ...(result.notes ?? []).map((n) => `- ${n}`),
    '',
  ].join('\n');
}

/** Writes bench/results/<name>.json and <name>.md; returns the paths. */
export function writeSuite(name, result) {
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(md, suiteMarkdown(result));
  return { json, md };
}

/** A metric row: `subjects` maps subject id to { status, summary?, reason?, samples? }. */
export function metric(id, label, unit, subjects, ratios = {}) {
  return {
    id,
    label,
    unit,
    better: unit === 'msg/s' || unit === 'ops/s' ? 'higher' : 'lower',
    subjects,
    ratios,
  };
}

export const unavailable = (reason = NOT_AVAILABLE) => ({ status: NOT_AVAILABLE, reason });
