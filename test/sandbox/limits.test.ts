import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cgroupSupport, limitEnforcement } from '../../src/sandbox/limits.js';
import { resolvePolicy } from '../../src/sandbox/policy/resolve.js';
import { tempDir } from '../helpers/tmp.js';

const files = (root: string, f: Record<string, string>) => {
  for (const [p, text] of Object.entries(f)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
};

describe('cgroupSupport', () => {
  test('cgroup v2 with memory and pids in a writable own cgroup is delegated', async () => {
    const root = await tempDir();
    files(root, {
      'cgroup.controllers': 'cpu memory pids\n',
      'user.slice/me/cgroup.controllers': 'memory pids\n',
      'user.slice/me/cgroup.procs': '',
    });
    const s = cgroupSupport(root, '0::/user.slice/me\n');
    assert.equal(s.version, 'v2');
    assert.equal(s.delegated, true);
    assert.match(s.reason, /writable/);
  });

  test('cgroup v2 without the pids controller is named as the reason', async () => {
    const root = await tempDir();
    files(root, { 'cgroup.controllers': 'cpu memory\n', 'a/cgroup.controllers': 'memory\n' });
    const s = cgroupSupport(root, '0::/a\n');
    assert.deepEqual([s.version, s.delegated], ['v2', false]);
    assert.match(s.reason, /pids controller/);
  });

  test('hybrid (v1 controllers, empty v2 tree) and plain v1 are reported as not used', async () => {
    const hybrid = await tempDir();
    files(hybrid, {
      'memory/cgroup.procs': '',
      'pids/cgroup.procs': '',
      'unified/cgroup.controllers': 'hugetlb\n',
    });
    const h = cgroupSupport(hybrid, '0::/\n');
    assert.deepEqual([h.version, h.delegated], ['hybrid', false]);
    assert.match(h.reason, /memory and pids are cgroup v1 .*not delegated/);
    const v1 = await tempDir();
    files(v1, { 'memory/cgroup.procs': '' });
    assert.equal(cgroupSupport(v1, '').version, 'v1');
    const none = await tempDir();
    assert.equal(cgroupSupport(none, '').version, 'none');
  });
});

describe('limitEnforcement', () => {
  const l = resolvePolicy({}).limits;
  const by = (xs: ReturnType<typeof limitEnforcement>) => Object.fromEntries(xs.map((x) => [x.limit, x.by]));

  test('full os sandbox: rlimits plus the supervisor for memory and pids', () => {
    const b = by(limitEnforcement(l, 'bwrap', { helper: true }));
    assert.match(b.memory!, /RLIMIT_AS.*summed RSS/);
    assert.match(b.pids!, /RLIMIT_NPROC.*supervisor/);
    assert.match(b.cpu!, /RLIMIT_CPU/);
    assert.ok(Object.values(b).every((x) => x !== null));
  });

  test('degraded and wasm backends say what is not enforced', () => {
    const bw = by(limitEnforcement(l, 'bwrap', { helper: false }));
    assert.equal(bw.cpu, null);
    assert.equal(bw.memory, null);
    assert.match(bw.wall!, /kills/);
    const h = by(limitEnforcement(l, 'helper', { helper: true }));
    assert.equal(h.pids, 'RLIMIT_NPROC');
    const w = by(limitEnforcement(l, 'wasm', { helper: true }));
    assert.equal(w.cpu, null);
    assert.match(w.memory!, /wasm memory maximum/);
    const c = by(limitEnforcement(l, 'bwrap', { helper: true, combined: true }));
    assert.match(c.memory!, /RLIMIT_DATA/);
  });
});
