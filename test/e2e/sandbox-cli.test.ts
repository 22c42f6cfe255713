import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { detectCapabilities } from '../../src/sandbox/capabilities.js';
import { weft } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const caps = detectCapabilities();
const ready = Boolean(caps.bwrap && caps.helper && caps.userNamespaces && caps.landlock.available);
if (!ready && process.env.CI) throw new Error('sandbox layers missing in CI');
const skip = ready ? false : 'sandbox layers missing';

describe('weft sandbox', { skip }, () => {
  test('acceptance: --allow-read ./x -- cat ~/.ssh/id_rsa fails and the audit log says why', async () => {
    const home = await tempDir();
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh/id_rsa'), 'PRIVATE-KEY-BYTES');
    mkdirSync(join(home, 'x'));
    const env = { HOME: home, CLAWFT_HOME: join(home, '.clawft') };
    const r = await weft(['sandbox', 'run', '--allow-read', './x', '--', 'cat', join(home, '.ssh/id_rsa')], {
      env,
      cwd: home,
    });
    assert.notEqual(r.code, 0);
    assert.ok(!r.stdout.includes('PRIVATE-KEY-BYTES'));
    const log = readFileSync(join(home, '.clawft/audit/audit.jsonl'), 'utf8');
    assert.match(
      log,
      /"event":"fs.deny","decision":"deny","reason":"[^"]*\.ssh\/id_rsa: mandatory deny list/,
    );
    assert.match(log, /"event":"exit"/);
    assert.ok(!log.includes('PRIVATE-KEY-BYTES'));
  });

  test("exit status is the command's; --json prints the RunResult", async () => {
    const home = await tempDir();
    const env = { CLAWFT_HOME: join(home, '.clawft') };
    assert.equal((await weft(['sandbox', 'run', '--', 'sh', '-c', 'exit 42'], { env })).code, 42);
    const j = await weft(['sandbox', 'run', '--json', '--', 'echo', 'hi'], { env });
    const out = JSON.parse(j.stdout) as {
      exitCode: number;
      stdout: string;
      backend: string;
      layers: string[];
    };
    assert.equal(out.exitCode, 0);
    assert.equal(out.stdout, 'hi\n');
    assert.equal(out.backend, 'bwrap');
    assert.ok(out.layers.includes('landlock'));
  });

  test('setup failure exits 125 with one line', async () => {
    const home = await tempDir();
    const r = await weft(['sandbox', 'run', '--type', 'none', '--', 'true'], {
      env: { CLAWFT_HOME: join(home, '.clawft') },
    });
    assert.equal(r.code, 125);
    assert.match(r.stderr, /privileged/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    const p = join(home, 'p.toml');
    writeFileSync(p, 'sandbox_type = "os"\n');
    const w = await weft(
      ['sandbox', 'run', '--policy', p, '--workdir', join(home, 'missing'), '--', 'true'],
      {
        env: { CLAWFT_HOME: join(home, '.clawft') },
      },
    );
    assert.equal(w.stderr.trim().split('\n').length, 1);
    assert.equal(w.code, 125);
    const sys = await weft(['sandbox', 'run', '--workdir', '/', '--', 'true'], {
      env: { CLAWFT_HOME: join(home, '.clawft') },
    });
    assert.equal(sys.code, 125);
    assert.match(sys.stderr, /system path/);
  });

  test('check --agent prints the effective policy and layers', async () => {
    const home = await tempDir();
    const agentDir = join(home, '.clawft/agents/demo');
    mkdirSync(agentDir, { recursive: true });
    writeFileSync(
      join(agentDir, 'config.toml'),
      '[sandbox]\n[[sandbox.network.rules]]\nhost = "API.GitHub.com."\n[sandbox.limits]\nwall_seconds = 5\n',
    );
    const r = await weft(['sandbox', 'check', '--agent', 'demo', '--json'], {
      env: { CLAWFT_HOME: join(home, '.clawft') },
    });
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout) as {
      policy: { net: { rules: { host: string }[] }; limits: { wallMs: number } };
      layers: string[];
      limits: { limit: string; by: string | null }[];
      cgroups: { version: string; reason: string };
    };
    assert.equal(c.policy.net.rules[0]!.host, 'api.github.com');
    assert.match(c.limits.find((l) => l.limit === 'pids')!.by!, /supervisor/);
    assert.ok(c.cgroups.reason.length > 0);
    assert.equal(c.policy.limits.wallMs, 5000);
    assert.ok(c.layers.includes('proxy') && c.layers.includes('seccomp'));
  });
});
