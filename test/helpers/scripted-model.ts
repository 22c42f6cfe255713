import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted OpenAI-compatible chat-completions server on 127.0.0.1 (port 0).
 * No model is reachable from CI, so this is the one fake the agent tests use:
 * it replays a conversation step by step, while the real HTTP client, the loop
 * and the tools run unmodified. Each request consumes the next step.
 */

export interface ScriptedToolCall {
  name: string;
  arguments: Record<string, unknown> | string;
  id?: string;
}

export interface ScriptStep {
  /** assistant text */
  content?: string;
  toolCalls?: ScriptedToolCall[];
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** inject an HTTP error instead of a completion */
  status?: number;
  headers?: Record<string, string>;
  rawBody?: string;
  /** delay before answering, ms */
  delayMs?: number;
  /** assertion on the request; a throw is recorded in `failures` and answered with HTTP 400 */
  expect?: (req: RecordedRequest) => void;
}

export interface RecordedRequest {
  headers: IncomingMessage['headers'];
  body: {
    model: string;
    messages: { role: string; content: string | null; tool_call_id?: string; tool_calls?: unknown[] }[];
    tools?: { function: { name: string } }[];
    stream?: boolean;
    [k: string]: unknown;
  };
}

export interface ScriptedModel {
  url: string;
  requests: RecordedRequest[];
  failures: string[];
  /** steps not yet consumed */
  remaining(): number;
  /** append steps (e.g. for a second turn) */
  push(...steps: ScriptStep[]): void;
  close(): Promise<void>;
}

/** The last tool message content in a request, for `expect` checks. */
export function lastToolResult(req: RecordedRequest): string {
  const tools = req.body.messages.filter((m) => m.role === 'tool');
  return tools.at(-1)?.content ?? '';
}

export async function startScriptedModel(steps: ScriptStep[]): Promise<ScriptedModel> {
  const queue = [...steps];
  const requests: RecordedRequest[] = [];
  const failures: string[] = [];
  let callSeq = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      let body: RecordedRequest['body'];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end('{"error":"bad json"}');
        return;
      }
      const rec: RecordedRequest = { headers: req.headers, body };
      requests.push(rec);
      const step = queue.shift();
      if (!step) {
        failures.push(`request ${requests.length}: script exhausted`);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'scripted model: script exhausted' } }));
        return;
      }
      if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
      if (step.expect) {
        try {
          step.expect(rec);
        } catch (err) {
          failures.push(`request ${requests.length}: ${(err as Error).message}`);
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ error: { message: `scripted model expectation: ${(err as Error).message}` } }),
          );
          return;
        }
      }
      if (step.status) {
        res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
        res.end(step.rawBody ?? JSON.stringify({ error: { message: `scripted HTTP ${step.status}` } }));
        return;
      }
      if (step.rawBody !== undefined) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(step.rawBody);
        return;
      }
      const toolCalls = step.toolCalls?.map((c) => ({
        id: c.id ?? `call_${++callSeq}`,
        type: 'function',
        function: {
          name: c.name,
          arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
        },
      }));
      const usage = step.usage ?? { prompt_tokens: 10, completion_tokens: 5 };
      const usageOut = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
      const finish = toolCalls?.length ? 'tool_calls' : 'stop';
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const send = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
        if (step.content) {
          // split the text to exercise delta assembly
          const half = Math.ceil(step.content.length / 2);
          for (const piece of [step.content.slice(0, half), step.content.slice(half)]) {
            send({
              model: body.model,
              choices: [{ index: 0, delta: { content: piece }, finish_reason: null }],
            });
          }
        }
        toolCalls?.forEach((tc, index) => {
          const a = tc.function.arguments;
          send({
            choices: [
              {
                index: 0,
                delta: {
                  tool_calls: [
                    {
                      index,
                      id: tc.id,
                      type: 'function',
                      function: { name: tc.function.name, arguments: a.slice(0, 3) },
                    },
                  ],
                },
              },
            ],
          });
          send({
            choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: a.slice(3) } }] } }],
          });
        });
        send({ choices: [{ index: 0, delta: {}, finish_reason: finish }] });
        send({ choices: [], usage: usageOut });
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          model: body.model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: step.content ?? null,
                ...(toolCalls ? { tool_calls: toolCalls } : {}),
              },
              finish_reason: finish,
            },
          ],
          usage: usageOut,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    failures,
    remaining: () => queue.length,
    push: (...more) => queue.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
