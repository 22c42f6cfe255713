import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostCapabilities } from '../../src/sandbox/capabilities.js';
import { type LaunchRequest, planLaunch } from '../../src/sandbox/launch.js';
import { resolvePolicy } from '../../src/sandbox/policy/resolve.js';

const full: HostCapabilities = {
  platform: 'linux',
  arch: 'x64',
  kernel: '6.12.0',
  bwrap: '/usr/bin/bwrap',
  userNamespaces: true,
  landlock: { available: true, abi: 6, source: 'syscall' },
  seccomp: true,
  helper: '/opt/weft/helper',
  cgroupV2: false,
  sandboxExec: null,
};
const req: LaunchRequest = {
  command: ['echo', 'hi'],
  workdir: '/w',
  runDir: '/r',
  env: { PATH: '/usr/bin', SECRET_OK: 'v' },
  masks: [{ path: '/w/.env', kind: 'hide-file', reason: 'x' }],
  layout: { roDirs: ['/usr'], symlinks: [['usr/bin', '/bin']], etc: ['/etc/ssl'] },
};
const policy = resolvePolicy(
  { filesystem: { rules: [{ path: '/data' }, { path: '/out', writable: true }] } },
  undefined,
  {
    home: '/home/u',
  },
);

describe('planLaunch', () => {
  test('full host: bwrap with every namespace, uid 1000, cap drop, then the helper, then the command', () => {
    const p = planLaunch(policy, full, req);
    assert.equal(p.backend, 'bwrap');
    assert.equal(p.degraded, false);
    const a = p.fdArgs!;
    for (const flag of [
      '--unshare-all',
      '--unshare-user',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
    ]) {
      assert.ok(a.includes(flag), flag);
    }
    assert.deepEqual(a.slice(a.indexOf('--uid'), a.indexOf('--uid') + 2), ['--uid', '1000']);
    assert.deepEqual(a.slice(a.indexOf('--cap-drop'), a.indexOf('--cap-drop') + 2), ['--cap-drop', 'ALL']);
    assert.ok(a.join(' ').includes('--ro-bind-try /data /data'));
    assert.ok(a.join(' ').includes('--bind-try /out /out'));
    assert.ok(a.join(' ').includes('--ro-bind /dev/null /w/.env'), 'mask applied');
    const bindWork = a.findIndex((x, i) => x === '--bind' && a[i + 1] === '/w');
    assert.ok(bindWork > 0 && a.indexOf('/w/.env') > bindWork, 'masks come after the binds');
    // env values travel on the args fd, never on the host-visible argv
    assert.ok(!p.argv.includes('v') && a.includes('v'));
    assert.deepEqual(p.env, {});
    const inner = p.argv.slice(p.argv.indexOf('--') + 1);
    assert.equal(inner[0], '/run/weft/helper');
    assert.deepEqual(inner.slice(-3), ['--', 'echo', 'hi']);
    assert.ok(inner.includes('--pids-watch'));
    // the helper's supervisor is the namespace's pid 1 (no separate bwrap init)
    assert.ok(a.includes('--as-pid-1'));
    assert.ok(inner.join(' ').includes('--rlimit as=1073741824'));
    assert.ok(
      p.layers.includes('landlock') && p.layers.includes('seccomp') && p.layers.includes('landlock-scopes'),
    );
    assert.ok(!p.layers.includes('proxy'));
  });

  test('network rules bring the proxy, the bridge and a single Landlock TCP port', () => {
    const p = planLaunch(policy, full, { ...req, proxySocket: '/r/proxy.sock' });
    assert.ok(p.fdArgs!.join(' ').includes('--bind /r/proxy.sock /run/weft/proxy.sock'));
    assert.ok(p.argv.join(' ').includes('--tcp-connect 3128'));
    assert.ok(p.argv.join(' ').includes('--bridge 3128:/run/weft/proxy.sock'));
    assert.ok(p.layers.includes('proxy'));
  });

  test('fails closed naming the missing layer', () => {
    for (const [caps, layer] of [
      [{ ...full, bwrap: null }, 'bwrap'],
      [{ ...full, userNamespaces: false }, 'userns'],
      [{ ...full, helper: null }, 'helper'],
      [{ ...full, landlock: { available: false, abi: null, source: 'syscall' as const } }, 'landlock'],
    ] as const) {
      assert.throws(
        () => planLaunch(policy, caps, req),
        (e: { code: string; message: string }) =>
          e.code === 'E_SANDBOX_UNAVAILABLE' && e.message.includes(`"${layer}"`),
      );
    }
  });

  test('--allow-degraded downgrades explicitly and says what is missing', () => {
    const p = planLaunch(policy, { ...full, bwrap: null }, { ...req, allowDegraded: true });
    assert.equal(p.backend, 'helper');
    assert.equal(p.degraded, true);
    assert.deepEqual(p.missing, ['bwrap']);
    const q = planLaunch(policy, { ...full, helper: null }, { ...req, allowDegraded: true });
    assert.equal(q.backend, 'bwrap');
    assert.ok(!q.layers.includes('seccomp'));
    assert.throws(
      () => planLaunch(policy, { ...full, bwrap: null, helper: null }, { ...req, allowDegraded: true }),
      {
        code: 'E_SANDBOX_UNAVAILABLE',
      },
    );
  });

  test('combined mode caps memory with RLIMIT_DATA (V8 reserves address space)', () => {
    const p = planLaunch(policy, full, { ...req, memoryBy: 'data' });
    assert.ok(p.argv.join(' ').includes('--rlimit data=1073741824'));
    assert.ok(!p.argv.join(' ').includes('--rlimit as='));
  });

  test('macOS: sandbox-exec with a generated profile, or a clear refusal', () => {
    const mac = {
      ...full,
      platform: 'darwin' as const,
      bwrap: null,
      helper: null,
      sandboxExec: '/usr/bin/sandbox-exec',
    };
    const p = planLaunch(policy, mac, req);
    assert.equal(p.backend, 'sandbox-exec');
    assert.deepEqual(p.argv.slice(0, 2), ['/usr/bin/sandbox-exec', '-p']);
    assert.match(p.argv[2]!, /^\(version 1\)\n\(deny default\)/);
    assert.deepEqual(p.argv.slice(3), ['echo', 'hi']);
    assert.throws(() => planLaunch(policy, { ...mac, sandboxExec: null }, req), /wasm/);
  });

  test('a grant of / binds top-level entries, never the host /proc, /sys, /dev, /run or /tmp', () => {
    const root = resolvePolicy({ filesystem: { rules: [{ path: '/' }, { path: '/proc/1' }] } }, undefined, {
      home: '/home/u',
    });
    assert.ok(root.dropped.some((d) => d.value === '/proc/1' && /kernel interface/.test(d.reason)));
    const layout = { ...req.layout, topLevel: ['/home', '/proc', '/sys', '/tmp', '/run', '/dev', '/opt'] };
    const a = planLaunch(root, full, { ...req, layout }).fdArgs!.join(' ');
    assert.ok(!a.includes('--ro-bind-try / /'));
    assert.ok(a.includes('--ro-bind-try /home /home') && a.includes('--ro-bind-try /opt /opt'));
    for (const k of ['/proc', '/sys', '/tmp', '/run', '/dev'])
      assert.ok(!a.includes(`--ro-bind-try ${k} ${k}`), k);
  });
});
