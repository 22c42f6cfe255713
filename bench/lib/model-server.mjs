// A scripted OpenAI-compatible chat server on 127.0.0.1 with zero latency: the
// only fake in the benchmarks, because no real model is reachable here. It
// answers every chat completion with the same short assistant message, so the
// gateway's own pipeline (routing, agent loop, HTTP client) is what gets measured.
import { createServer } from 'node:http';

const REPLY = 'pong';

function completion(model) {
  return {
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: REPLY }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9 },
  };
}

function streamChunks(model) {
  const base = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
  };
  return [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: REPLY }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: completion(model).usage },
  ];
}

/** Starts the server; resolves { url, baseUrl, requests(), close() }. */
export function startModelServer() {
  let count = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url?.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'list',
            data: [{ id: 'bench-model', object: 'model', owned_by: 'bench' }],
          }),
        );
        return;
      }
      if (req.method !== 'POST' || !req.url?.includes('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      count++;
      let body = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        // a malformed body still gets an answer; the gateway under test is not what we grade here
      }
      const model = typeof body.model === 'string' ? body.model : 'bench-model';
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        for (const c of streamChunks(model)) res.write(`data: ${JSON.stringify(c)}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completion(model)));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const url = `http://127.0.0.1:${port}`;
      resolve({
        url,
        baseUrl: `${url}/v1`,
        requests: () => count,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
