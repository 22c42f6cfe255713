import type { z } from 'zod';
import { ERROR_CODES, type ErrorCode, WeftError } from '../errors.js';
import { EnvelopeSchema, type Pagination } from './schemas.js';

/**
 * The request core of the hub client: one function that sends a request,
 * retries what is safe to retry, enforces a per-attempt timeout, caps and
 * validates the body, and turns every failure into a WeftError with a code.
 * No state lives here beyond the options value passed in.
 */

export interface HttpOptions {
  /** Registry base URL, e.g. http://127.0.0.1:8080 (no /api/v1). */
  registry: string;
  token?: string | undefined;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Extra attempts after the first on 429/503 and (for idempotent requests) network errors. */
  retries?: number;
  /** Base delay for exponential backoff when the server gives no Retry-After. */
  backoffMs?: number;
  /** A Retry-After longer than this fails at once instead of sleeping. */
  maxRetryDelayMs?: number;
  /** Cap on JSON response bodies. */
  maxJsonBytes?: number;
  signal?: AbortSignal | undefined;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  userAgent?: string;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: FormData;
  auth?: 'none' | 'optional' | 'required';
  accept?: string;
}

export interface JsonResult<T> {
  data: T;
  pagination: Pagination | undefined;
  status: number;
  headers: Headers;
}

const DEFAULTS = {
  timeoutMs: 30_000,
  retries: 3,
  backoffMs: 250,
  maxRetryDelayMs: 30_000,
  maxJsonBytes: 16 * 1024 * 1024,
};

export function normalizeRegistry(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new WeftError('E_USAGE', `invalid registry URL ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new WeftError('E_USAGE', `registry URL must be http(s): ${url}`);
  }
  return u.toString().replace(/\/+$/, '');
}

export function buildUrl(registry: string, path: string, query?: RequestSpec['query']): string {
  const u = new URL(`${normalizeRegistry(registry)}${path}`);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined) u.searchParams.set(k, String(v));
  }
  return u.toString();
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function aborted(): WeftError {
  return new WeftError('E_ABORTED', 'interrupted');
}

const RETRY_STATUSES = new Set([429, 503]);

/**
 * Send a request and return the raw Response once it is not a retryable
 * status. The caller reads the body under the same attempt signal; `done`
 * clears the timer.
 */
async function send(
  opts: HttpOptions,
  spec: RequestSpec,
): Promise<{ res: Response; signal: AbortSignal; done: () => void }> {
  const o = { ...DEFAULTS, ...stripUndefined(opts) };
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? defaultSleep;
  const url = buildUrl(opts.registry, spec.path, spec.query);
  if (spec.auth === 'required' && !opts.token) {
    throw new WeftError(
      'E_AUTH_REQUIRED',
      `this needs a registry token: run \`weft login --token <token>\`, set WEFT_TOKEN or pass --token`,
    );
  }
  const idempotent = spec.method === 'GET' || spec.method === 'PUT' || spec.method === 'DELETE';
  const headers: Record<string, string> = {
    accept: spec.accept ?? 'application/json',
    'user-agent': opts.userAgent ?? 'weft-hub-client',
  };
  if (opts.token && spec.auth !== 'none') headers.authorization = `Bearer ${opts.token}`;
  let body: FormData | string | undefined;
  if (spec.form) body = spec.form;
  else if (spec.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(spec.json);
  }

  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw aborted();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('timeout')), o.timeoutMs);
    const onUserAbort = () => controller.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onUserAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onUserAbort);
    };
    const canRetry = attempt < o.retries;
    let res: Response;
    try {
      res = await doFetch(url, { method: spec.method, headers, body, signal: controller.signal });
    } catch (err) {
      done();
      if (opts.signal?.aborted) throw aborted();
      const timedOut = controller.signal.aborted;
      if (idempotent && canRetry) {
        await sleep(backoff(o.backoffMs, attempt), opts.signal);
        continue;
      }
      if (timedOut) {
        throw new WeftError('E_TIMEOUT', `${spec.method} ${url}: no response within ${o.timeoutMs} ms`, {
          url,
        });
      }
      throw new WeftError(
        'E_REGISTRY_UNREACHABLE',
        `cannot reach the registry at ${opts.registry}: ${describeNetworkError(err)}`,
        { url, attempts: attempt + 1 },
        { cause: err },
      );
    }
    if (RETRY_STATUSES.has(res.status)) {
      const wait = parseRetryAfter(res.headers.get('retry-after')) ?? backoff(o.backoffMs, attempt);
      if (canRetry && wait <= o.maxRetryDelayMs) {
        await res.body?.cancel().catch(() => undefined);
        done();
        await sleep(wait, opts.signal);
        continue;
      }
    }
    return { res, signal: controller.signal, done };
  }
}

