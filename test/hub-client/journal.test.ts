import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createHubClient } from '../../src/hub-client/client.js';
import { type InstallDeps, installSkill } from '../../src/hub-client/install.js';
import { intentPath, type Recovery, readIntent, writeIntent } from '../../src/hub-client/journal.js';
import { listInstalled, removeSkill, updateSkills } from '../../src/hub-client/manage.js';
import { readBundleDir } from '../../src/skills/bundle.js';
import { readLockfile } from '../../src/skills/lockfile.js';
import { memKey, skillMd, startFakeHub } from '../helpers/fake-hub.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * The intent journal in-process: multi-skill updates that fail midway, and
 * journals the next command must refuse to guess about. The kill-at-every-step
 * suite with real processes is test/e2e/skill-client-crash.test.ts.
 */

async function setup() {
  const hub = await startFakeHub();
  const root = await tempDir();
  const workdir = join(root, 'work');
  await mkdir(workdir);
  const deps: InstallDeps = {
    client: createHubClient({ registry: hub.url, retries: 0 }),
    scan: async () => ({ verdict: 'pass', findings: 0, summary: [] }),
    trustFile: join(root, 'trust.json'),
  };
  return { hub, workdir, deps };
}

/** Every lock entry's fingerprint equals its folder on disk, and the folder says the same version. */
async function assertConsistent(workdir: string): Promise<Record<string, string | null>> {
  const lock = await readLockfile(workdir);
  const out: Record<string, string | null> = {};
  for (const [slug, e] of Object.entries(lock.skills)) {
    const disk = await readBundleDir(join(workdir, 'skills', slug));
    assert.equal(disk.fingerprint, e.fingerprint, `${slug}: lockfile and folder disagree`);
    const md = await readFile(join(workdir, 'skills', slug, 'SKILL.md'), 'utf8');
    assert.match(md, new RegExp(`version: ${e.version!.replace(/\./g, '\\.')}`));
    out[slug] = e.version;
  }
  const stray = (await readdir(join(workdir, 'skills'))).filter((n) => n.startsWith('.'));
  assert.deepEqual(stray, [], 'no staging or aside dirs left');
  await assert.rejects(stat(intentPath(workdir)), { code: 'ENOENT' });
  return out;
}

