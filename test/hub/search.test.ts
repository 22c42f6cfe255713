import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MATCH_BUDGET_ROWS, matchWords, scoreLexical, toTsQuery } from '../../src/hub/services/search.js';
import type { LexicalCandidate } from '../../src/hub/store/skills.js';

it('builds an OR prefix tsquery from words only, whatever the input', () => {
  assert.equal(toTsQuery('Summarize my unread email!'), 'summarize:* | my:* | unread:* | email:*');
  assert.equal(toTsQuery("'; DROP TABLE skills; --"), 'drop:* | table:* | skills:*');
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
  // "use:*" also matches "user": 70% of skills, never retrieved by while a rarer word exists.
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
