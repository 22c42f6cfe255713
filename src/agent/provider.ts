import type { AgentConfig } from '../config/agent.js';
import { WeftError } from '../errors.js';

/**
 * OpenAI-compatible chat-completions client with tool calling. It speaks the
 * plain `POST {base}/chat/completions` wire format, which OpenAI, vLLM,
 * llama.cpp, Ollama and most gateways share, so no SDK is needed.
 */

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  temperature?: number;
  maxTokens?: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface ChatResponse {
  message: Extract<ChatMessage, { role: 'assistant' }>;
  finishReason: string;
  usage: Usage;
  model: string;
}

export interface ProviderOptions {
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  timeoutMs?: number;
  /** retries after the first attempt, on 429, 5xx and network errors */
  maxRetries?: number;
  /** first backoff delay; doubles per attempt, capped by maxBackoffMs */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** use `stream: true` and assemble the SSE deltas (some gateways only stream) */
  stream?: boolean;
  fetch?: typeof fetch;
}

export interface Provider {
  readonly model: string;
  readonly baseUrl: string;
  chat(req: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * Provider settings from the agent config `[model]` table, overridden by
 * WEFT_MODEL_BASE_URL / WEFT_MODEL (so a container can be pointed elsewhere
 * without editing config). The key is read from the env var the config names
 * (default OPENAI_API_KEY); it never lives in the config file.
 */
export function providerOptionsFromConfig(
  cfg: Pick<AgentConfig, 'model'>,
  env: NodeJS.ProcessEnv = process.env,
): ProviderOptions {
  const baseUrl = env.WEFT_MODEL_BASE_URL || cfg.model.base_url || DEFAULT_BASE_URL;
  const model = env.WEFT_MODEL || cfg.model.name;
  if (!model) {
    throw new WeftError(
      'E_CONFIG_INVALID',
      'no model configured: set [model] name in the agent config.toml or WEFT_MODEL',
      { key: 'model.name' },
    );
  }
  return {
    baseUrl,
    model,
    apiKey: env[cfg.model.api_key_env] || undefined,
    timeoutMs: cfg.model.timeout_seconds * 1000,
    stream: cfg.model.stream ?? env.WEFT_MODEL_STREAM === '1',
  };
}

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504]);

export function createProvider(opts: ProviderOptions): Provider {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const url = `${base}/chat/completions`;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const maxRetries = opts.maxRetries ?? 3;
  const backoffMs = opts.backoffMs ?? 500;
  const maxBackoffMs = opts.maxBackoffMs ?? 10_000;
  const doFetch = opts.fetch ?? fetch;

  async function attempt(req: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const body: Record<string, unknown> = { model: opts.model, messages: req.messages };
    if (req.tools && req.tools.length > 0) body.tools = req.tools;
    if (req.temperature !== undefined) body.temperature = req.temperature;
    if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
    if (opts.stream) {
      body.stream = true;
      body.stream_options = { include_usage: true };
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await doFetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: combined });
    } catch (err) {
      if (signal?.aborted)
        throw new WeftError('E_ABORTED', 'model request aborted', undefined, { cause: err });
      if (timeout.aborted) {
        throw new RetryableError(
          new WeftError('E_TIMEOUT', `model request timed out after ${timeoutMs} ms (${url})`, { url }),
        );
      }
      throw new RetryableError(
        new WeftError('E_MODEL_UNREACHABLE', `cannot reach model API at ${url}: ${(err as Error).message}`, {
          url,
        }),
      );
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      const err = new WeftError(
        res.status === 401 || res.status === 403 ? 'E_AUTH_REQUIRED' : 'E_MODEL_RESPONSE',
        `model API returned HTTP ${res.status}: ${summarize(text)}`,
        { url, status: res.status },
      );
      if (RETRYABLE.has(res.status))
        throw new RetryableError(err, retryAfterMs(res.headers.get('retry-after')));
      throw err;
    }
    try {
      return opts.stream ? await readStream(res, opts.model) : parseCompletion(await res.json(), opts.model);
    } catch (err) {
      if (err instanceof WeftError) throw err;
      throw new WeftError('E_MODEL_RESPONSE', `malformed model response: ${(err as Error).message}`, { url });
    }
  }

  return {
    model: opts.model,
    baseUrl: base,
    async chat(req, signal) {
      for (let i = 0; ; i++) {
        try {
          return await attempt(req, signal);
        } catch (err) {
          if (!(err instanceof RetryableError) || i >= maxRetries) {
            throw err instanceof RetryableError ? err.inner : err;
          }
          const delay = Math.min(maxBackoffMs, err.retryAfterMs ?? backoffMs * 2 ** i);
          await sleep(delay, signal);
        }
      }
    },
  };
}

