import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { openAuditLog, readAuditLog } from '../../src/sandbox/audit.js';
import { detectCapabilities } from '../../src/sandbox/capabilities.js';
import { resolvePolicy } from '../../src/sandbox/policy/resolve.js';
import { runSandboxed } from '../../src/sandbox/run.js';
import { tempDir } from '../helpers/tmp.js';

const caps = detectCapabilities();
const ready = Boolean(caps.bwrap && caps.helper && caps.userNamespaces && caps.landlock.available);
if (!ready && process.env.CI) throw new Error('sandbox layers missing in CI');
const skip = ready ? false : 'sandbox layers missing (bwrap, userns, Landlock, native helper)';

const fetchPy = (url: string) => [
  'python3',
  '-c',
  `import urllib.request\ntry:\n print(urllib.request.urlopen("${url}", timeout=5).read().decode())\nexcept Exception as e: print("FAILED", e)`,
];

describe('runSandboxed', { skip }, () => {
  let server: http.Server;
  let port = 0;
  before(async () => {
    server = http.createServer((_req, res) => res.end('FROM-HOST'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  after(() => server?.close());

  test('egress goes only through the proxy, only to allowed host:port, each decision audited', async () => {
    const dir = await tempDir();
    const audit = openAuditLog({ dir });
    const policy = resolvePolicy({
      network: { rules: [{ host: '127.0.0.1', ports: [port], require_tls: false }] },
    });
    const ok = await runSandboxed(policy, fetchPy(`http://127.0.0.1:${port}/`), { audit, runId: 'net-ok' });
    assert.match(ok.stdout, /FROM-HOST/, ok.stderr);
    assert.ok(ok.layers.includes('proxy'));
    const bad = await runSandboxed(policy, fetchPy('http://127.0.0.1:1/'), { audit, runId: 'net-bad' });
    assert.match(bad.stdout, /FAILED.*403/);
    audit.close();
    const ev = readAuditLog(dir).filter((e) => e.event === 'net.decision');
    assert.ok(ev.some((e) => e.runId === 'net-ok' && e.decision === 'allow'));
    assert.ok(
      ev.some((e) => e.runId === 'net-bad' && e.decision === 'deny' && /not allowed/.test(e.reason)),
      JSON.stringify(ev),
    );
  });

  test('tool gate runs before anything is spawned', async () => {
    const dir = await tempDir();
    const audit = openAuditLog({ dir });
    const policy = resolvePolicy({ tools: { denied: ['shell'] } });
    await assert.rejects(runSandboxed(policy, ['true'], { audit, tool: 'shell', runId: 'g' }), {
      code: 'E_TOOL_DENIED',
    });
    audit.close();
    const ev = readAuditLog(dir);
    assert.ok(ev.some((e) => e.event === 'tool.gate' && e.decision === 'deny'));
    assert.ok(!ev.some((e) => e.event === 'spawn'));
  });

  test('fails closed when a layer is missing; --allow-degraded is audited', async () => {
    const dir = await tempDir();
    const audit = openAuditLog({ dir });
    const policy = resolvePolicy({});
    const noBwrap = { ...caps, bwrap: null };
    await assert.rejects(runSandboxed(policy, ['true'], { audit, caps: noBwrap, runId: 'fc' }), {
      code: 'E_SANDBOX_UNAVAILABLE',
    });
    const r = await runSandboxed(policy, ['sh', '-c', 'cat /etc/hostname; echo ran'], {
      audit,
      caps: noBwrap,
      allowDegraded: true,
      runId: 'deg',
    });
    assert.match(r.stdout, /ran/);
    assert.equal(r.backend, 'helper');
    audit.close();
    const ev = readAuditLog(dir);
    assert.ok(
      ev.some(
        (e) =>
          e.runId === 'fc' && e.event === 'backend.select' && e.decision === 'deny' && /bwrap/.test(e.reason),
      ),
    );
    assert.ok(ev.some((e) => e.runId === 'deg' && e.event === 'backend.degraded' && /bwrap/.test(e.reason)));
  });

  test('stdin reaches the command; exit status and duration come back', async () => {
    const r = await runSandboxed(resolvePolicy({}), ['sh', '-c', 'cat; exit 7'], {
      audit: false,
      stdin: 'piped-in',
    });
    assert.equal(r.stdout, 'piped-in');
    assert.equal(r.exitCode, 7);
    assert.ok(r.durationMs > 0);
  });

  test('pid 1 is the supervisor: it reaps orphans (no zombie pile-up against the pids limit) and cannot be killed', async () => {
    // 40 short-lived orphans in turn, never more than a few at once, under a pids limit of 16
    const script =
      'for i in $(seq 40); do (sleep 0.01 &); done; sleep 0.3; kill -9 1 2>/dev/null || echo pid1-survives; ' +
      'tr "\\0" " " < /proc/1/cmdline; echo; echo done';
    const r = await runSandboxed(resolvePolicy({ limits: { pids: 16 } }), ['sh', '-c', script], {
      audit: false,
    });
    assert.equal(r.limitHit, undefined, r.stderr);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /pid1-survives/);
    assert.match(r.stdout, /^\/run\/weft\/helper /m);
    assert.match(r.stdout, /done/);
  });
});
