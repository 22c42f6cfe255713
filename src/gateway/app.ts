import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AgentEvent } from '../agent/loop.js';
import type { AgentRunResult, RunAgentOptions } from '../agent/run.js';
import { toWeftError, WeftError } from '../errors.js';
import { bearerMatches } from './auth.js';
import { type ReadyReport, readinessReport } from './ready.js';

/**
 * The gateway's HTTP surface. `/health` answers from memory (liveness, no
 * dependencies); `/ready` checks config, store and sandbox; the agent
 * endpoint runs one turn per request. The agent runtime is imported on the
 * first message, so startup stays fast. A hub app can be mounted beside it.
 */

export const MessageBodySchema = z.strictObject({
  message: z.string().min(1).max(200_000),
  history: z
    .array(
      z.looseObject({
        role: z.enum(['user', 'assistant', 'tool']),
        content: z.string().nullable(),
      }),
    )
    .max(500)
    .optional(),
  stream: z.boolean().optional(),
});

export interface GatewayOptions {
  /** bearer token for /v1/*; when unset, only loopback binding is allowed (enforced by startGateway) */
  token?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** a Hono app (the registry) mounted at the root after the gateway's routes */
  hubApp?: Hono;
  /** turns running at once before new ones get 429 */
  maxConcurrent?: number;
  /** aborted on shutdown so running turns stop */
  shutdownSignal?: AbortSignal;
  runTurn?: (opts: RunAgentOptions) => Promise<AgentRunResult>;
  ready?: () => Promise<ReadyReport>;
}

function errorBody(err: unknown): {
  status: number;
  body: { ok: false; error: { code: string; message: string } };
} {
  const e = toWeftError(err);
  return { status: e.httpStatus, body: { ok: false, error: { code: e.code, message: e.message } } };
}

export function createGatewayApp(opts: GatewayOptions = {}): Hono {
  const app = new Hono();
  const started = Date.now();
  const env = opts.env ?? process.env;
  const maxConcurrent = opts.maxConcurrent ?? 8;
  let running = 0;

  app.get('/health', (c) => c.json({ ok: true, status: 'live', uptimeMs: Date.now() - started }));

  app.get('/ready', async (c) => {
    const report = await (opts.ready ?? (() => readinessReport(env)))();
    return c.json({ ok: report.ready, data: report }, report.ready ? 200 : 503);
  });

  app.use('/v1/*', async (c, next) => {
    if (opts.token && !bearerMatches(c.req.header('authorization'), opts.token)) {
      const { body } = errorBody(new WeftError('E_AUTH_REQUIRED', 'missing or wrong bearer token'));
      c.header('www-authenticate', 'Bearer');
      return c.json(body, 401);
    }
    await next();
  });

  app.post('/v1/agents/:id/messages', async (c) => {
    let input: z.output<typeof MessageBodySchema>;
    try {
      const parsed = MessageBodySchema.safeParse(await c.req.json());
      if (!parsed.success) {
        const i = parsed.error.issues[0]!;
        throw new WeftError('E_BAD_REQUEST', `${i.path.join('.') || 'body'}: ${i.message}`);
      }
      input = parsed.data;
    } catch (err) {
      const e = err instanceof WeftError ? err : new WeftError('E_BAD_REQUEST', 'body must be JSON');
      const { status, body } = errorBody(e);
      return c.json(body, status as 400);
    }
    if (running >= maxConcurrent) {
      c.header('retry-after', '1');
      return c.json(
        errorBody(new WeftError('E_RATE_LIMITED', 'too many turns running; retry shortly')).body,
        429,
      );
    }
    const runTurn = opts.runTurn ?? (await import('../agent/run.js')).runAgent;
    const agentId = c.req.param('id');
    const ac = new AbortController();
    const signals = [ac.signal, c.req.raw.signal, opts.shutdownSignal].filter((s): s is AbortSignal =>
      Boolean(s),
    );
    const turn = (onEvent?: (e: AgentEvent) => void) =>
      runTurn({
        agentId,
        task: input.message,
        env,
        signal: AbortSignal.any(signals),
        // no one to ask over HTTP: auto-search never installs from the gateway
        confirm: async () => false,
        requireConfig: true,
        ...(input.history ? { history: input.history as RunAgentOptions['history'] } : {}),
        ...(onEvent ? { onEvent } : {}),
      });
    const wantsStream = input.stream ?? /text\/event-stream/.test(c.req.header('accept') ?? '');
    running++;
    if (wantsStream) {
      return streamSSE(c, async (stream) => {
        stream.onAbort(() => ac.abort());
        try {
          const pending: Promise<void>[] = [];
          const res = await turn((e) => {
            pending.push(stream.writeSSE({ event: e.type, data: JSON.stringify(e) }));
          });
          await Promise.all(pending);
          await stream.writeSSE({ event: 'result', data: JSON.stringify(summary(res)) });
        } catch (err) {
          await stream.writeSSE({ event: 'error', data: JSON.stringify(errorBody(err).body.error) });
        } finally {
          running--;
        }
      });
    }
    try {
      const res = await turn();
      return c.json({ ok: true, data: summary(res) });
    } catch (err) {
      const { status, body } = errorBody(err);
      return c.json(body, status as 400);
    } finally {
      running--;
    }
  });

  if (opts.hubApp) app.route('/', opts.hubApp);

  app.notFound((c) =>
    c.json(errorBody(new WeftError('E_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)).body, 404),
  );
  app.onError((err, c) => {
    const { status, body } = errorBody(err);
    return c.json(body, status as 500);
  });
  return app;
}

function summary(res: AgentRunResult) {
  return {
    runId: res.runId,
    agentId: res.agentId,
    reply: res.finalText,
    stopReason: res.stopReason,
    steps: res.steps,
    usage: res.usage,
    durationMs: res.durationMs,
    ...(res.error ? { error: res.error } : {}),
  };
}
