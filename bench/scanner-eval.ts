/**
 * Scanner evaluation: `npm run eval:scanner -- --corpus DIR [--verbose]`.
 * DIR holds labels.csv (id,label,source,family,provenance,attack_categories)
 * and items/<id>/. Items are read as bytes only; nothing in them is executed.
 * Writes bench/results/scanner-eval.json and .md.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scanSkillDir } from '../src/security/engine.js';
import { rulesetHash } from '../src/security/scan.js';
import type { SkillScanResult, Verdict } from '../src/security/types.js';
import { packageVersion } from '../src/version.js';

interface Row {
  id: string;
  label: string;
  source: string;
  family: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const corpus = arg('--corpus');
if (!corpus) {
  console.error('usage: npm run eval:scanner -- --corpus DIR [--verbose] [--out bench/results]');
  process.exit(2);
}
const verbose = process.argv.includes('--verbose');
const outDir = arg('--out') ?? join(import.meta.dirname, 'results');

const csv = await readFile(join(corpus, 'labels.csv'), 'utf8');
const rows: Row[] = csv
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => {
    const [id, label, source, family] = l.split(',');
    return { id: id!, label: label!, source: source!, family: family ?? '' };
  });

const results = new Map<string, SkillScanResult>();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let slowest = { id: '', ms: 0 };
for (const r of rows) {
  const res = await scanSkillDir(join(corpus, 'items', r.id));
  results.set(r.id, res);
  if (res.ms > slowest.ms) slowest = { id: r.id, ms: res.ms };
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

const isMal = (label: string): boolean => label.startsWith('malicious');
const pct = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 1000) / 10);

function rates(subset: Row[]) {
  const n = subset.length;
  const block = subset.filter((r) => results.get(r.id)!.verdict === 'block').length;
  const any = subset.filter((r) => results.get(r.id)!.verdict !== 'pass').length;
  return { n, block, any, blockRate: pct(block, n), anyRate: pct(any, n) };
}

const groupBy = (key: (r: Row) => string) => {
  const m = new Map<string, Row[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return Object.fromEntries([...m.entries()].sort().map(([k, v]) => [k, rates(v)]));
};

const perLabel = groupBy((r) => r.label);
const perSource = groupBy((r) => `${r.label}/${r.source}`);
const benign = rows.filter((r) => r.label === 'benign');
const hardneg = benign.filter((r) => r.source === 'CLAWHUB-HARDNEG');
const benignRates = rates(benign);
const hardnegRates = rates(hardneg);
const malicious = rows.filter((r) => r.label === 'malicious');
const malRates = rates(malicious);
const tpr = malRates.block / Math.max(1, malRates.n);
const fpr = benignRates.block / Math.max(1, benignRates.n);
const base = 0.02;
const precisionAt2pct = tpr + fpr === 0 ? 0 : (tpr * base) / (tpr * base + fpr * (1 - base));

const confusion: Record<string, Record<Verdict, number>> = {};
for (const r of rows) {
  confusion[r.label] ??= { block: 0, warn: 0, pass: 0 };
  confusion[r.label]![results.get(r.id)!.verdict]++;
}

// Which checks drive blocks, per side: the tuning view.
const blockDrivers: Record<string, { malicious: number; benign: number }> = {};
for (const r of rows) {
  const res = results.get(r.id)!;
  if (res.verdict !== 'block') continue;
  const ids = new Set(
    res.findings
      .filter(
        (f) =>
          !f.suppressed &&
          (f.severity === 'critical' || f.severity === 'high') &&
          f.intent === 'malicious' &&
          f.confidence >= 0.7,
      )
      .map((f) => f.checkId),
  );
  for (const id of ids) {
    blockDrivers[id] ??= { malicious: 0, benign: 0 };
    if (isMal(r.label)) blockDrivers[id]!.malicious++;
    else if (r.label === 'benign') blockDrivers[id]!.benign++;
  }
}

const report = {
  tool: { name: 'weft', version: packageVersion(), rulesetHash: rulesetHash() },
  corpus: { items: rows.length },
  perLabel,
  perSource,
  benignFpr: { atBlock: benignRates.blockRate, atAnyFinding: benignRates.anyRate, n: benignRates.n },
  hardNegativeFpr: { atBlock: hardnegRates.blockRate, atAnyFinding: hardnegRates.anyRate, n: hardnegRates.n },
  precisionAt2pctBaseRate: Math.round(precisionAt2pct * 1000) / 1000,
  confusion,
  blockDrivers,
  speed: {
    skills: rows.length,
    seconds: Math.round(seconds * 100) / 100,
    skillsPerSecond: Math.round((rows.length / seconds) * 10) / 10,
    cpuSeconds: Math.round(cpuSeconds * 100) / 100,
    skillsPerCpuSecond: Math.round((rows.length / cpuSeconds) * 10) / 10,
    slowestSkillMs: slowest.ms,
  },
};

await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, 'scanner-eval.json'), `${JSON.stringify(report, null, 2)}\n`);
const mdLines = [
  '# Scanner evaluation',
  '',
  `weft ${report.tool.version}, ruleset ${report.tool.rulesetHash}, ${rows.length} items.`,
  '',
  '| label | n | recall/rate at block | at any finding (warn+block) |',
  '| --- | ---: | ---: | ---: |',
  ...Object.entries(perLabel).map(([k, v]) => `| ${k} | ${v.n} | ${v.blockRate}% | ${v.anyRate}% |`),
  '',
  '| label/source | n | at block | at any finding |',
  '| --- | ---: | ---: | ---: |',
  ...Object.entries(perSource).map(([k, v]) => `| ${k} | ${v.n} | ${v.blockRate}% | ${v.anyRate}% |`),
  '',
  `Benign FPR: ${report.benignFpr.atBlock}% at block, ${report.benignFpr.atAnyFinding}% at any finding (n=${benignRates.n}).`,
  `Hard negatives (CLAWHUB-HARDNEG): ${report.hardNegativeFpr.atBlock}% at block, ${report.hardNegativeFpr.atAnyFinding}% at any finding (n=${hardnegRates.n}).`,
  `Precision at a 2% base rate (malicious recall vs benign FPR at block): ${report.precisionAt2pctBaseRate}.`,
  '',
  '| label | block | warn | pass |',
  '| --- | ---: | ---: | ---: |',
  ...Object.entries(confusion).map(([k, v]) => `| ${k} | ${v.block} | ${v.warn} | ${v.pass} |`),
  '',
  `Speed: ${report.speed.skillsPerSecond} skills/s wall (${rows.length} skills in ${report.speed.seconds} s, one process, sequential, slowest skill ${slowest.ms} ms); ${report.speed.skillsPerCpuSecond} skills per CPU-second (${report.speed.cpuSeconds} s CPU).`,
  '',
];
await writeFile(join(outDir, 'scanner-eval.md'), mdLines.join('\n'));
console.log(mdLines.join('\n'));

if (verbose) {
  const show = (r: Row): string => {
    const res = results.get(r.id)!;
    const top = res.findings
      .filter((f) => !f.suppressed && f.severity !== 'info')
      .slice(0, 3)
      .map(
        (f) => `${f.checkId}(${f.severity[0]},${f.confidence},${f.file}:${f.line}) ${f.snippet.slice(0, 90)}`,
      );
    return `${r.id} [${r.label}/${r.source}] ${res.verdict}\n    ${top.join('\n    ')}`;
  };
  console.error('\n## benign blocked');
  for (const r of benign) if (results.get(r.id)!.verdict === 'block') console.error(show(r));
  console.error('\n## malicious not blocked');
  for (const r of rows) if (isMal(r.label) && results.get(r.id)!.verdict !== 'block') console.error(show(r));
}