describe('install journal', () => {
  it('update --all: a failure midway leaves each skill old or new, never mixed, and the lockfile right', async () => {
    const { hub, workdir, deps } = await setup();
    const key = memKey();
    for (const s of ['alpha', 'beta', 'gamma']) {
      hub.add({ slug: s, version: '1.0.0', key });
      await installSkill({ slug: s, workdir }, deps);
      hub.add({
        slug: s,
        version: '1.1.0',
        key,
        files: { 'SKILL.md': skillMd(s, '1.1.0'), 'extra.txt': `${s} 1.1\n` },
      });
    }
    // beta's archive is cut short: its fingerprint check fails after alpha committed.
    hub.overrides.push((_req, res, url) => {
      if (url.pathname !== '/api/v1/skills/beta/download') return false;
      const v = hub.skills.get('beta')!.versions.get('1.1.0')!;
      res.writeHead(200, { 'content-type': 'application/zip', 'x-weft-fingerprint': v.fingerprint });
      res.end(v.archive.subarray(0, v.archive.length - 40));
      return true;
    });
    const out = await updateSkills({ workdir, slugs: [] }, deps);
    assert.deepEqual(
      out.map((o) => [o.slug, o.ok]),
      [
        ['alpha', true],
        ['beta', false],
        ['gamma', true],
      ],
    );
    assert.deepEqual(await assertConsistent(workdir), { alpha: '1.1.0', beta: '1.0.0', gamma: '1.1.0' });
    hub.overrides.length = 0;
    await updateSkills({ workdir, slugs: ['beta'] }, deps);
    assert.deepEqual(await assertConsistent(workdir), { alpha: '1.1.0', beta: '1.1.0', gamma: '1.1.0' });
  });

  it('refuses to guess when the folder matches neither side of the journal, and keeps the journal', async () => {
    const { hub, workdir, deps } = await setup();
    hub.add({ slug: 'demo', version: '1.0.0', key: memKey() });
    await installSkill({ slug: 'demo', workdir }, deps);
    const lock = await readLockfile(workdir);
    const entry = lock.skills.demo!;
    await writeIntent(workdir, {
      version: 1,
      op: 'install',
      slug: 'demo',
      dir: 'skills/demo',
      staging: '.demo.staging-abc',
      aside: '.demo.old-abc',
      before: { state: entry.fingerprint!, entry },
      after: { state: 'f'.repeat(64), entry: { ...entry, version: '1.1.0', fingerprint: 'f'.repeat(64) } },
      pid: 999999,
      startedAt: new Date().toISOString(),
    });
    // Someone edited the folder after the crash.
    await writeFile(join(workdir, 'skills', 'demo', 'SKILL.md'), 'hand edit\n');
    const lockText = await readFile(join(workdir, '.clawhub', 'lock.json'), 'utf8');
    await assert.rejects(installSkill({ slug: 'demo', workdir, force: true }, deps), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'E_RECOVERY_NEEDED');
      assert.match(err.message, /neither the old state .* nor the new one/);
      assert.match(err.message, /intent\.json/);
      return true;
    });
    await assert.rejects(listInstalled({ workdir }), { code: 'E_RECOVERY_NEEDED' });
    assert.equal(await readFile(join(workdir, 'skills', 'demo', 'SKILL.md'), 'utf8'), 'hand edit\n');
    assert.equal(await readFile(join(workdir, '.clawhub', 'lock.json'), 'utf8'), lockText);
    assert.ok(await readIntent(workdir), 'the journal stays until a person decides');
  });

  it('never follows a journal that points outside the skill folder', async () => {
    const { workdir } = await setup();
    await mkdir(join(workdir, '.clawhub'), { recursive: true });
    const victim = join(workdir, 'precious');
    await mkdir(victim);
    await writeFile(join(victim, 'keep.txt'), 'keep');
    const bad = {
      version: 1,
      op: 'remove',
      slug: 'demo',
      dir: '../precious',
      aside: '.demo.removed-x',
      before: { state: 'absent', entry: null },
      after: { state: 'absent', entry: null },
      pid: 1,
      startedAt: 'x',
    };
    await writeFile(intentPath(workdir), JSON.stringify(bad));
    await assert.rejects(removeSkill({ workdir, slug: 'demo' }), { code: 'E_RECOVERY_NEEDED' });
    await writeFile(
      intentPath(workdir),
      JSON.stringify({ ...bad, dir: 'skills/demo', aside: '../../precious' }),
    );
    await assert.rejects(removeSkill({ workdir, slug: 'demo' }), { code: 'E_RECOVERY_NEEDED' });
    await writeFile(intentPath(workdir), '{ torn');
    await assert.rejects(removeSkill({ workdir, slug: 'demo' }), { code: 'E_RECOVERY_NEEDED' });
    assert.equal(await readFile(join(victim, 'keep.txt'), 'utf8'), 'keep');
  });

  it('a settled journal is reported once through onRecover', async () => {
    const { hub, workdir, deps } = await setup();
    hub.add({ slug: 'demo', version: '1.0.0', key: memKey() });
    await installSkill({ slug: 'demo', workdir }, deps);
    const entry = (await readLockfile(workdir)).skills.demo!;
    // A remove that was killed right after writing its journal: nothing moved yet.
    await writeIntent(workdir, {
      version: 1,
      op: 'remove',
      slug: 'demo',
      dir: 'skills/demo',
      aside: '.demo.removed-abc',
      before: { state: entry.fingerprint!, entry },
      after: { state: 'absent', entry: null },
      pid: 999999,
      startedAt: new Date().toISOString(),
    });
    const seen: Recovery[] = [];
    const listed = await listInstalled({ workdir, onRecover: (r) => seen.push(r) });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.action, 'rolled-back');
    assert.match(seen[0]!.message, /still installed/);
    assert.equal(listed[0]!.state, 'present');
    await listInstalled({ workdir, onRecover: (r) => seen.push(r) });
    assert.equal(seen.length, 1);
    await assertConsistent(workdir);
  });
});
