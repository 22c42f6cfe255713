import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { WEFT_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('weft gateway (built binary)', () => {
  test('answers /health and exits 0 on SIGTERM', async () => {
    const root = await tempDir('weft-gw-e2e-');
    const child = spawn(process.execPath, [WEFT_BIN, 'gateway', '--port', '0', '--json'], {
      env: { ...process.env, CLAWFT_HOME: join(root, '.clawft'), WEFT_GATEWAY_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
      });
      child.on('exit', () => reject(new Error(`gateway exited early: ${stderr}`)));
    });
    try {
      const { url } = JSON.parse(line) as { url: string };
      const res = await fetch(`${url}/health`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { status: string }).status, 'live');
      // Startup time is measured by `npm run bench:gateway`, not here: CI shares cores with other suites.
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /shutting down/);
  });

  test('refuses a public bind without a token (exit 9)', async () => {
    const root = await tempDir('weft-gw-e2e-');
    const child = spawn(process.execPath, [WEFT_BIN, 'gateway', '--host', '0.0.0.0', '--port', '0'], {
      env: { ...process.env, CLAWFT_HOME: join(root, '.clawft'), WEFT_GATEWAY_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 9);
    assert.match(stderr, /E_AUTH_REQUIRED.*WEFT_GATEWAY_TOKEN/);
  });

  test('--with-hub serves the registry API and web UI from the same port', async () => {
    const root = await tempDir('weft-gw-hub-');
    const child = spawn(process.execPath, [WEFT_BIN, 'gateway', '--with-hub', '--port', '0', '--json'], {
      env: {
        ...process.env,
        CLAWFT_HOME: join(root, '.clawft'),
        WEFT_GATEWAY_TOKEN: '',
        WEFT_DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
      });
      child.on('exit', () => reject(new Error(`gateway exited early: ${stderr}`)));
    });
    try {
      const { url } = JSON.parse(line) as { url: string };
      assert.equal((await fetch(`${url}/health`)).status, 200);
      const search = await fetch(`${url}/api/v1/skills/search?q=pdf`);
      assert.equal(search.status, 200);
      assert.equal(((await search.json()) as { ok: boolean }).ok, true);
      const home = await fetch(`${url}/`);
      assert.match(await home.text(), /<title>Skills for AI agents/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, stderr);
  });
});
