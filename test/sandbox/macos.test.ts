import assert from 'node:assert/strict';
import { test } from 'node:test';
import { macosProfile, sbplString } from '../../src/sandbox/macos.js';
import { resolvePolicy } from '../../src/sandbox/policy/resolve.js';

const policy = resolvePolicy(
  {
    sandbox_type: 'os',
    filesystem: { rules: [{ path: '/Users/u/data' }, { path: '/Users/u/out', writable: true }] },
    network: { rules: [{ host: 'api.example.com' }] },
  },
  undefined,
  { home: '/Users/u', platform: 'darwin' },
);

test('profile: deny default, grants as subpaths, mandatory deny last', () => {
  const p = macosProfile(policy, { workdir: '/Users/u/ws', proxyPort: 40123 });
  const lines = p.trim().split('\n');
  assert.equal(lines[0], '(version 1)');
  assert.equal(lines[1], '(deny default)');
  assert.ok(p.includes('(allow file-read* (subpath "/Users/u/data"))'));
  assert.ok(
    p.includes(
      '(allow file-read* file-write* (subpath "/Users/u/out") (subpath "/Users/u/ws") (subpath "/private/tmp"))',
    ),
  );
  assert.ok(p.includes('(allow network-outbound (remote tcp "localhost:40123"))'));
  const denyIdx = lines.findIndex((l) => l.includes('(subpath "/Users/u/.ssh")'));
  const allowIdx = lines.findIndex((l) => l.includes('/Users/u/data'));
  assert.ok(denyIdx > allowIdx, 'deny rules come after allows (later rules win)');
  assert.match(lines[denyIdx]!, /^\(deny file-read\* file-write\*/);
  assert.ok(p.includes('(regex "/\\\\.env\\\\.[^/]*$")'));
  assert.ok(p.includes('(deny file-write* (regex "/\\\\.git/hooks(/|$)")'));
});

test('profile: no network rule means no outbound allowance; strings are escaped', () => {
  const p = macosProfile(resolvePolicy({}, undefined, { home: '/Users/u' }), { workdir: '/w' });
  assert.ok(!p.includes('network-outbound'));
  assert.equal(sbplString('/a "b"\\c'), '"/a \\"b\\"\\\\c"');
  assert.throws(() => sbplString('/a\nb'));
});
