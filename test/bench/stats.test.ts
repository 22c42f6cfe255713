import assert from 'node:assert/strict';
import { test } from 'node:test';

// bench/ is plain ESM JavaScript; a computed specifier keeps tsc from demanding declarations.
const lib = (rel: string) => import(new URL(`../../bench/lib/${rel}`, import.meta.url).href);

test('summarize gives min, median, max and mean, ignoring non-finite samples', async () => {
  const { summarize } = await lib('stats.mjs');
  assert.deepEqual(summarize([3, 1, 2, Number.NaN]), { n: 3, min: 1, median: 2, max: 3, mean: 2 });
  assert.equal(summarize([4, 1, 3, 2]).median, 2.5);
  assert.deepEqual(summarize([]), { n: 0, min: null, median: null, max: null, mean: null });
});

test('percentile uses nearest rank', async () => {
  const { percentile } = await lib('stats.mjs');
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(xs, 50), 50);
  assert.equal(percentile(xs, 99), 99);
  assert.equal(percentile(xs, 100), 100);
  assert.equal(percentile([], 50), null);
});

test('ratio pairs interleaved runs so a shared load spike cancels out', async () => {
  const { ratio, summarize } = await lib('stats.mjs');
  // Run 3 hit a spike that slowed both subjects 10x; paired ratios stay at 1.5.
  const a = [15, 15, 150, 15];
  const b = [10, 10, 100, 10];
  const r = ratio({ summary: summarize(a), samples: a }, { summary: summarize(b), samples: b });
  assert.deepEqual(r, { paired: true, n: 4, min: 1.5, median: 1.5, max: 1.5 });
});

test('ratio falls back to dividing summaries when runs are not paired', async () => {
  const { ratio, summarize } = await lib('stats.mjs');
  const r = ratio({ summary: summarize([20, 40]) }, { summary: summarize([10, 10, 20]) });
  assert.deepEqual(r, { paired: false, min: 2, median: 3, max: 2 });
  assert.equal(ratio(undefined, { summary: summarize([1]) }), null);
});
