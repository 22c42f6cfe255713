import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { WEFT_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** Start the built gateway with `--port 0 --json`; resolves with its URL once the first line is out. */
async function spawnGateway(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [WEFT_BIN, 'gateway', '--port', '0', '--json', ...args], {
    env: { ...process.env, WEFT_GATEWAY_TOKEN: '', ...env },
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
  const { url } = JSON.parse(line) as { url: string };
  return { child, url, exited, stderr: () => stderr };
}

describe('weft gateway (built binary)', () => {
  test('answers /health and exits 0 on SIGTERM', async () => {
    const root = await tempDir('weft-gw-e2e-');
    const gw = await spawnGateway([], { CLAWFT_HOME: join(root, '.clawft') });
    try {
      const res = await fetch(`${gw.url}/health`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { status: string }).status, 'live');
      // Startup time is measured by `npm run bench:gateway`, not here: CI shares cores with other suites.
    } finally {
      gw.child.kill('SIGTERM');
    }
    assert.equal(await gw.exited, 0, gw.stderr());
    assert.match(gw.stderr(), /shutting down/);
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
    const gw = await spawnGateway(['--with-hub'], {
      CLAWFT_HOME: join(root, '.clawft'),
      WEFT_DATABASE_URL: '',
    });
    try {
      assert.equal((await fetch(`${gw.url}/health`)).status, 200);
      const search = await fetch(`${gw.url}/api/v1/skills/search?q=pdf`);
      assert.equal(search.status, 200);
      assert.equal(((await search.json()) as { ok: boolean }).ok, true);
      const home = await fetch(`${gw.url}/`);
      assert.match(await home.text(), /<title>Skills for AI agents/);
    } finally {
      gw.child.kill('SIGTERM');
    }
    assert.equal(await gw.exited, 0, gw.stderr());
  });
});
