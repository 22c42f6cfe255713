import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import {
  idf,
  MATCH_BUDGET_ROWS,
  matchWords,
  scoreLexical,
  termQuery,
  termShare,
  toTsQuery,
} from '../../src/hub/services/search.js';
import type { LexicalCandidate } from '../../src/hub/store/skills.js';

it('builds an OR tsquery from words only, whatever the input', () => {
  // Words of five letters or more are prefixes (summarize, summary); shorter ones exact (cors, not core).
  assert.equal(toTsQuery('Summarize my unread email!'), 'summarize:* | my | unread:* | email:*');
  assert.equal(toTsQuery("'; DROP TABLE skills; --"), 'drop | table:* | skills:*');
  assert.equal(toTsQuery('cors'), 'cors:*', 'a one-word query is a prefix (type-ahead)');
  assert.equal(toTsQuery('&|!():*<->'), '');
  assert.equal(toTsQuery('a a a').split('|').length, 1, 'deduplicated');
});

it('scores exact matches above prefix above text, with popularity as a small prior', () => {
  const c = (o: Partial<LexicalCandidate>) =>
    ({
      exact: 0,
      prefix: 0,
      text_rank: 0,
      trigram: 0,
      stars: 0,
      installs: 0,
      downloads: 0,
      ...o,
    }) as LexicalCandidate;
  const exact = scoreLexical(c({ exact: 1, prefix: 1 })).score;
  const prefix = scoreLexical(c({ prefix: 1 })).score;
  const text = scoreLexical(c({ text_rank: 0.5 })).score;
  const popular = scoreLexical(c({ text_rank: 0.5, stars: 100, installs: 1000 })).score;
  assert.ok(exact > prefix && prefix > text);
  assert.ok(popular > text && popular < prefix, 'popularity breaks ties but does not beat a prefix match');
});

it('retrieves by the rarest words, within a row budget, and always by at least one word', () => {
  const lexemes = new Map([
    ['use', 'use'],
    ['the', ''],
    ['kubernetes', 'kubernet'],
    ['pods', 'pod'],
    ['files', 'file'],
  ]);
  // 10,000 skills: "use" is in 60%, "file" in 15%, "pod" in 1%, "kubernet" below the statistics.
  const stats = {
    rows: 10_000,
    share: new Map([
      ['use', 0.6],
      ['user', 0.1],
      ['file', 0.15],
      ['pod', 0.01],
    ]),
  };
  const words = ['use', 'the', 'kubernetes', 'pods', 'files'];
  assert.deepEqual(matchWords(words, lexemes, stats), ['kubernetes', 'pods']);
  // "use" (60% of skills) is never retrieved by while a rarer word exists.
  assert.deepEqual(matchWords(['use', 'files'], lexemes, stats), ['files']);
  assert.deepEqual(matchWords(['use'], lexemes, stats), ['use'], 'one word is always kept');
  assert.deepEqual(matchWords(['the'], lexemes, stats), [], 'stop words never match');
  // A small registry: the row budget covers every word that is not too common.
  const small = { rows: 500, share: stats.share };
  assert.deepEqual(matchWords(words, lexemes, small), ['kubernetes', 'pods', 'files']);
  assert.ok(MATCH_BUDGET_ROWS / 500 >= 0.16);
  // Without statistics every word but stop words is used.
  assert.deepEqual(matchWords(words, lexemes, { rows: 0, share: new Map() }), [
    'use',
    'kubernetes',
    'pods',
    'files',
  ]);
});

it('estimates term shares from the statistics: prefixes sum their family, exact terms their own entry', () => {
  const stats = {
    rows: 1000,
    share: new Map([
      ['core', 0.4],
      ['cor', 0.01],
      ['email', 0.1],
      ['emailer', 0.05],
    ]),
  };
  assert.equal(termShare('cors', 'cor', stats), 0.01, 'exact: "cors" is not "core"');
  assert.ok(
    Math.abs(termShare('cors:*', 'cor', stats) - 0.41) < 1e-9,
    'prefix: every listed lexeme it starts',
  );
  assert.ok(Math.abs(termShare('email:*', 'email', stats) - 0.15) < 1e-9);
  assert.equal(termShare('zebra', 'zebra', stats), 0, 'not listed: rarer than every listed lexeme');
  assert.equal(termShare('x:*', '', stats), 0, 'stop words have no lexeme');
  assert.equal(termQuery('api', false), 'api');
  assert.equal(termQuery('api', true), 'api:*');
  assert.equal(termQuery('email', false), 'email:*');
});

it('weighs rare terms above common ones (BM25 idf: positive, falling with document frequency)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (rows, a) => {
      const df = Math.min(a, rows);
      const w = idf(df, rows);
      assert.ok(Number.isFinite(w) && w > 0);
      if (df < rows) assert.ok(idf(df + 1, rows) < w);
    }),
  );
  // Counts above the row estimate (stale statistics) still give a positive weight.
  assert.ok(idf(50, 10) > 0);
});
