import assert from 'node:assert/strict';
import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findMasks, maskCacheTuning, maskWalkStats } from '../../src/sandbox/masks.js';
import { resolvePolicy } from '../../src/sandbox/policy/resolve.js';
import { tempDir } from '../helpers/tmp.js';

/** Make every listed dir look last modified an hour ago (not "racy"). */
function age(dirs: string[]): void {
  const t = new Date(Date.now() - 3600_000);
  for (const d of dirs) utimesSync(d, t, t);
}

describe('findMasks walk cache', () => {
  // A 100 ms racy window instead of 2 s: ctime cannot be aged, so the test waits it out instead.
  const settle = () => new Promise((r) => setTimeout(r, 150));
  before(() => {
    maskCacheTuning.racyNs = 100_000_000n;
  });
  after(() => {
    maskCacheTuning.racyNs = 2_000_000_000n;
  });

  test('reused while no walked dir changed; a new .env or .git/hooks deep inside is found on the next run', async () => {
    const root = await tempDir();
    const work = join(root, 'proj');
    for (const d of ['src/a/b', 'src/c', '.git']) mkdirSync(join(work, d), { recursive: true });
    writeFileSync(join(work, 'src/a/.env'), 'X=1\n');
    await settle();
    const policy = resolvePolicy({});
    const paths = () => findMasks(policy, [work]).map((m) => `${m.kind} ${m.path}`);

    const w0 = maskWalkStats.walks;
    const h0 = maskWalkStats.hits;
    const first = paths();
    assert.ok(first.includes(`hide-file ${join(work, 'src/a/.env')}`), String(first));
    assert.deepEqual(paths(), first);
    assert.equal(maskWalkStats.walks - w0, 1);
    assert.equal(maskWalkStats.hits - h0, 1, 'second run answered from the cache');

    // an entry created in a walked dir moves its mtime and ctime: walked again, found
    writeFileSync(join(work, 'src/a/b/.env.local'), 'Y=1\n');
    const second = paths();
    assert.ok(second.includes(`hide-file ${join(work, 'src/a/b/.env.local')}`), String(second));
    assert.equal(maskWalkStats.walks - w0, 2);

    // the dir is now "racy" (just modified): not cached, walked every time until it settles
    paths();
    assert.equal(maskWalkStats.walks - w0, 3);
    await settle();
    paths();
    paths();
    assert.equal(maskWalkStats.walks - w0, 4);

    // .git is not walked, but a hooks dir appearing in it must still be made read-only:
    // only .git changes here, so a cache that did not depend on it would answer stale
    const h1 = maskWalkStats.hits;
    paths();
    assert.equal(maskWalkStats.hits - h1, 1, 'warm');
    mkdirSync(join(work, '.git/hooks'));
    assert.ok(paths().includes(`readonly ${join(work, '.git/hooks')}`));
  });

  test('setting a directory mtime back does not hide a new entry from the cache (ctime moves)', async () => {
    const root = await tempDir();
    mkdirSync(join(root, 'd'));
    await settle();
    const policy = resolvePolicy({});
    assert.equal(findMasks(policy, [root]).length, 0);
    assert.equal(findMasks(policy, [root]).length, 0);
    const old = statSync(join(root, 'd')).mtime;
    writeFileSync(join(root, 'd/.env'), 'K=1\n');
    utimesSync(join(root, 'd'), old, old);
    await settle();
    assert.equal(findMasks(policy, [root]).length, 1);
  });

  test('a changed mask set never comes from the cache: removal is seen too', async () => {
    const root = await tempDir();
    mkdirSync(join(root, 'd'));
    writeFileSync(join(root, 'd/.envrc'), '');
    age([root, join(root, 'd')]);
    const policy = resolvePolicy({});
    assert.equal(findMasks(policy, [root]).length, 1);
    const { rmSync } = await import('node:fs');
    rmSync(join(root, 'd/.envrc'));
    assert.equal(findMasks(policy, [root]).length, 0);
  });
});
