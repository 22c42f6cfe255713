import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { decideUrl, isPrivateAddress } from '../../../src/agent/tools/net-guard.js';
import { agentFixture } from '../../helpers/agent-ctx.js';

let server: Server;
let port = 0;
const hits: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url?.startsWith('/search')) {
      const q = new URL(req.url, 'http://x').searchParams.get('q');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          results: [
            { title: `Result for ${q}`, url: 'https://example.org/a', content: 'first snippet' },
            { title: 'Second', url: 'https://example.org/b', content: 'second snippet' },
          ],
        }),
      );
    } else if (req.url === '/redirect-out') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<html><head><script>evil()</script></head><body><h1>Title</h1><p>Hello &amp; welcome</p></body></html>',
      );
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const allowLocal = () => ({ network: { rules: [{ host: '127.0.0.1', ports: [port], require_tls: false }] } });

describe('WebFetch applies the host allowlist', () => {
  test('allowed host: fetched, HTML reduced to text, decision audited', async () => {
    const f = await agentFixture({ sandbox: allowLocal() });
    const r = await f.call('WebFetch', { url: `http://127.0.0.1:${port}/page` });
    assert.equal(r.ok, true, r.output);
    assert.match(r.output, /HTTP 200/);
    assert.match(r.output, /Title/);
    assert.match(r.output, /Hello & welcome/);
    assert.doesNotMatch(r.output, /evil/);
    const net = f.events.filter((e) => e.event === 'net.decision');
    assert.equal(net.length, 1);
    assert.equal(net[0]!.decision, 'allow');
    assert.equal(net[0]!.detail.port, port);
  });

  test('network off by default: denied and audited, nothing sent', async () => {
    const f = await agentFixture();
    const before = hits.length;
    const r = await f.call('WebFetch', { url: `http://127.0.0.1:${port}/page` });
    assert.equal(r.error?.code, 'E_NET_DENIED');
    assert.equal(hits.length, before);
    const net = f.events.find((e) => e.event === 'net.decision');
    assert.equal(net?.decision, 'deny');
    assert.match(net!.reason, /not in the network allowlist/);
  });

  test('redirects are re-checked per hop (metadata address refused)', async () => {
    const f = await agentFixture({ sandbox: allowLocal() });
    const r = await f.call('WebFetch', { url: `http://127.0.0.1:${port}/redirect-out` });
    assert.equal(r.error?.code, 'E_NET_DENIED');
    const net = f.events.filter((e) => e.event === 'net.decision');
    assert.deepEqual(
      net.map((e) => e.decision),
      ['allow', 'deny'],
    );
    assert.equal(net[1]!.detail.host, '169.254.169.254');
  });

  test('wrong port, userinfo tricks, non-http schemes and TLS-only rules', async () => {
    const f = await agentFixture({
      sandbox: {
        network: {
          rules: [
            { host: '127.0.0.1', ports: [port], require_tls: false },
            { host: 'example.com', ports: [443, 80] },
          ],
        },
      },
    });
    for (const url of [
      `http://127.0.0.1:${port + 1}/`,
      `http://127.0.0.1:${port}@evil.test/`,
      'file:///etc/passwd',
      'http://example.com/',
    ]) {
      const r = await f.call('WebFetch', { url });
      assert.equal(r.error?.code, 'E_NET_DENIED', url);
    }
    const reasons = f.events.filter((e) => e.event === 'net.decision').map((e) => e.reason);
    assert.match(reasons[3]!, /requires TLS/);
  });

  test('IP literals need a rule; names resolving to private addresses are refused', async () => {
    const f = await agentFixture({
      sandbox: {
        network: {
          rules: [
            { host: 'localhost', ports: [80], require_tls: false },
            { host: '*.example.com', ports: [80], require_tls: false },
          ],
        },
      },
    });
    const d = await decideUrl(f.ctx.policy, 'http://10.0.0.1/');
    assert.equal(d.allowed, false);
    assert.match(d.reason, /not in the network allowlist/);
    const l = await decideUrl(f.ctx.policy, 'http://localhost/');
    assert.equal(l.allowed, false);
    assert.match(l.reason, /resolves to a private address/);
    assert.equal(isPrivateAddress('::ffff:127.0.0.1'), true);
    assert.equal(isPrivateAddress('fd00::1'), true);
    assert.equal(isPrivateAddress('93.184.216.34'), false);
  });
});

describe('WebSearch', () => {
  test('queries the SearXNG JSON API through the same allowlist', async () => {
    const f = await agentFixture({
      sandbox: allowLocal(),
      env: { WEFT_SEARCH_URL: `http://127.0.0.1:${port}` },
    });
    const r = await f.call('WebSearch', { query: 'clawft sandbox', limit: 1 });
    assert.equal(r.ok, true, r.output);
    assert.match(r.output, /1\. Result for clawft sandbox\n\s+https:\/\/example.org\/a\n\s+first snippet/);
    assert.doesNotMatch(r.output, /Second/);
    assert.ok(hits.some((h) => h.startsWith('/search?q=clawft+sandbox&format=json')));
    assert.equal(f.events.find((e) => e.event === 'net.decision')?.decision, 'allow');
  });

  test('denied when the search host is not allowlisted; clear error without a backend', async () => {
    const f = await agentFixture({ env: { WEFT_SEARCH_URL: `http://127.0.0.1:${port}` } });
    assert.equal((await f.call('WebSearch', { query: 'x' })).error?.code, 'E_NET_DENIED');
    const g = await agentFixture();
    const r = await g.call('WebSearch', { query: 'x' });
    assert.equal(r.error?.code, 'E_CONFIG_INVALID');
    assert.match(r.output, /WEFT_SEARCH_URL/);
  });
});
