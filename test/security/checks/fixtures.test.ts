import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECKS } from '../../../src/security/checks/index.js';
import { loadFixture, runChecks } from '../../../src/security/engine.js';
import { CATEGORIES } from '../../../src/security/types.js';

// Every check proves itself: each true-positive fixture fires it, each true-negative does not (STYLE §4).
describe('check fixtures', () => {
  for (const check of CHECKS) {
    describe(check.id, () => {
      it('has at least one true positive and one true negative', () => {
        assert.ok(check.fixtures.tp.length >= 1);
        assert.ok(check.fixtures.tn.length >= 1);
      });
      check.fixtures.tp.forEach((files, i) => {
        it(`fires on true positive #${i + 1}`, () => {
          const hits = runChecks(loadFixture(files), [check]);
          assert.ok(hits.length > 0, `${check.id} did not fire on ${JSON.stringify(files).slice(0, 200)}`);
        });
      });
      check.fixtures.tn.forEach((files, i) => {
        it(`stays quiet on true negative #${i + 1}`, () => {
          const hits = runChecks(loadFixture(files), [check]).filter((f) => f.context !== 'quoted-example');
          assert.deepEqual(
            hits.map((h) => `${h.file}:${h.line} ${h.snippet}`),
            [],
            `${check.id} fired on a true negative`,
          );
        });
      });
    });
  }
});

describe('check catalogue', () => {
  it('has at least 53 checks over all 10 categories with unique ids and full docs', () => {
    assert.ok(CHECKS.length >= 53, `only ${CHECKS.length} checks`);
    assert.equal(new Set(CHECKS.map((c) => c.id)).size, CHECKS.length);
    assert.deepEqual(new Set(CHECKS.map((c) => c.category)), new Set(Object.keys(CATEGORIES)));
    for (const c of CHECKS) {
      assert.match(c.id, new RegExp(`^${c.category}-\\d{3}$`));
      assert.ok(c.docs.what && c.docs.why && c.docs.fix, `${c.id} docs`);
      assert.ok(c.confidence > 0 && c.confidence <= 1, `${c.id} confidence`);
    }
  });
  it('meets the per-category minimums of SPEC §6', () => {
    const min: Record<string, number> = {
      PI: 8,
      EX: 5,
      CR: 5,
      PE: 5,
      US: 5,
      SC: 5,
      DS: 5,
      IP: 5,
      ID: 3,
      CA: 3,
    };
    for (const [cat, n] of Object.entries(min)) {
      assert.ok(CHECKS.filter((c) => c.category === cat).length >= n, `${cat} has fewer than ${n} checks`);
    }
  });
});
