import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type Candidate,
  DEFAULT_FUSION,
  EXACT_BONUS,
  fuse,
  popularityPrior,
} from '../../../src/hub/search/fusion.js';

const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 8 });
const asList = (xs: string[]): Candidate[] => xs.map((id, i) => ({ id, score: 1 - i / 10 }));
const popularity = fc.dictionary(
  fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
  fc.record({ installs: fc.nat(1_000_000), stars: fc.nat(10_000) }),
);

test('rrf explain: each hit reports its rank, score and contribution per signal, and they add up', () => {
  const rrf = { ...DEFAULT_FUSION, method: 'rrf' as const };
  const hits = fuse(
    {
      lexical: [
        { id: 'x', score: 7.5 },
        { id: 'y', score: 2 },
      ],
      vector: [{ id: 'y', score: 0.8 }],
      popularity: new Map([['y', { installs: 100, stars: 3 }]]),
    },
    rrf,
  );
  const y = hits.find((h) => h.id === 'y')!;
  assert.deepEqual(y.signals.lexical, { rank: 2, score: 2, contribution: 1.5 / 12 });
  assert.deepEqual(y.signals.vector, { rank: 1, score: 0.8, contribution: 1 / 11 });
  assert.equal(y.signals.popularity.installs, 100);
  assert.equal(y.signals.popularity.stars, 3);
  assert.ok(y.signals.popularity.contribution > 0);
  assert.ok(Math.abs(y.score - (1.5 / 12 + 1 / 11 + y.signals.popularity.contribution)) < 1e-12);
  assert.equal(hits[0]!.id, 'y', 'found by both signals beats found by one');
  assert.equal(hits.find((h) => h.id === 'x')!.signals.vector, undefined);
});

test('relative scores: a far-behind runner-up does not overtake the leader on one vector rank', () => {
  // Lexical: x leads by far (10 vs 2.2 over a floor of 2); vector: y first, x third and close.
  const input = {
    lexical: [
      { id: 'x', score: 10 },
      { id: 'y', score: 2.2 },
      { id: 'w', score: 2 },
    ],
    vector: [
      { id: 'y', score: 0.62 },
      { id: 'q', score: 0.61 },
      { id: 'x', score: 0.6 },
      { id: 'w', score: 0.3 },
    ],
  };
  const hits = fuse(input);
  assert.deepEqual(
    hits.map((h) => h.id),
    ['x', 'y', 'q', 'w'],
  );
  const x = hits[0]!;
  const top = (w: number) => w / (DEFAULT_FUSION.k + 1);
  assert.deepEqual(x.signals.lexical, {
    rank: 1,
    score: 10,
    contribution: top(DEFAULT_FUSION.lexicalWeight),
  });
  const vx = x.signals.vector!;
  assert.equal(vx.rank, 3);
  assert.ok(Math.abs(vx.contribution - top(1) * ((0.6 - 0.3) / (0.62 - 0.3))) < 1e-12);
  assert.ok(Math.abs(x.score - (x.signals.lexical!.contribution + vx.contribution)) < 1e-12);
  assert.equal(hits[3]!.signals.lexical!.contribution, 0, 'the floor of a list adds nothing');
  // Rank fusion ignores the gap and puts y first.
  assert.equal(fuse(input, { ...DEFAULT_FUSION, method: 'rrf' })[0]!.id, 'y');
  // A list of one, or of equal scores, counts as the best of its list; non-finite scores add nothing.
  const one = fuse({ lexical: [{ id: 'a', score: 3 }], vector: [{ id: 'b', score: Number.NaN }] });
  assert.equal(one[0]!.id, 'a');
  assert.equal(one.find((h) => h.id === 'b')!.signals.vector!.contribution, 0);
});

test('property: the fused list is the union of the inputs, without duplicates, best first', () => {
  fc.assert(
    fc.property(ids, fc.option(ids, { nil: null }), popularity, (lex, vec, pop) => {
      const hits = fuse({
        lexical: asList(lex),
        vector: vec && asList(vec),
        popularity: new Map(Object.entries(pop)),
      });
      assert.deepEqual(new Set(hits.map((h) => h.id)), new Set([...lex, ...(vec ?? [])]));
      assert.equal(new Set(hits.map((h) => h.id)).size, hits.length);
      for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.score >= hits[i]!.score);
    }),
  );
});

test('property: popularity only breaks near-ties; first in both lists stays first', () => {
  fc.assert(
    fc.property(ids, popularity, (rest, pop) => {
      const lex = ['top', ...rest];
      const vec = ['top', ...[...rest].reverse()];
      const hits = fuse({
        lexical: asList(lex),
        vector: asList(vec),
        popularity: new Map(Object.entries(pop)),
      });
      assert.equal(hits[0]!.id, 'top');
    }),
  );
});

test('property: moving an item up one list never moves it down the fused ranking', () => {
  fc.assert(
    fc.property(
      ids.filter((x) => x.length >= 2),
      ids,
      fc.nat(),
      (lex, vec, pick) => {
        const i = 1 + (pick % (lex.length - 1));
        const moved = [...lex];
        [moved[i - 1], moved[i]] = [moved[i]!, moved[i - 1]!];
        const id = lex[i]!;
        const pos = (l: string[]) =>
          fuse({ lexical: asList(l), vector: asList(vec) }).findIndex((h) => h.id === id);
        assert.ok(pos(moved) <= pos(lex));
      },
    ),
  );
});

test('an exact slug match is pinned first even if no signal found it', () => {
  const hits = fuse({ lexical: asList(['a', 'b']), vector: asList(['b', 'a']), exact: new Set(['z']) });
  assert.equal(hits[0]!.id, 'z');
  assert.deepEqual(hits[0]!.signals.exact, { contribution: EXACT_BONUS });
});

test('popularity prior is monotone, bounded and zero for unknown skills', () => {
  assert.equal(popularityPrior({ installs: 0, stars: 0 }), 0);
  assert.ok(popularityPrior({ installs: 10, stars: 0 }) < popularityPrior({ installs: 1000, stars: 0 }));
  assert.ok(popularityPrior({ installs: 1000, stars: 0 }) < popularityPrior({ installs: 1000, stars: 10 }));
  assert.equal(popularityPrior({ installs: 1e12, stars: 1e9 }), DEFAULT_FUSION.popularityWeight);
  assert.equal(popularityPrior({ installs: -5, stars: -5 }), 0);
});