class RetryableError extends Error {
  constructor(
    readonly inner: WeftError,
    readonly retryAfterMs?: number,
  ) {
    super(inner.message);
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new WeftError('E_ABORTED', 'model request aborted'));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new WeftError('E_ABORTED', 'model request aborted'));
      },
      { once: true },
    );
  });
}

function summarize(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: { message?: string } | string };
    const msg = typeof j.error === 'string' ? j.error : j.error?.message;
    if (msg) return msg.slice(0, 300);
  } catch {
    // not JSON
  }
  return text.slice(0, 300) || '(empty body)';
}

function parseUsage(u: unknown): Usage {
  const o = (u ?? {}) as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const promptTokens = n(o.prompt_tokens);
  const completionTokens = n(o.completion_tokens);
  return {
    promptTokens,
    completionTokens,
    totalTokens: n(o.total_tokens) || promptTokens + completionTokens,
  };
}

function parseToolCalls(raw: unknown): ToolCall[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  return raw.map((c, i) => {
    const o = c as { id?: unknown; function?: { name?: unknown; arguments?: unknown } };
    if (typeof o.function?.name !== 'string') throw new Error(`tool_calls[${i}] has no function name`);
    const args = o.function.arguments;
    return {
      id: typeof o.id === 'string' ? o.id : `call_${i}`,
      type: 'function' as const,
      function: {
        name: o.function.name,
        arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
      },
    };
  });
}

export function parseCompletion(json: unknown, model: string): ChatResponse {
  const o = json as { choices?: unknown; usage?: unknown; model?: unknown };
  if (!Array.isArray(o?.choices) || o.choices.length === 0) throw new Error('no choices');
  const choice = o.choices[0] as { message?: Record<string, unknown>; finish_reason?: unknown };
  const m = choice.message;
  if (!m || typeof m !== 'object') throw new Error('choice has no message');
  const toolCalls = parseToolCalls(m.tool_calls);
  const message: ChatResponse['message'] = {
    role: 'assistant',
    content: typeof m.content === 'string' ? m.content : null,
  };
  if (toolCalls) message.tool_calls = toolCalls;
  return {
    message,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : 'stop',
    usage: parseUsage(o.usage),
    model: typeof o.model === 'string' ? o.model : model,
  };
}

/** Assemble `data:` chunks of a streamed completion into one response. */
async function readStream(res: Response, model: string): Promise<ChatResponse> {
  if (!res.body) throw new Error('empty stream');
  const decoder = new TextDecoder();
  let buf = '';
  let content = '';
  let sawContent = false;
  let finishReason = 'stop';
  let usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  let respModel = model;
  const calls: { id?: string; name: string; args: string }[] = [];
  const handle = (data: string) => {
    if (data === '[DONE]') return;
    const chunk = JSON.parse(data) as {
      model?: string;
      usage?: unknown;
      choices?: { delta?: Record<string, unknown>; finish_reason?: string | null }[];
    };
    if (typeof chunk.model === 'string') respModel = chunk.model;
    if (chunk.usage) usage = parseUsage(chunk.usage);
    const ch = chunk.choices?.[0];
    if (!ch) return;
    if (ch.finish_reason) finishReason = ch.finish_reason;
    const d = ch.delta ?? {};
    if (typeof d.content === 'string') {
      content += d.content;
      sawContent = true;
    }
    for (const tc of (d.tool_calls as
      | { index?: number; id?: string; function?: { name?: string; arguments?: string } }[]
      | undefined) ?? []) {
      const idx = tc.index ?? 0;
      calls[idx] ??= { name: '', args: '' };
      const slot = calls[idx]!;
      if (tc.id) slot.id = tc.id;
      if (tc.function?.name) slot.name += tc.function.name;
      if (tc.function?.arguments) slot.args += tc.function.arguments;
    }
  };
  for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(part, { stream: true });
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line.startsWith('data:')) handle(line.slice(5).trim());
      nl = buf.indexOf('\n');
    }
  }
  if (buf.trim().startsWith('data:')) handle(buf.trim().slice(5).trim());
  const message: ChatResponse['message'] = { role: 'assistant', content: sawContent ? content : null };
  const toolCalls = calls.filter(Boolean).map((c, i) => ({
    id: c.id ?? `call_${i}`,
    type: 'function' as const,
    function: { name: c.name, arguments: c.args || '{}' },
  }));
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return { message, finishReason, usage, model: respModel };
}
