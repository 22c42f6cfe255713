import assert from 'node:assert/strict';
import { test } from 'node:test';

const lib = (rel: string) => import(new URL(`../../bench/lib/${rel}`, import.meta.url).href);

function startupResult(weftMedian: number, nodeMedian: number) {
  const s = (m: number) => ({ n: 1, min: m, median: m, max: m, mean: m });
  return {
    metrics: [
      { id: 'startup.node', subjects: { node: { status: 'ok', summary: s(nodeMedian) } }, ratios: {} },
      {
        id: 'startup.version',
        subjects: { weft: { status: 'ok', summary: s(weftMedian) } },
        ratios: { 'weft / node -e 0': { median: weftMedian / nodeMedian } },
      },
      {
        id: 'startup.security-audit',
        subjects: { weft: { status: 'not available in this build' } },
        ratios: {},
      },
      { id: 'footprint.install_disk', subjects: { weft: { status: 'ok', summary: s(1000) } }, ratios: {} },
    ],
  };
}

test('gateValues keeps ratios to node and sizes, and skips commands this build lacks', async () => {
  const { gateValues } = await lib('gate.mjs');
  const v = gateValues([startupResult(120, 100)]);
  assert.equal(v['startup.version'].value, 1.2);
  assert.equal(v['footprint.install_disk'].value, 1000);
  assert.equal('startup.security-audit' in v, false);
});

test('compareGate fails only beyond the tolerance, and reports new and missing figures', async () => {
  const { compareGate } = await lib('gate.mjs');
  const baseline = {
    values: { a: { label: 'a', value: 1.0 }, b: { label: 'b', value: 100 }, gone: { label: 'g', value: 1 } },
  };
  const current = {
    a: { label: 'a', value: 1.09 },
    b: { label: 'b', value: 111 },
    fresh: { label: 'f', value: 2 },
  };
  const rows = compareGate(current, baseline, 0.1);
  const verdict = Object.fromEntries(rows.map((r: { id: string; verdict: string }) => [r.id, r.verdict]));
  assert.deepEqual(verdict, { a: 'ok', b: 'REGRESSION', gone: 'missing', fresh: 'new' });
});

test('an improvement never fails the gate', async () => {
  const { compareGate } = await lib('gate.mjs');
  const rows = compareGate({ a: { label: 'a', value: 0.5 } }, { values: { a: { label: 'a', value: 1 } } });
  assert.equal(rows[0].verdict, 'ok');
  assert.ok(rows[0].change < 0);
});
