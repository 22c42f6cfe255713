import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import type { WeftError } from '../../src/errors.js';
import { createHubClient } from '../../src/hub-client/client.js';
import { parseRetryAfter } from '../../src/hub-client/http.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, hits: () => hits };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

const fastRetry = {
  backoffMs: 1,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 5))),
};

const result = {
  slug: 'web-search',
  name: 'Web Search',
  description: 'search the web',
  version: '1.0.0',
  publisher: 'alice',
  stars: 3,
  downloads: 10,
  verdict: 'pass',
  score: 0.9,
};

describe('hub client', () => {
  it('searches with the query, limit and bearer token, and returns results and pagination', async () => {
    let seen: IncomingMessage | undefined;
    const { url } = await serve((req, res) => {
      seen = req;
      json(res, 200, { ok: true, data: [result], pagination: { total: 1, offset: 0, limit: 5 } });
    });
    const client = createHubClient({ registry: url, token: 'tok-123456' });
    const r = await client.search('web', { limit: 5 });
    assert.equal(r.results.length, 1);
    assert.equal(r.results[0]!.slug, 'web-search');
    assert.equal(r.results[0]!.verdict, 'pass');
    assert.deepEqual(r.pagination, { total: 1, offset: 0, limit: 5 });
    const u = new URL(seen!.url!, url);
    assert.equal(u.pathname, '/api/v1/skills/search');
    assert.equal(u.searchParams.get('q'), 'web');
    assert.equal(u.searchParams.get('limit'), '5');
    assert.equal(seen!.headers.authorization, 'Bearer tok-123456');
  });

  it('retries a 429 after Retry-After and then succeeds', async () => {
    let n = 0;
    const { url, hits } = await serve((_req, res) => {
      n++;
      if (n < 3)
        return json(
          res,
          429,
          { ok: false, error: { code: 'E_RATE_LIMITED', message: 'slow down' } },
          { 'retry-after': '0' },
        );
      json(res, 200, { ok: true, data: [] });
    });
    const r = await createHubClient({ registry: url, ...fastRetry }).search('x');
    assert.deepEqual(r.results, []);
    assert.equal(hits(), 3);
  });

  it('gives up at once when Retry-After exceeds the maximum wait, keeping the delay in details', async () => {
    const { url, hits } = await serve((_req, res) =>
      json(
        res,
        503,
        { ok: false, error: { code: 'E_UNAVAILABLE', message: 'maintenance' } },
        { 'retry-after': '120' },
      ),
    );
    await assert.rejects(
      createHubClient({ registry: url, maxRetryDelayMs: 1000 }).search('x'),
      (e: WeftError) => {
        assert.equal(e.code, 'E_UNAVAILABLE');
        assert.equal(e.message, 'maintenance');
        assert.equal(e.details?.retryAfterMs, 120_000);
        return true;
      },
    );
    assert.equal(hits(), 1);
  });

  it('stops retrying 503 after the configured number of attempts', async () => {
    const { url, hits } = await serve((_req, res) =>
      json(res, 503, { ok: false, error: { code: 'X', message: 'down' } }),
    );
    await assert.rejects(createHubClient({ registry: url, retries: 2, ...fastRetry }).search('x'), {
      code: 'E_UNAVAILABLE',
    });
    assert.equal(hits(), 3);
  });

  it('maps garbage bodies to E_REGISTRY_RESPONSE', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>hello</html>');
    });
    await assert.rejects(createHubClient({ registry: url }).search('x'), (e: WeftError) => {
      assert.equal(e.code, 'E_REGISTRY_RESPONSE');
      assert.match(e.message, /not JSON/);
      return true;
    });
  });

  it('maps a truncated body to E_REGISTRY_RESPONSE', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"ok":true,"data":[{"slug":');
      setTimeout(() => res.destroy(), 20);
    });
    await assert.rejects(createHubClient({ registry: url, retries: 0 }).search('x'), {
      code: 'E_REGISTRY_RESPONSE',
    });
  });

  it('rejects a well-formed envelope whose data has the wrong shape', async () => {
    const { url } = await serve((_req, res) => json(res, 200, { ok: true, data: [{ slug: 5 }] }));
    await assert.rejects(createHubClient({ registry: url }).search('x'), (e: WeftError) => {
      assert.equal(e.code, 'E_REGISTRY_RESPONSE');
      assert.match(e.message, /unexpected response shape/);
      return true;
    });
  });

  it('rejects JSON that is not an envelope', async () => {
    const { url } = await serve((_req, res) => json(res, 200, [1, 2, 3]));
    await assert.rejects(createHubClient({ registry: url }).skill('x'), { code: 'E_REGISTRY_RESPONSE' });
  });

  it('keeps the hub error code and message from an error envelope', async () => {
    const { url } = await serve((_req, res) =>
      json(res, 404, { ok: false, error: { code: 'E_NOT_FOUND', message: 'no skill nope' } }),
    );
    await assert.rejects(createHubClient({ registry: url }).skill('nope'), (e: WeftError) => {
      assert.equal(e.code, 'E_NOT_FOUND');
      assert.equal(e.message, 'no skill nope');
      assert.equal(e.details?.status, 404);
      return true;
    });
  });

  it('maps a non-JSON error page by status', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    });
    await assert.rejects(createHubClient({ registry: url }).skill('x'), { code: 'E_REGISTRY_RESPONSE' });
  });

  it('reports an unreachable registry with E_REGISTRY_UNREACHABLE', async () => {
    const { url, server } = await serve(() => {});
    await new Promise<void>((r) => server.close(() => r()));
    await assert.rejects(
      createHubClient({ registry: url, ...fastRetry, retries: 1 }).search('x'),
      (e: WeftError) => {
        assert.equal(e.code, 'E_REGISTRY_UNREACHABLE');
        assert.match(e.message, /ECONNREFUSED/);
        return true;
      },
    );
  });

  it('times out a silent server with E_TIMEOUT', async () => {
    const { url } = await serve(() => {
      /* never answers */
    });
    await assert.rejects(createHubClient({ registry: url, timeoutMs: 150, retries: 0 }).search('x'), {
      code: 'E_TIMEOUT',
    });
  });

  it('turns a caller abort into E_ABORTED', async () => {
    const { url } = await serve(() => {});
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(createHubClient({ registry: url, signal: ac.signal }).search('x'), {
      code: 'E_ABORTED',
    });
  });

  it('refuses authenticated calls without a token before sending anything', async () => {
    const { url, hits } = await serve((_req, res) => json(res, 200, { ok: true, data: {} }));
    await assert.rejects(createHubClient({ registry: url }).star('x'), { code: 'E_AUTH_REQUIRED' });
    assert.equal(hits(), 0);
  });

  it('downloads bytes with the registry fingerprint header', async () => {
    const fp = 'a'.repeat(64);
    const { url } = await serve((req, res) => {
      assert.equal(new URL(req.url!, 'http://x').searchParams.get('version'), '1.2.3');
      res.writeHead(200, { 'content-type': 'application/zip', 'x-weft-fingerprint': fp });
      res.end(Buffer.from('PK-bytes'));
    });
    const d = await createHubClient({ registry: url }).download('s', { version: '1.2.3' });
    assert.equal(d.fingerprint, fp);
    assert.equal(d.bytes.toString(), 'PK-bytes');
  });

  it('refuses a download without X-Weft-Fingerprint', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/zip' });
      res.end(Buffer.from('PK'));
    });
    await assert.rejects(createHubClient({ registry: url }).download('s'), { code: 'E_REGISTRY_RESPONSE' });
  });

  it('publishes multipart with bundle, signature and metadata fields', async () => {
    let ct = '';
    let body = '';
    const { url } = await serve((req, res, b) => {
      ct = String(req.headers['content-type']);
      body = b.toString('latin1');
      json(res, 201, { ok: true, data: { slug: 's', version: '1.0.0', url: `/skills/s` } });
    });
    const r = await createHubClient({ registry: url, token: 'tok-123456' }).publish({
      archive: new Uint8Array([80, 75, 1, 2]),
      signature: undefined,
      metadata: { slug: 's', version: '1.0.0', fingerprint: 'f'.repeat(64) },
    });
    assert.equal(r.version, '1.0.0');
    assert.match(ct, /^multipart\/form-data; boundary=/);
    assert.match(body, /name="bundle"; filename="s-1.0.0.zip"/);
    assert.match(body, /name="metadata"/);
    assert.doesNotMatch(body, /name="signature"/);
  });

  it('parses comments and whoami in either documented spelling', async () => {
    const { url } = await serve((req, res) => {
      if (req.url!.includes('whoami'))
        return json(res, 200, { ok: true, data: { user: { handle: 'bob' }, scopes: ['read'] } });
      json(res, 200, { ok: true, data: [{ id: 7, user: 'bob', text: 'nice' }] });
    });
    const c = createHubClient({ registry: url, token: 'tok-123456' });
    const list = await c.comments('s');
    assert.deepEqual(list.comments[0], { id: '7', author: 'bob', body: 'nice', createdAt: undefined });
    assert.deepEqual(await c.whoami(), { handle: 'bob', scopes: ['read'] });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores junk', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4000), 6000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });
});
