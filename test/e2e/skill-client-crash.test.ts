import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createHubClient } from '../../src/hub-client/client.js';
import { installSkill } from '../../src/hub-client/install.js';
import { intentPath } from '../../src/hub-client/journal.js';
import { listInstalled, removeSkill } from '../../src/hub-client/manage.js';
import { pinKey } from '../../src/signing/trust.js';
import { readBundleDir } from '../../src/skills/bundle.js';
import { readLockfile } from '../../src/skills/lockfile.js';
import { WEFT_BIN, weft } from '../helpers/cli.js';
import { type FakeHub, memKey, skillMd, startFakeHub } from '../helpers/fake-hub.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * Crash consistency of install, update and remove with real processes: the
 * built CLI runs with the test-only WEFT_TEST_PAUSE_AT hook, stops at a named
 * step between two disk writes, and is SIGKILLed there. The next command must
 * settle the workdir (lockfile, folder and trust pin agree, nothing stray
 * left) and say what it did.
 */

/** Run weft until it reports the pause, then SIGKILL it. */
async function killAt(args: string[], step: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, [WEFT_BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env, WEFT_TEST_PAUSE_AT: step },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const closed = new Promise<number | null>((res) => child.on('close', (_c, sig) => res(sig ? -1 : _c)));
  await new Promise<void>((res, rej) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.includes('weft-test: paused at')) res();
    });
    child.on('close', () => rej(new Error(`weft exited before pausing at ${step}:\n${stderr}`)));
  });
  child.kill('SIGKILL');
  assert.equal(await closed, -1, 'killed by the signal');
  return stderr;
}

/**
 * The next command after the kill. A few steps run the real CLI (to check what
 * the user sees); the rest call the same library function in-process, which
 * keeps the suite fast on a shared machine.
 */
async function nextList(
  c: Case,
  viaCli: boolean,
): Promise<{ note: string; skills: { version: string; state: string }[] }> {
  if (viaCli) {
    const r = await weft(['skill', 'list', '--offline', '--json'], { cwd: c.work, env: c.env });
    assert.equal(r.code, 0, r.stderr);
    return { note: r.stderr, skills: JSON.parse(r.stdout).skills };
  }
  const notes: string[] = [];
  const skills = await listInstalled({ workdir: c.work, onRecover: (r) => notes.push(`weft: ${r.message}`) });
  return {
    note: notes.join('\n'),
    skills: skills.map((x) => ({ version: x.version ?? '', state: x.state })),
  };
}

interface Case {
  hub: FakeHub;
  home: string;
  work: string;
  env: NodeJS.ProcessEnv;
}

async function workdir(hub: FakeHub): Promise<Case> {
  const root = await tempDir();
  const work = join(root, 'work');
  await mkdir(work);
  const home = join(root, 'home');
  return { hub, home, work, env: { CLAWFT_HOME: home, WEFT_REGISTRY: hub.url, WEFT_TOKEN: '' } };
}

async function installVersion(c: Case, slug: string, version: string) {
  const client = createHubClient({ registry: c.hub.url, retries: 0 });
  const scan = async () => ({ verdict: 'pass' as const, findings: 0, summary: [] });
  await installSkill(
    { slug, version, workdir: c.work },
    { client, scan, trustFile: join(c.home, 'trust.json') },
  );
}

/** The settled state: the lockfile, the folders and the journal agree. Returns slug -> version. */
async function settled(work: string): Promise<Record<string, string | null>> {
  const lock = await readLockfile(work);
  const out: Record<string, string | null> = {};
  const names = await readdir(join(work, 'skills')).catch(() => [] as string[]);
  assert.deepEqual(
    names.filter((n) => n.startsWith('.')),
    [],
    'no staging, aside or removed dirs left',
  );
  assert.deepEqual(names.sort(), Object.keys(lock.skills).sort(), 'folders and lock entries match');
  for (const [slug, e] of Object.entries(lock.skills)) {
    assert.equal((await readBundleDir(join(work, 'skills', slug))).fingerprint, e.fingerprint, slug);
    out[slug] = e.version;
  }
  await assert.rejects(stat(intentPath(work)), { code: 'ENOENT' });
  return out;
}

async function pinned(c: Case, slug: string): Promise<boolean> {
  const store = JSON.parse(await readFile(join(c.home, 'trust.json'), 'utf8').catch(() => '{"pins":{}}'));
  return Boolean(store.pins[pinKey(c.hub.url, slug)]);
}

async function setupHub() {
  const hub = await startFakeHub();
  const key = memKey();
  for (const s of ['demo', 'alpha', 'beta', 'gamma']) {
    hub.add({ slug: s, version: '1.0.0', key });
    hub.add({
      slug: s,
      version: '1.1.0',
      key,
      files: { 'SKILL.md': skillMd(s, '1.1.0'), 'new.txt': 'new\n' },
    });
  }
  return hub;
}

const UPDATE_STEPS: [string, string][] = [
  ['intent-written', '1.0.0'],
  ['staged', '1.0.0'],
  ['old-moved-aside', '1.0.0'],
  ['renamed', '1.1.0'],
  ['dir-committed', '1.1.0'],
  ['lockfile-written', '1.1.0'],
  ['pinned', '1.1.0'],
];

