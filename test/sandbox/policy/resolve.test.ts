import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_LIMITS, isLoaderVar } from '../../../src/sandbox/policy/defaults.js';
import { envAllowed, resolvePolicy, tightenLimits } from '../../../src/sandbox/policy/resolve.js';
import { tempDir } from '../../helpers/tmp.js';

const opts = (home: string) => ({
  home,
  env: { CLAWFT_HOME: join(home, '.clawft') },
  platform: 'linux' as const,
});

describe('resolvePolicy defaults', () => {
  test('secure defaults: os on linux, wasm elsewhere, no network, no env, default limits', async () => {
    const home = await tempDir();
    const p = resolvePolicy({}, undefined, opts(home));
    assert.equal(p.type, 'os');
    assert.equal(resolvePolicy({}, undefined, { ...opts(home), platform: 'darwin' }).type, 'wasm');
    assert.deepEqual(p.net.rules, []);
    assert.deepEqual(p.env.allow, []);
    assert.deepEqual(p.limits, DEFAULT_LIMITS);
    assert.equal(p.limits.memoryBytes, 1024 * 1024 * 1024);
    assert.ok(p.fs.deny.includes(join(home, '.ssh')));
    assert.ok(p.fs.deny.includes(join(home, '.aws')));
    assert.ok(p.fs.deny.includes(join(home, '.clawft')));
    assert.ok(p.fs.denyNames.includes('.env.*'));
    assert.ok(p.fs.readonlyNames.includes('.git/hooks'));
  });

  test('none without privileged is refused; with privileged accepted', async () => {
    const home = await tempDir();
    assert.throws(() => resolvePolicy({ sandbox_type: 'none' }, undefined, opts(home)), {
      code: 'E_POLICY_INVALID',
    });
    assert.equal(
      resolvePolicy({ sandbox_type: 'none', privileged: true }, undefined, opts(home)).type,
      'none',
    );
  });

  test('unknown keys are refused (strict schema)', async () => {
    const home = await tempDir();
    assert.throws(() => resolvePolicy({ sandbox_typo: 'os' }, undefined, opts(home)), {
      code: 'E_POLICY_INVALID',
    });
  });

  test('limits from config in the right units', async () => {
    const p = resolvePolicy(
      {
        limits: {
          wall_seconds: 2.5,
          memory_mb: 64,
          fsize_mb: 1,
          pids: 7,
          nofile: 9,
          cpu_seconds: 3,
          output_bytes: 10,
        },
      },
      undefined,
      opts(await tempDir()),
    );
    assert.deepEqual(p.limits, {
      wallMs: 2500,
      cpuSeconds: 3,
      memoryBytes: 64 * 1024 * 1024,
      pids: 7,
      fsizeBytes: 1024 * 1024,
      nofile: 9,
      outputBytes: 10,
    });
    const t = tightenLimits(p, { wallMs: 100, pids: 1000 });
    assert.equal(t.limits.wallMs, 100);
    assert.equal(t.limits.pids, 7, 'tighten never widens');
    assert.notEqual(t.hash, p.hash);
  });
});

describe('resolvePolicy paths', () => {
  test('realpath canonicalisation: symlinked and relative paths land on the real dir', async () => {
    const root = await tempDir();
    mkdirSync(join(root, 'real/sub'), { recursive: true });
    symlinkSync(join(root, 'real'), join(root, 'alias'));
    const p = resolvePolicy(
      {
        filesystem: { rules: [{ path: 'alias/sub' }, { path: join(root, 'alias/not-yet'), writable: true }] },
      },
      undefined,
      { ...opts(root), baseDir: root },
    );
    assert.deepEqual(p.fs.read, [join(root, 'real/sub')]);
    assert.deepEqual(p.fs.write, [join(root, 'real/not-yet')]);
  });

  test('grants inside the mandatory deny list are dropped and reported', async () => {
    const home = await tempDir();
    mkdirSync(join(home, '.ssh'));
    const p = resolvePolicy(
      {
        filesystem: {
          rules: [{ path: '~/.ssh' }, { path: '~/.aws/credentials' }, { path: '~', writable: false }],
        },
      },
      undefined,
      opts(home),
    );
    assert.deepEqual(p.fs.read, [home]);
    assert.equal(p.dropped.filter((d) => d.kind === 'fs').length, 2);
  });

  test('nested grants collapse; a read grant under a write grant is subsumed', async () => {
    const root = await tempDir();
    const p = resolvePolicy(
      {
        filesystem: {
          rules: [
            { path: join(root, 'a') },
            { path: join(root, 'a/b') },
            { path: join(root, 'w'), writable: true },
            { path: join(root, 'w/r') },
          ],
        },
      },
      undefined,
      opts(root),
    );
    assert.deepEqual(p.fs.read, [join(root, 'a')]);
    assert.deepEqual(p.fs.write, [join(root, 'w')]);
  });
});

