import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildVocabulary, tokenize } from '../../../../src/hub/search/embed/tokenizer.js';

const pieces: Array<[string, number]> = [
  ['<unk>', 0],
  ['<s>', 0],
  ['</s>', 0],
  ['r1', 0],
  ['r2', 0],
  ['r3', 0],
  ['\u2581', -5],
  ['\u2581e', -6],
  ['\u2581email', -7],
  ['\u2581un', -6],
  ['read', -6],
  ['e', -4],
  ['m', -4],
  ['a', -4],
  ['i', -4],
  ['l', -4],
  ['r', -4],
  ['d', -4],
  ['u', -4],
  ['n', -4],
];
const vocab = buildVocabulary(pieces);
const text = (ids: number[]) => ids.map((i) => pieces[i]![0]).join('');

test('picks the highest-scoring segmentation, not the greedy longest match', () => {
  assert.equal(text(tokenize(vocab, 'email unread')), '\u2581email\u2581unread');
  assert.deepEqual(
    tokenize(vocab, 'email').map((i) => pieces[i]![0]),
    ['\u2581email'],
  );
});

test('unknown characters map to <unk>, and runs of them collapse to one', () => {
  const ids = tokenize(vocab, 'e\u2603\u2603e');
  assert.deepEqual(ids, [7, 0, 11]);
});

test('empty and whitespace-only input yields no tokens', () => {
  assert.deepEqual(tokenize(vocab, ''), []);
  assert.deepEqual(tokenize(vocab, ' \n\t '), []);
});

test('property: tokens of in-vocabulary text spell the normalized input back', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('e', 'm', 'a', 'i', 'l', 'r', 'd', 'u', 'n', ' '), { maxLength: 40 }),
      (chars) => {
        const input = chars.join('');
        const normalized = input.replace(/\s+/g, ' ').trim();
        const ids = tokenize(vocab, input);
        assert.ok(!ids.includes(0));
        assert.equal(text(ids), normalized.length ? `\u2581${normalized.replaceAll(' ', '\u2581')}` : '');
      },
    ),
  );
});
