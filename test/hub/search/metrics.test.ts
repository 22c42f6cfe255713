import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ndcgAt, recallAt, reciprocalRank, summarize } from '../../../src/hub/search/metrics.js';

test('known values', () => {
  const rel = new Set(['b', 'd']);
  const ranked = ['a', 'b', 'c', 'd'];
  assert.equal(reciprocalRank(ranked, rel), 0.5);
  assert.equal(reciprocalRank(ranked, rel, 1), 0);
  assert.equal(recallAt(ranked, rel, 1), 0);
  assert.equal(recallAt(ranked, rel, 2), 0.5);
  assert.equal(recallAt(ranked, rel, 10), 1);
  const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
  const ideal = 1 + 1 / Math.log2(3);
  assert.ok(Math.abs(ndcgAt(ranked, rel) - dcg / ideal) < 1e-12);
  assert.equal(ndcgAt(['b', 'd'], rel), 1);
  const s = summarize([
    { ranked, relevant: rel },
    { ranked: ['d'], relevant: new Set(['d']) },
  ]);
  assert.equal(s.mrr10, 0.75);
  assert.equal(s.queries, 2);
});

test('property: every metric is in [0, 1], and a perfect ranking scores 1', () => {
  const idsArb = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 20 });
  fc.assert(
    fc.property(idsArb, idsArb, (ranked, relevant) => {
      const rel = new Set(relevant);
      for (const v of [reciprocalRank(ranked, rel), recallAt(ranked, rel, 5), ndcgAt(ranked, rel)]) {
        assert.ok(v >= 0 && v <= 1);
      }
      const perfect = [...rel];
      assert.equal(reciprocalRank(perfect, rel), 1);
      assert.ok(Math.abs(ndcgAt(perfect, rel) - 1) < 1e-12);
    }),
  );
});