function backoff(base: number, attempt: number): number {
  // Full jitter keeps many clients from retrying in lockstep.
  const cap = base * 2 ** attempt;
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return err instanceof Error ? err.message : String(err);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Read a body fully, refusing more than `max` bytes; a cut-off stream is E_REGISTRY_RESPONSE. */
export async function readBodyCapped(res: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new WeftError('E_REGISTRY_RESPONSE', `${what}: response of ${declared} bytes exceeds ${max}`);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => undefined);
        throw new WeftError('E_REGISTRY_RESPONSE', `${what}: response exceeds ${max} bytes`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof WeftError) throw err;
    throw new WeftError(
      'E_REGISTRY_RESPONSE',
      `${what}: response body was cut off (${total} bytes read): ${describeNetworkError(err)}`,
      undefined,
      { cause: err },
    );
  }
  const buf = Buffer.concat(chunks);
  if (Number.isFinite(declared) && buf.byteLength !== declared) {
    throw new WeftError(
      'E_REGISTRY_RESPONSE',
      `${what}: truncated body (${buf.byteLength} of ${declared} bytes)`,
    );
  }
  return buf;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'E_BAD_REQUEST',
  401: 'E_AUTH_REQUIRED',
  403: 'E_FORBIDDEN',
  404: 'E_NOT_FOUND',
  409: 'E_CONFLICT',
  413: 'E_PAYLOAD_TOO_LARGE',
  422: 'E_BAD_REQUEST',
  423: 'E_LOCKED',
  410: 'E_NOT_FOUND',
  429: 'E_RATE_LIMITED',
  451: 'E_SCAN_BLOCKED',
  503: 'E_UNAVAILABLE',
  504: 'E_TIMEOUT',
};

/** Turn an error response into a WeftError, keeping the hub's code when it is one of ours. */
function errorFromResponse(
  res: Response,
  url: string,
  envelope?: { code?: string; message?: string },
): WeftError {
  const serverCode = envelope?.code;
  const code: ErrorCode =
    serverCode && serverCode in ERROR_CODES
      ? (serverCode as ErrorCode)
      : (STATUS_CODES[res.status] ?? (res.status >= 500 ? 'E_REGISTRY_RESPONSE' : 'E_BAD_REQUEST'));
  const message = envelope?.message ?? `registry answered HTTP ${res.status}`;
  const details: Record<string, unknown> = { status: res.status, url };
  if (serverCode) details.serverCode = serverCode;
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
  if (retryAfter !== undefined) details.retryAfterMs = retryAfter;
  return new WeftError(code, message, details);
}

function parseJson(buf: Buffer, what: string): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    const head = buf.subarray(0, 80).toString('utf8').replace(/\s+/g, ' ');
    throw new WeftError('E_REGISTRY_RESPONSE', `${what}: not JSON (starts with ${JSON.stringify(head)})`);
  }
}

/** A JSON API call: envelope checked, `data` validated against `schema`. */
export async function requestJson<S extends z.ZodType>(
  opts: HttpOptions,
  spec: RequestSpec,
  schema: S,
): Promise<JsonResult<z.output<S>>> {
  const what = `${spec.method} ${spec.path}`;
  const { res, done } = await send(opts, spec);
  let buf: Buffer;
  try {
    buf = await readBodyCapped(res, opts.maxJsonBytes ?? DEFAULTS.maxJsonBytes, what);
  } catch (err) {
    throw mapBodyError(err, opts, what);
  } finally {
    done();
  }
  const url = buildUrl(opts.registry, spec.path, spec.query);
  if (!res.ok) {
    let env: { code?: string; message?: string } | undefined;
    try {
      const parsed = EnvelopeSchema.safeParse(JSON.parse(buf.toString('utf8')));
      if (parsed.success && parsed.data.error) env = parsed.data.error;
    } catch {
      // Not JSON (a proxy's HTML error page): the status alone decides the code.
    }
    throw errorFromResponse(res, url, env);
  }
  const env = EnvelopeSchema.safeParse(parseJson(buf, what));
  if (!env.success) {
    throw new WeftError('E_REGISTRY_RESPONSE', `${what}: not a hub API envelope (${issueText(env.error)})`);
  }
  if (!env.data.ok) throw errorFromResponse(res, url, env.data.error ?? undefined);
  const data = schema.safeParse(env.data.data);
  if (!data.success) {
    throw new WeftError(
      'E_REGISTRY_RESPONSE',
      `${what}: unexpected response shape (${issueText(data.error)})`,
    );
  }
  return {
    data: data.data,
    pagination: env.data.pagination ?? undefined,
    status: res.status,
    headers: res.headers,
  };
}

/** A binary download; error statuses still carry the JSON envelope. */
export async function requestBytes(
  opts: HttpOptions,
  spec: RequestSpec,
  maxBytes: number,
): Promise<{ bytes: Buffer; headers: Headers }> {
  const what = `${spec.method} ${spec.path}`;
  const { res, done } = await send(opts, spec);
  let buf: Buffer;
  try {
    buf = await readBodyCapped(res, res.ok ? maxBytes : (opts.maxJsonBytes ?? DEFAULTS.maxJsonBytes), what);
  } catch (err) {
    throw mapBodyError(err, opts, what);
  } finally {
    done();
  }
  if (!res.ok) {
    let env: { code?: string; message?: string } | undefined;
    try {
      const parsed = EnvelopeSchema.safeParse(JSON.parse(buf.toString('utf8')));
      if (parsed.success && parsed.data.error) env = parsed.data.error;
    } catch {
      // see requestJson
    }
    throw errorFromResponse(res, buildUrl(opts.registry, spec.path, spec.query), env);
  }
  return { bytes: buf, headers: res.headers };
}

function mapBodyError(err: unknown, opts: HttpOptions, what: string): unknown {
  if (opts.signal?.aborted) return aborted();
  if (err instanceof WeftError && /cut off/.test(err.message) && /timeout/i.test(String(err.cause))) {
    return new WeftError('E_TIMEOUT', `${what}: body not received within the timeout`);
  }
  return err;
}

function issueText(err: z.ZodError): string {
  const i = err.issues[0];
  if (!i) return 'invalid';
  return `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`;
}
