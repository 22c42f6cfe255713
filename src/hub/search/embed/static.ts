/**
 * Static token-table embedder: a text is the SIF-weighted mean of per-token vectors that were
 * distilled once from the Universal Sentence Encoder lite (scripts/search/distill-static-embedder.mjs).
 * No TensorFlow and no network at run time: ~4 MB table, sub-millisecond queries.
 *
 * Table file layout (little endian): "WEFTSTE1", u32 header length, JSON header
 * {format, version, modelId, source, dims, vocab: [piece, logProb][]}, f32 scale per token,
 * then int8 token vectors (value * scale = original component).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WeftError } from '../../../errors.js';
import { buildVocabulary, tokenize, type Vocabulary } from './tokenizer.js';
import { type Embedder, normalize } from './types.js';

/** SIF smoothing (Arora et al. 2017): frequent tokens like "the" or "." weigh almost nothing. */
const SIF_A = 1e-3;
/** <unk>, <s>, </s> and three reserved ids carry no meaning. */
const RESERVED_IDS = 6;
/** Long texts add little after the first few hundred tokens and cost linear time. */
const MAX_TOKENS = 1024;
/**
 * Token at position i weighs 1 / (1 + i / POSITION_DECAY): skill texts lead with what they do
 * and trail off into usage details, and a plain mean lets the tail drown the lead (measured in
 * docs/search.md: MRR@10 0.74 with a flat mean over 1,000 body chars, 0.85 with this decay).
 */
const POSITION_DECAY = 50;

export const DEFAULT_STATIC_TABLE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'models',
  'search',
  'use-lite-static-v1.bin',
);

export interface StaticTable {
  modelId: string;
  dims: number;
  vocab: Vocabulary;
  /** Row-major dequantised vectors, already multiplied by each token's SIF weight. */
  weighted: Float32Array;
}

export function parseStaticTable(buf: Uint8Array): StaticTable {
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.length < 12 || view.toString('ascii', 0, 8) !== 'WEFTSTE1') {
    throw new WeftError('E_EMBEDDER_UNAVAILABLE', 'static embedding table has a bad magic header');
  }
  const headerLen = view.readUInt32LE(8);
  const header = JSON.parse(view.toString('utf8', 12, 12 + headerLen)) as {
    modelId: string;
    dims: number;
    vocab: Array<[string, number]>;
  };
  const n = header.vocab.length;
  const dims = header.dims;
  const off = 12 + headerLen;
  if (view.length !== off + n * 4 + n * dims) {
    throw new WeftError('E_EMBEDDER_UNAVAILABLE', 'static embedding table is truncated', {
      expected: off + n * 4 + n * dims,
      actual: view.length,
    });
  }
  const vocab = buildVocabulary(header.vocab);
  // Copy into aligned typed arrays (the JSON header leaves the payload at an arbitrary offset).
  const scales = new Float32Array(view.buffer.slice(view.byteOffset + off, view.byteOffset + off + n * 4));
  const q = new Int8Array(view.buffer, view.byteOffset + off + n * 4, n * dims);
  const weighted = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    const scale = scales[i]!;
    for (let d = 0; d < dims; d++) weighted[i * dims + d] = q[i * dims + d]! * scale;
  }
  // SIF's common-component removal: every single-token USE vector shares one large direction
  // (unrelated sentences score ~0.9 cosine with it). Project the mean token direction out.
  const common = new Float32Array(dims);
  for (let i = RESERVED_IDS; i < n; i++) for (let d = 0; d < dims; d++) common[d]! += weighted[i * dims + d]!;
  normalize(common);
  for (let i = 0; i < n; i++) {
    const p = Math.exp(vocab.scores[i]!);
    const w = i < RESERVED_IDS ? 0 : SIF_A / (SIF_A + p);
    let proj = 0;
    for (let d = 0; d < dims; d++) proj += weighted[i * dims + d]! * common[d]!;
    for (let d = 0; d < dims; d++) weighted[i * dims + d] = (weighted[i * dims + d]! - proj * common[d]!) * w;
  }
  return { modelId: header.modelId, dims, vocab, weighted };
}

export function embedWithTable(table: StaticTable, text: string): Float32Array {
  const { dims, weighted } = table;
  const out = new Float32Array(dims);
  // The vocabulary is mostly lowercase pieces; cased input splits into rare fragments ("▁Gi|t|H|ub").
  const ids = tokenize(table.vocab, text.toLowerCase());
  const count = Math.min(ids.length, MAX_TOKENS);
  for (let t = 0; t < count; t++) {
    const base = ids[t]! * dims;
    const pw = 1 / (1 + t / POSITION_DECAY);
    for (let d = 0; d < dims; d++) out[d]! += weighted[base + d]! * pw;
  }
  return normalize(out);
}

export async function loadStaticEmbedder(path = DEFAULT_STATIC_TABLE): Promise<Embedder> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new WeftError('E_EMBEDDER_UNAVAILABLE', `cannot read static embedding table ${path}`, undefined, {
      cause: err,
    });
  }
  const table = parseStaticTable(buf);
  return {
    modelId: table.modelId,
    dims: table.dims,
    embed: async (texts) => texts.map((t) => embedWithTable(table, t)),
  };
}