describe('weft skill: SIGKILL at every commit step', () => {
  it('update killed at each step: the next command rolls back or forward by fingerprint', async () => {
    const hub = await setupHub();
    await Promise.all(
      UPDATE_STEPS.map(async ([step, expected]) => {
        const c = await workdir(hub);
        await installVersion(c, 'demo', '1.0.0');
        const lockBefore = await readFile(join(c.work, '.clawhub', 'lock.json'), 'utf8');
        await killAt(['skill', 'update', 'demo'], step, c.work, c.env);
        if (step === 'intent-written' || step === 'staged') {
          // Before the commit rename: the lockfile is byte-for-byte the old one.
          assert.equal(await readFile(join(c.work, '.clawhub', 'lock.json'), 'utf8'), lockBefore, step);
        }
        const r = await nextList(c, step === 'old-moved-aside');
        assert.match(
          r.note,
          expected === '1.1.0'
            ? /finished an interrupted install of demo@1\.1\.0/
            : /rolled back .* demo@1\.0\.0 is intact/,
          step,
        );
        assert.equal(r.skills[0]!.version, expected, step);
        assert.equal(r.skills[0]!.state, 'present', step);
        assert.deepEqual(await settled(c.work), { demo: expected }, step);
        if (step === 'old-moved-aside') {
          // The workdir is usable again: an update finishes the job.
          const u = await weft(['skill', 'update', 'demo', '--json'], { cwd: c.work, env: c.env });
          assert.equal(u.code, 0, `${step}: ${u.stderr}`);
          assert.deepEqual(await settled(c.work), { demo: '1.1.0' }, step);
        }
      }),
    );
  });

  it('first install killed at each step: afterwards it is either absent or installed and pinned', async () => {
    const hub = await setupHub();
    const steps: [string, boolean][] = [
      ['intent-written', false],
      ['staged', false],
      ['renamed', true],
      ['dir-committed', true],
      ['lockfile-written', true],
      ['pinned', true],
    ];
    await Promise.all(
      steps.map(async ([step, installed]) => {
        const c = await workdir(hub);
        await killAt(['skill', 'install', 'demo'], step, c.work, c.env);
        const r = await nextList(c, step === 'pinned');
        assert.match(
          r.note,
          installed ? /finished an interrupted install/ : /nothing had been installed/,
          step,
        );
        assert.deepEqual(await settled(c.work), installed ? { demo: '1.1.0' } : {}, step);
        // Rolling forward also saves the TOFU pin the killed run had not written yet.
        assert.equal(await pinned(c, 'demo'), installed, step);
      }),
    );
  });

  it('remove killed at each step: the skill is either still installed or fully gone', async () => {
    const hub = await setupHub();
    const steps: [string, boolean][] = [
      ['intent-written', true],
      ['moved-aside', false],
      ['aside-deleted', false],
      ['lockfile-written', false],
    ];
    await Promise.all(
      steps.map(async ([step, stillThere]) => {
        const c = await workdir(hub);
        await installVersion(c, 'demo', '1.0.0');
        await killAt(['skill', 'remove', 'demo'], step, c.work, c.env);
        // The next command is another remove: it settles first, then does (or reports) its own work.
        if (step === 'moved-aside') {
          const r = await weft(['skill', 'remove', 'demo'], { cwd: c.work, env: c.env });
          assert.match(r.stderr, /finished an interrupted remove of demo/, step);
          assert.equal(r.code, 5, `${step}: ${r.stderr}`);
          assert.match(r.stderr, /E_NOT_FOUND/);
        } else {
          const notes: string[] = [];
          const again = removeSkill({
            workdir: c.work,
            slug: 'demo',
            onRecover: (x) => notes.push(x.message),
          });
          if (stillThere) await again;
          else await assert.rejects(again, { code: 'E_NOT_FOUND' });
          assert.match(
            notes.join('\n'),
            stillThere
              ? /had not moved the folder; demo@1\.0\.0 is still installed/
              : /finished an interrupted remove/,
            step,
          );
        }
        assert.deepEqual(await settled(c.work), {}, step);
      }),
    );
  });

  it('update --all killed in the middle: finished skills stay new, the rest stay old, none mixed', async () => {
    const hub = await setupHub();
    const c = await workdir(hub);
    for (const s of ['alpha', 'beta', 'gamma']) await installVersion(c, s, '1.0.0');
    await killAt(['skill', 'update', '--all'], 'old-moved-aside:beta', c.work, c.env);
    // beta's old folder is aside and nothing is at skills/beta: the worst moment.
    await assert.rejects(stat(join(c.work, 'skills', 'beta')), { code: 'ENOENT' });
    const r = await weft(['skill', 'list', '--offline', '--json'], { cwd: c.work, env: c.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /rolled back an interrupted install of beta@1\.1\.0/);
    assert.deepEqual(await settled(c.work), { alpha: '1.1.0', beta: '1.0.0', gamma: '1.0.0' });
    const u = await weft(['skill', 'update', '--all'], { cwd: c.work, env: c.env });
    assert.equal(u.code, 0, u.stderr);
    assert.deepEqual(await settled(c.work), { alpha: '1.1.0', beta: '1.1.0', gamma: '1.1.0' });
  });
});
