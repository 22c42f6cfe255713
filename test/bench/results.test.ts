import assert from 'node:assert/strict';
import { test } from 'node:test';

const lib = (rel: string) => import(new URL(`../../bench/lib/${rel}`, import.meta.url).href);

test('markdownTable shows missing commands as not available and ratios with their spread', async () => {
  const { markdownTable, metric, unavailable } = await lib('results.mjs');
  const s = (min: number, median: number, max: number) => ({ n: 3, min, median, max, mean: median });
  const rows = [
    metric(
      'startup.version',
      '`--version`',
      'ms',
      {
        weft: { status: 'ok', summary: s(40, 50, 90) },
        openclaw: { status: 'ok', summary: s(200, 230, 400) },
      },
      { 'weft / OpenClaw': { min: 0.2, median: 0.217, max: 0.225 } },
    ),
    metric('startup.security-audit', '`security audit`', 'ms', {
      weft: unavailable(),
      openclaw: { status: 'ok', summary: s(11000, 12000, 18000) },
    }),
  ];
  const md = markdownTable(rows);
  const lines = md.split('\n');
  assert.match(
    lines[0],
    /^\| Metric \| weft median \(min–max\) \| OpenClaw median \(min–max\) \| weft \/ OpenClaw \(median\) \|$/,
  );
  assert.match(
    lines[2],
    /\| 50 ms \(40 ms–90 ms\) \| 230 ms \(200 ms–400 ms\) \| \*\*0\.217×\*\* \(min 0\.2×, max 0\.225×\) \|$/,
  );
  assert.match(lines[3], /\| not available in this build \| 12\.00 s \(11\.00 s–18\.00 s\) \| – \|$/);
});

test('metric marks throughput as higher-is-better and everything else lower-is-better', async () => {
  const { metric } = await lib('results.mjs');
  assert.equal(metric('x', 'x', 'msg/s', {}).better, 'higher');
  assert.equal(metric('x', 'x', 'KiB', {}).better, 'lower');
});
