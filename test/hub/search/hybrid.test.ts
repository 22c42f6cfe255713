import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WeftError } from '../../../src/errors.js';
import type { Embedder } from '../../../src/hub/search/embed/types.js';
import type { Candidate } from '../../../src/hub/search/fusion.js';
import { type HybridSources, hybridSearch } from '../../../src/hub/search/hybrid.js';

const fakeEmbedder: Embedder = {
  modelId: 'test-model',
  dims: 2,
  embed: async (texts) => texts.map(() => Float32Array.of(1, 0)),
};
const failingEmbedder: Embedder = {
  modelId: 'broken',
  dims: 2,
  embed: async () => {
    throw new WeftError('E_EMBEDDER_UNAVAILABLE', 'model file is gone');
  },
};

function sources(calls: string[]): HybridSources {
  return {
    lexical: async (q, n) => {
      calls.push(`lexical:${q}:${n}`);
      return [{ id: 'lex-1', score: 3 }];
    },
    vector: async (_v, modelId, n): Promise<Candidate[]> => {
      calls.push(`vector:${modelId}:${n}`);
      return [
        { id: 'vec-1', score: 0.9 },
        { id: 'lex-1', score: 0.5 },
      ];
    },
    popularity: async (ids) => new Map(ids.map((id) => [id, { installs: 10, stars: 1 }])),
    exact: async () => [],
  };
}

test('hybrid runs both signals and explains each hit', async () => {
  const calls: string[] = [];
  const res = await hybridSearch(sources(calls), { query: 'q', embedder: fakeEmbedder, depth: 7 });
  assert.equal(res.mode, 'hybrid');
  assert.equal(res.fallback, null);
  assert.equal(res.modelId, 'test-model');
  assert.deepEqual(calls.sort(), ['lexical:q:7', 'vector:test-model:7']);
  assert.equal(res.hits[0]!.id, 'lex-1');
  assert.equal(res.hits[0]!.signals.lexical?.rank, 1);
  assert.equal(res.hits[0]!.signals.vector?.rank, 2);
  assert.equal(res.hits[0]!.signals.popularity.installs, 10);
});

test('falls back to lexical and says why when the embedder fails', async () => {
  const calls: string[] = [];
  const res = await hybridSearch(sources(calls), { query: 'q', embedder: failingEmbedder });
  assert.equal(res.mode, 'lexical');
  assert.equal(res.requestedMode, 'hybrid');
  assert.match(res.fallback!.reason, /model file is gone/);
  assert.deepEqual(
    res.hits.map((h) => h.id),
    ['lex-1'],
  );
  assert.ok(!calls.some((c) => c.startsWith('vector')));
});

test('falls back when no embedder is configured, with the configured reason', async () => {
  const res = await hybridSearch(sources([]), {
    query: 'q',
    embedder: null,
    embedderError: 'WEFT_EMBEDDER=none',
  });
  assert.equal(res.mode, 'lexical');
  assert.deepEqual(res.fallback, { reason: 'WEFT_EMBEDDER=none' });
});

test('lexical mode never embeds; vector mode skips the keyword query', async () => {
  const calls: string[] = [];
  const lex = await hybridSearch(sources(calls), { query: 'q', mode: 'lexical', embedder: failingEmbedder });
  assert.equal(lex.fallback, null);
  assert.equal(lex.mode, 'lexical');
  calls.length = 0;
  const vec = await hybridSearch(sources(calls), { query: 'q', mode: 'vector', embedder: fakeEmbedder });
  assert.equal(vec.mode, 'vector');
  assert.deepEqual(calls, ['vector:test-model:50']);
  assert.equal(vec.hits[0]!.id, 'vec-1');
});

test('only candidates the store returned can appear: excluded (quarantined) ids stay out', async () => {
  const quarantined = new Set(['bad']);
  const all: Candidate[] = [
    { id: 'bad', score: 9 },
    { id: 'good', score: 1 },
  ];
  const visible = (xs: Candidate[]) => xs.filter((c) => !quarantined.has(c.id));
  const res = await hybridSearch(
    {
      lexical: async () => visible(all),
      vector: async () => visible(all),
      exact: async (slug) => (slug === 'bad' ? [] : []),
    },
    { query: 'bad', embedder: fakeEmbedder },
  );
  assert.deepEqual(
    res.hits.map((h) => h.id),
    ['good'],
  );
});