describe('agent ∩ skill', () => {
  test('deny wins: only what both grant survives, narrower path, writable only if both', async () => {
    const root = await tempDir();
    const agent = {
      tools: { allowed: ['shell', 'fs.*'], denied: ['fs.delete'] },
      filesystem: { rules: [{ path: join(root, 'proj'), writable: true }, { path: join(root, 'docs') }] },
      network: {
        rules: [
          { host: '*.example.com', ports: [443] },
          { host: 'api.other.org', ports: [443, 8443] },
        ],
      },
      environment: { rules: [{ pattern: 'GITHUB_*' }, { pattern: 'LANG' }] },
    };
    const p = resolvePolicy(
      agent,
      {
        slug: 'demo',
        permissions: {
          tools: ['shell', 'fs.read', 'net.fetch'],
          fs: {
            read: [join(root, 'proj/src'), join(root, 'etc')],
            write: [join(root, 'proj/out'), join(root, 'docs/x')],
          },
          net: [
            { host: 'API.Example.com.', ports: [443], require_tls: true },
            { host: 'api.other.org', ports: [80], require_tls: false },
            { host: 'evil.com', ports: [443], require_tls: true },
          ],
          env: ['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY'],
        },
      },
      opts(root),
    );
    assert.deepEqual(p.tools.allowed, ['fs.read', 'shell']);
    assert.deepEqual(p.tools.denied, ['fs.delete']);
    assert.deepEqual(p.fs.read, [join(root, 'docs/x'), join(root, 'proj/src')]);
    assert.deepEqual(p.fs.write, [join(root, 'proj/out')]);
    assert.deepEqual(p.net.rules, [{ host: 'api.example.com', ports: [443], requireTls: true }]);
    assert.deepEqual(p.env.allow, ['GITHUB_TOKEN']);
    const droppedValues = p.dropped.map((d) => d.value);
    for (const v of ['net.fetch', 'evil.com', 'AWS_SECRET_ACCESS_KEY', join(root, 'etc')]) {
      assert.ok(droppedValues.includes(v), `${v} reported as dropped`);
    }
    assert.equal(p.source.skill, 'demo');
  });

  test('a skill without a permissions block gets nothing', async () => {
    const root = await tempDir();
    const p = resolvePolicy(
      { filesystem: { rules: [{ path: root, writable: true }] }, network: { rules: [{ host: 'a.com' }] } },
      { slug: 'bare' },
      opts(root),
    );
    assert.deepEqual(p.fs.read, []);
    assert.deepEqual(p.fs.write, []);
    assert.deepEqual(p.net.rules, []);
  });
});

describe('env and hash', () => {
  test('loader variables never pass, even under *', async () => {
    const p = resolvePolicy(
      { environment: { rules: [{ pattern: '*' }, { pattern: 'LD_PRELOAD' }] } },
      undefined,
      opts(await tempDir()),
    );
    for (const v of [
      'LD_PRELOAD',
      'LD_LIBRARY_PATH',
      'NODE_OPTIONS',
      'BASH_ENV',
      'ENV',
      'PYTHONSTARTUP',
      'DYLD_INSERT_LIBRARIES',
    ]) {
      assert.equal(isLoaderVar(v), true, v);
      assert.equal(envAllowed(p, v), false, v);
    }
    assert.equal(envAllowed(p, 'HOME_TOOL'), true);
    assert.ok(p.dropped.some((d) => d.value === 'LD_PRELOAD'));
  });

  test('policyHash is stable across rule order and changes with content', async () => {
    const home = await tempDir();
    const a = resolvePolicy(
      { network: { rules: [{ host: 'a.com' }, { host: 'b.com' }] } },
      undefined,
      opts(home),
    );
    const b = resolvePolicy(
      { network: { rules: [{ host: 'b.com' }, { host: 'A.com.' }] } },
      undefined,
      opts(home),
    );
    const c = resolvePolicy({ network: { rules: [{ host: 'a.com' }] } }, undefined, opts(home));
    assert.equal(a.hash, b.hash);
    assert.notEqual(a.hash, c.hash);
    assert.match(a.hash, /^[0-9a-f]{16}$/);
  });

  test('property: intersection never grants an env name the agent does not allow', async () => {
    const home = await tempDir();
    const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,6}\*?$/);
    fc.assert(
      fc.property(
        fc.array(name, { maxLength: 4 }),
        fc.array(name, { maxLength: 4 }),
        fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/),
        (ag, sk, probe) => {
          const agent = resolvePolicy(
            { environment: { rules: ag.map((pattern) => ({ pattern })) } },
            undefined,
            opts(home),
          );
          const both = resolvePolicy(
            { environment: { rules: ag.map((pattern) => ({ pattern })) } },
            { slug: 's', permissions: { env: sk } },
            opts(home),
          );
          if (envAllowed(both, probe)) assert.ok(envAllowed(agent, probe));
        },
      ),
      { numRuns: 200 },
    );
  });
});
