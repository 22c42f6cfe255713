import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WeftError } from '../../src/errors.js';
import { assertNoCaseCollisions, isExcludedFromBundle, unsafePathReason } from '../../src/skills/paths.js';

describe('path rules', () => {
  it('accepts ordinary relative paths', () => {
    for (const p of ['SKILL.md', 'scripts/run.sh', 'a/b/c-d_e.f', 'docs/ünïcode.md']) {
      assert.equal(unsafePathReason(p), undefined, p);
    }
  });

  it('rejects hostile paths', () => {
    const bad = [
      '',
      '/etc/passwd',
      '../x',
      'a/../../x',
      'a/./b',
      'a//b',
      'a\\..\\b',
      'C:/x',
      'a\u0000b',
      'a/\nb',
      'x/..',
    ];
    for (const p of bad) assert.notEqual(unsafePathReason(p), undefined, JSON.stringify(p));
  });

  it('never accepts a path that could leave its root when joined', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', '..', '.', '', '/', '\\', 'c:', '\u0000'), { maxLength: 8 }),
        (parts) => {
          const p = parts.join('');
          if (unsafePathReason(p) === undefined) {
            const segs = p.split('/');
            assert.ok(!p.startsWith('/'));
            assert.ok(segs.every((s) => s !== '..' && s !== '.' && s !== ''));
            assert.ok(!p.includes('\\') && !p.includes('\u0000'));
          }
        },
      ),
    );
  });

  it('accepted paths are normalised: joining them never climbs', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (p) => {
        if (unsafePathReason(p) !== undefined) return;
        let depth = 0;
        for (const seg of p.split('/')) depth += seg === '..' ? -1 : 1;
        assert.ok(depth > 0);
      }),
    );
  });

  it('excludes dot-paths and node_modules from bundles', () => {
    assert.equal(isExcludedFromBundle('.git/config'), true);
    assert.equal(isExcludedFromBundle('a/.env'), true);
    assert.equal(isExcludedFromBundle('node_modules/x/index.js'), true);
    assert.equal(isExcludedFromBundle('scripts/run.sh'), false);
  });

  it('detects case collisions', () => {
    assert.throws(
      () => assertNoCaseCollisions(['README.md', 'readme.md']),
      (e: unknown) => e instanceof WeftError && e.code === 'E_CASE_COLLISION',
    );
    assertNoCaseCollisions(['a.md', 'b.md']);
  });
});
