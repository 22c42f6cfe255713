import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scoreLexical, toTsQuery } from '../../src/hub/services/search.js';
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
