import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { isWeftError } from '../../../../src/errors.js';
import { createEmbedder } from '../../../../src/hub/search/embed/index.js';

interface Seen {
  auth: string | undefined;
  body: { model: string; input: string[] };
}

async function startServer(
  handler: (seen: Seen) => { status: number; body: unknown },
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const s = { auth: req.headers.authorization, body: JSON.parse(raw) };
    seen.push(s);
    assert.equal(req.url, '/v1/embeddings');
    const out = handler(s);
    res.writeHead(out.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen };
}

test('calls an OpenAI-compatible /v1/embeddings endpoint in batches and normalizes the vectors', async () => {
  const { url, seen } = await startServer(({ body }) => ({
    status: 200,
    // Answer out of order: the embedder must place rows by `index`.
    body: { data: body.input.map((t, i) => ({ index: i, embedding: [t.length, 0, 0] })).reverse() },
  }));
  const e = await createEmbedder({
    kind: 'openai',
    baseUrl: url,
    model: 'm1',
    dims: 3,
    apiKey: 'sk-test',
    batchSize: 2,
  });
  assert.equal(e.modelId, 'openai:m1');
  const out = await e.embed(['a', 'bb', 'ccc']);
  assert.equal(seen.length, 2);
  assert.equal(seen[0]!.auth, 'Bearer sk-test');
  assert.deepEqual(seen[0]!.body, { model: 'm1', input: ['a', 'bb'] });
  assert.deepEqual(
    out.map((v) => [...v]),
    [
      [1, 0, 0],
      [1, 0, 0],
      [1, 0, 0],
    ],
  );
});

test('endpoint errors, wrong widths and unreachable hosts become E_EMBEDDER_UNAVAILABLE', async () => {
  const bad = await startServer(() => ({ status: 500, body: { error: 'boom' } }));
  const wrongDims = await startServer(({ body }) => ({
    status: 200,
    body: { data: body.input.map((_, i) => ({ index: i, embedding: [1, 2] })) },
  }));
  const isUnavailable = (err: unknown) => isWeftError(err) && err.code === 'E_EMBEDDER_UNAVAILABLE';
  for (const baseUrl of [bad.url, wrongDims.url, 'http://127.0.0.1:9/v1']) {
    const e = await createEmbedder({ kind: 'openai', baseUrl, model: 'm', dims: 3, timeoutMs: 2000 });
    await assert.rejects(e.embed(['x']), isUnavailable);
  }
});
