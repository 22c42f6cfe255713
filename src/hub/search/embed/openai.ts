/**
 * Any OpenAI-compatible POST {baseUrl}/embeddings endpoint (OpenAI, Ollama, vLLM, LiteLLM...).
 * Opt-in only: the default embedder runs offline.
 */
import { WeftError } from '../../../errors.js';
import { type Embedder, normalize } from './types.js';

export interface OpenAiEmbedderOptions {
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 */
  baseUrl: string;
  model: string;
  dims: number;
  apiKey?: string;
  /** Texts per request. */
  batchSize?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface EmbeddingsResponse {
  data?: Array<{ index?: number; embedding?: unknown }>;
}

export function createOpenAiEmbedder(opts: OpenAiEmbedderOptions): Embedder {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/embeddings`;
  const batchSize = opts.batchSize ?? 64;
  const doFetch = opts.fetch ?? fetch;
  async function embedBatch(input: string[]): Promise<Float32Array[]> {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: opts.model, input }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new WeftError('E_EMBEDDER_UNAVAILABLE', `embeddings endpoint ${url} is unreachable`, undefined, {
        cause: err,
      });
    }
    if (!res.ok) {
      throw new WeftError('E_EMBEDDER_UNAVAILABLE', `embeddings endpoint ${url} answered ${res.status}`);
    }
    const body = (await res.json()) as EmbeddingsResponse;
    const data = body.data ?? [];
    if (data.length !== input.length) {
      throw new WeftError(
        'E_EMBEDDER_UNAVAILABLE',
        'embeddings endpoint returned the wrong number of vectors',
        {
          expected: input.length,
          actual: data.length,
        },
      );
    }
    const out: Float32Array[] = new Array(input.length);
    data.forEach((row, i) => {
      const v = row.embedding;
      if (!Array.isArray(v) || v.length !== opts.dims || !v.every((x) => typeof x === 'number')) {
        throw new WeftError(
          'E_EMBEDDER_UNAVAILABLE',
          `embeddings endpoint returned a vector that is not ${opts.dims}-d`,
        );
      }
      out[row.index ?? i] = normalize(Float32Array.from(v as number[]));
    });
    return out;
  }
  return {
    modelId: `openai:${opts.model}`,
    dims: opts.dims,
    embed: async (texts) => {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize)
        out.push(...(await embedBatch(texts.slice(i, i + batchSize))));
      return out;
    },
  };
}
