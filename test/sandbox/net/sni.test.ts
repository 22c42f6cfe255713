import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { clientHelloSni } from '../../../src/sandbox/net/sni.js';

/** Capture the real ClientHello node's TLS stack sends for a given servername. */
async function captureHello(servername: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const server = createServer((s) => {
      s.once('data', (d: Buffer) => {
        resolve(d);
        s.destroy();
        server.close();
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      const c = tlsConnect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false });
      c.on('error', () => {});
    });
  });
}

test('clientHelloSni reads the server_name of a real ClientHello', async () => {
  assert.equal(clientHelloSni(await captureHello('api.Example.com')), 'api.example.com');
  assert.equal(clientHelloSni(Buffer.from('GET / HTTP/1.1\r\n')), null);
  assert.equal(clientHelloSni(Buffer.from([0x16, 0x03, 0x01])), null);
});
