/**
 * Exact (brute-force) cosine search over unit vectors held in memory. The hub uses pgvector HNSW
 * instead; this serves the in-process bench and small catalogs, and is the reference the
 * approximate index is checked against.
 */
import type { Candidate } from './fusion.js';

export interface VectorIndex {
  readonly size: number;
  search(query: Float32Array, limit: number): Candidate[];
}

export function buildVectorIndex(ids: readonly string[], vectors: readonly Float32Array[]): VectorIndex {
  const dims = vectors[0]?.length ?? 0;
  const matrix = new Float32Array(ids.length * dims);
  vectors.forEach((v, i) => {
    matrix.set(v, i * dims);
  });
  return {
    size: ids.length,
    search(query, limit) {
      const scores = new Float32Array(ids.length);
      for (let i = 0; i < ids.length; i++) {
        let s = 0;
        const base = i * dims;
        for (let d = 0; d < dims; d++) s += matrix[base + d]! * query[d]!;
        scores[i] = s;
      }
      const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
      return order.slice(0, limit).map((i) => ({ id: ids[i]!, score: scores[i]! }));
    },
  };
}
