import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { readBundleDir } from '../../src/skills/bundle.js';
import { bundleFingerprint, sha256Hex } from '../../src/skills/fingerprint.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/skills/pdf-tools', import.meta.url));

const digestArb = fc.uniqueArray(
  fc.record({
    path: fc.stringMatching(/^[a-z0-9_-]{1,8}(\/[a-z0-9_.-]{1,8}){0,2}$/),
    sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
  }),
  { selector: (d) => d.path, minLength: 1, maxLength: 12 },
);

describe('bundleFingerprint', () => {
  it('matches an independent computation over the example skill', async () => {
    // Computed here without the library: sha256 each file, sort as ClawHub does
    // (String#localeCompare), hash the "path:sha" lines joined by \n.
    const files = ['SKILL.md', 'scripts/extract.sh', 'reference.md'];
    const lines: string[] = [];
    for (const f of [...files].sort((a, b) => a.localeCompare(b))) {
      const bytes = await readFile(`${FIXTURE}/${f}`);
      lines.push(`${f}:${createHash('sha256').update(bytes).digest('hex')}`);
    }
    const expected = createHash('sha256').update(lines.join('\n')).digest('hex');
    const bundle = await readBundleDir(FIXTURE);
    assert.deepEqual(
      bundle.files.map((f) => f.path),
      ['reference.md', 'scripts/extract.sh', 'SKILL.md'],
      'dot-files are excluded; order follows localeCompare like ClawHub',
    );
    assert.equal(bundle.fingerprint, expected);
  });

  it('is independent of input order', () => {
    fc.assert(
      fc.property(digestArb, fc.nat(), (files, seed) => {
        const shuffled = [...files].sort((a, b) =>
          sha256Hex(a.path + seed) < sha256Hex(b.path + seed) ? -1 : 1,
        );
        assert.equal(bundleFingerprint(shuffled), bundleFingerprint(files));
      }),
    );
  });

  it('changes when any file digest or path changes', () => {
    fc.assert(
      fc.property(digestArb, fc.nat(), fc.boolean(), (files, idx, changePath) => {
        const i = idx % files.length;
        const before = bundleFingerprint(files);
        const changed = files.map((f, j) => {
          if (j !== i) return f;
          if (changePath) return { ...f, path: `${f.path}x` };
          const flipped = (Number.parseInt(f.sha256[0]!, 16) ^ 1).toString(16);
          return { ...f, sha256: flipped + f.sha256.slice(1) };
        });
        fc.pre(new Set(changed.map((f) => f.path)).size === changed.length);
        assert.notEqual(bundleFingerprint(changed), before);
      }),
    );
  });

  it('changes when any single byte of content changes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (bytes, pos, delta) => {
          const a = [{ path: 'SKILL.md', sha256: sha256Hex(bytes) }];
          const mutated = Uint8Array.from(bytes);
          const k = pos % mutated.length;
          mutated[k] = (mutated[k]! + delta) % 256;
          assert.notEqual(
            bundleFingerprint([{ path: 'SKILL.md', sha256: sha256Hex(mutated) }]),
            bundleFingerprint(a),
          );
        },
      ),
    );
  });
});
