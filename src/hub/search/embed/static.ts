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
/** Long texts add little after the first few hundred tokens and cost linear time. */
const MAX_TOKENS = 1024;

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
  let off = 12 + headerLen;
  if (view.length !== off + n * 4 + n * dims) {
    throw new WeftError('E_EMBEDDER_UNAVAILABLE', 'static embedding table is truncated', {
      expected: off + n * 4 + n * dims,
      actual: view.length,
    });
  }
  const vocab = buildVocabulary(header.vocab);
  const weighted = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    const scale = view.readFloatLE(off + i * 4);
    const p = Math.exp(vocab.scores[i]!);
    const w = i < 6 ? 0 : (SIF_A / (SIF_A + p)) * scale;
    const rowOff = off + n * 4 + i * dims;
    for (let d = 0; d < dims; d++) weighted[i * dims + d] = view.readInt8(rowOff + d) * w;
  }
  off += n * 4 + n * dims;
  return { modelId: header.modelId, dims, vocab, weighted };
}

export function embedWithTable(table: StaticTable, text: string): Float32Array {
  const { dims, weighted } = table;
  const out = new Float32Array(dims);
  const ids = tokenize(table.vocab, text);
  const count = Math.min(ids.length, MAX_TOKENS);
  for (let t = 0; t < count; t++) {
    const base = ids[t]! * dims;
    for (let d = 0; d < dims; d++) out[d]! += weighted[base + d]!;
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
