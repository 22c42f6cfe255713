import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type NetDecision, type RunningProxy, startProxy } from '../../../src/sandbox/net/proxy.js';
import type { NetGrant } from '../../../src/sandbox/policy/types.js';

/** Send raw bytes over the proxy's unix socket; resolve with everything it answers. */
function raw(sock: string, payload: string): Promise<string> {
  return new Promise((resolve) => {
    const c = connect(sock);
    let out = '';
    c.on('data', (d) => {
      out += d;
      if (out.includes('\r\n\r\n') && /^HTTP\/1.1 200 Connection/.test(out)) {
        // a tunnel: send a TLS-looking byte then read what upstream echoes back
        c.write(Buffer.from([0x16, 0x03, 0x01]));
      }
    });
    c.on('end', () => resolve(out));
    c.on('close', () => resolve(out));
    c.on('error', () => resolve(out));
    c.write(payload);
    setTimeout(() => c.destroy(), 1500);
  });
}

describe('network proxy', () => {
  let upstream: http.Server;
  let tls: Server;
  let port = 0;
  let tlsPort = 0;
  let proxy: RunningProxy;
  const decisions: NetDecision[] = [];
  const dns: Record<string, string[]> = {
    'allowed.test': ['127.0.0.1'],
    'internal.test': ['10.0.0.5'],
    'metadata.test': ['169.254.169.254'],
  };

  before(async () => {
    upstream = http.createServer((req, res) => res.end(`HELLO ${req.headers.host}`));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    port = (upstream.address() as { port: number }).port;
    tls = createServer((s) => s.on('data', (d) => s.end(`ECHO ${d.length}`)));
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
    tlsPort = (tls.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'weft-proxy-'));
    const rules: NetGrant[] = [
      { host: '127.0.0.1', ports: [port], requireTls: false },
      { host: '127.0.0.1', ports: [tlsPort], requireTls: true },
      { host: 'allowed.test', ports: [443, port], requireTls: true },
      { host: 'internal.test', ports: [443], requireTls: true },
      { host: 'metadata.test', ports: [80], requireTls: false },
    ];
    proxy = await startProxy({
      socketPath: join(dir, 'p.sock'),
      rules,
      onDecision: (d) => decisions.push(d),
      resolve: async (h) => {
        const a = dns[h];
        if (!a) throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
        return a;
      },
    });
  });
  after(async () => {
    await proxy?.close();
    upstream?.close();
    tls?.close();
  });

  const last = () => decisions.at(-1)!;

  test('plain HTTP to an explicitly named IP is forwarded and audited', async () => {
    const out = await raw(
      proxy.socketPath,
      `GET http://127.0.0.1:${port}/x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(out, /200 OK[\s\S]*HELLO 127.0.0.1/);
    assert.equal(last().decision, 'allow');
  });

  test('CONNECT to an allowed TLS port tunnels TLS bytes', async () => {
    const out = await raw(
      proxy.socketPath,
      `CONNECT 127.0.0.1:${tlsPort} HTTP/1.1\r\nHost: 127.0.0.1:${tlsPort}\r\n\r\n`,
    );
    assert.match(out, /200 Connection Established[\s\S]*ECHO 3/);
    assert.equal(last().decision, 'allow');
  });

  const denied: [string, string, RegExp][] = [
    ['host not allowed', 'CONNECT evil.test:443 HTTP/1.1\r\n\r\n', /not allowed/],
    ['port not allowed', 'CONNECT allowed.test:8443 HTTP/1.1\r\n\r\n', /port 8443/],
    ['decimal IP literal', 'CONNECT 2130706433:443 HTTP/1.1\r\n\r\n', /port 443 not allowed for 127.0.0.1/],
    ['hex IP literal', 'CONNECT 0x7f.1:443 HTTP/1.1\r\n\r\n', /port 443 not allowed|IP literal/],
    ['mapped IPv6 literal', 'CONNECT [::ffff:127.0.0.1]:443 HTTP/1.1\r\n\r\n', /IP literal/],
    ['userinfo', 'CONNECT allowed.test@evil.test:443 HTTP/1.1\r\n\r\n', /malformed/],
    ['suffix confusion', 'CONNECT allowed.test.evil.test:443 HTTP/1.1\r\n\r\n', /not allowed/],
    ['private resolution', 'CONNECT internal.test:443 HTTP/1.1\r\n\r\n', /private/],
    ['trailing dot still resolves and is checked', 'CONNECT allowed.test.:443 HTTP/1.1\r\n\r\n', /private/],
    [
      'host header mismatch',
      'CONNECT allowed.test:443 HTTP/1.1\r\nHost: evil.test:443\r\n\r\n',
      /does not match/,
    ],
  ];
  for (const [name, req, reason] of denied) {
    test(`CONNECT refused: ${name}`, async () => {
      const out = await raw(proxy.socketPath, req);
      assert.match(out, /^HTTP\/1.1 403/);
      assert.equal(last().decision, 'deny');
      assert.match(last().reason, reason);
    });
  }

  const deniedHttp: [string, string, RegExp][] = [
    [
      'metadata via DNS',
      'GET http://metadata.test/latest/meta-data HTTP/1.1\r\nHost: metadata.test\r\n\r\n',
      /private/,
    ],
    [
      'require_tls on plain HTTP',
      `GET http://allowed.test:${port}/ HTTP/1.1\r\nHost: allowed.test:${port}\r\n\r\n`,
      /require_tls/,
    ],
    ['Host mismatch', `GET http://127.0.0.1:${0}/ HTTP/1.1\r\nHost: evil.test\r\n\r\n`, /does not match/],
    ['userinfo', 'GET http://allowed.test@127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', /userinfo/],
    ['origin-form request', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', /absolute-form/],
  ];
  for (const [name, req, reason] of deniedHttp) {
    test(`HTTP refused: ${name}`, async () => {
      const out = await raw(proxy.socketPath, req.replace(':0/', `:${port}/`));
      assert.match(out, /^HTTP\/1.1 4(00|03)/);
      assert.equal(last().decision, 'deny');
      assert.match(last().reason, reason);
    });
  }

  test('a tunnel whose TLS SNI names another host is cut off', async () => {
    const { connect: tlsConnect } = await import('node:tls');
    const before = decisions.length;
    await new Promise<void>((resolve) => {
      const c = connect(proxy.socketPath);
      c.once('data', () => {
        const t = tlsConnect({ socket: c, servername: 'evil.example', rejectUnauthorized: false });
        t.on('error', () => resolve());
        t.on('close', () => resolve());
      });
      c.write(`CONNECT 127.0.0.1:${tlsPort} HTTP/1.1\r\n\r\n`);
    });
    const d = decisions.slice(before).find((x) => /SNI/.test(x.reason));
    assert.ok(d && d.decision === 'deny', JSON.stringify(decisions.slice(before)));
  });

  test('require_tls: a non-TLS first byte in a tunnel is cut off', async () => {
    const out = await new Promise<string>((resolve) => {
      const c = connect(proxy.socketPath);
      let buf = '';
      c.on('data', (d) => {
        buf += d;
        if (buf.includes('200 Connection')) c.write('GET / HTTP/1.1\r\n\r\n');
      });
      c.on('close', () => resolve(buf));
      c.write(`CONNECT 127.0.0.1:${tlsPort} HTTP/1.1\r\n\r\n`);
    });
    assert.ok(!out.includes('ECHO'));
    assert.match(last().reason, /not TLS/);
  });
});
