/**
 * Embedder factory. `local` (default) is the offline static table distilled from USE-lite;
 * `use-lite` runs the full TensorFlow.js graph (optional packages); `openai` calls an
 * OpenAI-compatible /v1/embeddings endpoint. Callers that get E_EMBEDDER_UNAVAILABLE fall back
 * to lexical search and say so.
 */
import { WeftError } from '../../../errors.js';
import { createOpenAiEmbedder, type OpenAiEmbedderOptions } from './openai.js';
import { loadStaticEmbedder } from './static.js';
import type { Embedder } from './types.js';
import { loadUseLiteEmbedder } from './use-lite.js';

export type { Embedder } from './types.js';

export type EmbedderConfig =
  | { kind: 'local'; tablePath?: string }
  | { kind: 'use-lite' }
  | ({ kind: 'openai' } & OpenAiEmbedderOptions);

export async function createEmbedder(config: EmbedderConfig = { kind: 'local' }): Promise<Embedder> {
  switch (config.kind) {
    case 'local':
      return loadStaticEmbedder(config.tablePath);
    case 'use-lite':
      return loadUseLiteEmbedder();
    case 'openai':
      return createOpenAiEmbedder(config);
  }
}

/**
 * Reads WEFT_EMBEDDER (local | use-lite | openai | none), WEFT_EMBEDDINGS_URL, WEFT_EMBEDDINGS_MODEL,
 * WEFT_EMBEDDINGS_DIMS and WEFT_EMBEDDINGS_API_KEY. Returns null for `none` (lexical only).
 */
export function embedderConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EmbedderConfig | null {
  const kind = env.WEFT_EMBEDDER ?? 'local';
  if (kind === 'none') return null;
  if (kind === 'use-lite') return { kind };
  if (kind === 'openai') {
    return {
      kind,
      baseUrl: env.WEFT_EMBEDDINGS_URL ?? 'https://api.openai.com/v1',
      model: env.WEFT_EMBEDDINGS_MODEL ?? 'text-embedding-3-small',
      dims: Number(env.WEFT_EMBEDDINGS_DIMS ?? 1536),
      ...(env.WEFT_EMBEDDINGS_API_KEY ? { apiKey: env.WEFT_EMBEDDINGS_API_KEY } : {}),
    };
  }
  if (kind !== 'local') {
    throw new WeftError(
      'E_CONFIG_INVALID',
      `WEFT_EMBEDDER must be local, use-lite, openai or none, not ${kind}`,
    );
  }
  return { kind: 'local', ...(env.WEFT_EMBEDDINGS_TABLE ? { tablePath: env.WEFT_EMBEDDINGS_TABLE } : {}) };
}
