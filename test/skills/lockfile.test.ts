import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lockfilePath, readLockfile, readOrigin, writeLockfile } from '../../src/skills/lockfile.js';
import { tempDir } from '../helpers/tmp.js';

describe('lockfile', () => {
  it('reads a lockfile written by the clawhub CLI (no weft fields, null version, pin fields)', async () => {
    const work = await tempDir();
    await mkdir(join(work, '.clawhub'));
    await writeFile(
      lockfilePath(work),
      JSON.stringify({
        version: 1,
        skills: {
          a: { version: '1.0.0', installedAt: 1 },
          b: { version: null, installedAt: 2, pinned: true },
        },
      }),
    );
    const lock = await readLockfile(work);
    assert.equal(lock.skills.a!.version, '1.0.0');
    assert.equal(lock.skills.b!.pinned, true);
  });

  it('round-trips weft fields and unknown keys, sorted by slug', async () => {
    const work = await tempDir();
    await writeLockfile(work, {
      version: 1,
      skills: {
        zeta: { version: '1.0.0', installedAt: 5, fingerprint: 'a'.repeat(64), futureField: 'kept' },
        alpha: { version: '2.0.0', installedAt: 6, scan: { verdict: 'warn', findings: 1, scannedAt: 6 } },
      },
    });
    const text = await readFile(lockfilePath(work), 'utf8');
    assert.ok(text.indexOf('"alpha"') < text.indexOf('"zeta"'));
    const lock = await readLockfile(work);
    assert.equal((lock.skills.zeta as Record<string, unknown>).futureField, 'kept');
    assert.equal(lock.skills.alpha!.scan!.verdict, 'warn');
  });

  it('treats a missing lockfile as empty and a malformed one as E_LOCKFILE_CORRUPT naming the field', async () => {
    const work = await tempDir();
    assert.deepEqual(await readLockfile(work), { version: 1, skills: {} });
    await mkdir(join(work, '.clawhub'));
    await writeFile(
      lockfilePath(work),
      JSON.stringify({ version: 1, skills: { a: { version: '1', installedAt: 'x' } } }),
    );
    await assert.rejects(readLockfile(work), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_LOCKFILE_CORRUPT');
      assert.match(e.message, /skills\.a\.installedAt/);
      return true;
    });
  });

  it('reads origin files leniently: absent or broken means undefined', async () => {
    const dir = await tempDir();
    assert.equal(await readOrigin(dir), undefined);
    await mkdir(join(dir, '.clawhub'));
    await writeFile(join(dir, '.clawhub', 'origin.json'), '{');
    assert.equal(await readOrigin(dir), undefined);
    await writeFile(
      join(dir, '.clawhub', 'origin.json'),
      JSON.stringify({ version: 1, registry: 'r', slug: 's', installedVersion: '1.0.0', installedAt: 3 }),
    );
    assert.equal((await readOrigin(dir))?.slug, 's');
  });
});
