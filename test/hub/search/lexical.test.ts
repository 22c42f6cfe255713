import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchDocument } from '../../../src/hub/search/document.js';
import { buildLexicalIndex, lexicalTerms } from '../../../src/hub/search/lexical.js';

const doc = (id: string, slug: string, description: string, body = ''): SearchDocument => ({
  id,
  slug,
  name: slug,
  description,
  tags: [],
  body,
});
const docs = [
  doc('1', 'imap-email', 'Read and manage email via IMAP mailboxes'),
  doc('2', 'email-template-gen', 'Generate responsive email templates'),
  doc('3', 'kubectl', 'Manage Kubernetes clusters', 'deploy pods and services'),
  doc('4', 'ripgrep', 'Fast recursive text search'),
];
const index = buildLexicalIndex(docs);

test('terms are lowercased, stopword-free and plural-insensitive', () => {
  assert.deepEqual(lexicalTerms('Summarize my unread Emails!'), ['summarize', 'unread', 'email']);
  assert.deepEqual(lexicalTerms('searches boxes'), ['search', 'box']);
});

test('OR semantics: a query with words no skill contains still finds partial matches', () => {
  const hits = index.search('summarize my unread emails', 10);
  assert.deepEqual(new Set(hits.map((h) => h.id)), new Set(['1', '2']));
});

test('an exact slug outranks skills that only mention it, and a prefix boosts', () => {
  assert.equal(index.search('email-template-gen', 10)[0]!.id, '2');
  assert.equal(index.search('kubectl', 10)[0]!.id, '3');
  assert.equal(index.search('ripg', 10)[0]!.id, '4');
});

test('body text is searchable but weighs less than the description', () => {
  assert.equal(index.search('deploy pods', 10)[0]!.id, '3');
  assert.deepEqual(index.search('nothing-like-this', 10), []);
});
