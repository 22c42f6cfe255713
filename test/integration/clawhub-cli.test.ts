import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundleFingerprint, sha256Hex } from '../../src/skills/fingerprint.js';
import { embeddedLocation, type Harness, publish, startTestHub } from '../helpers/hub.js';

// The official `clawhub` CLI (devDependency), unchanged, against a hub on 127.0.0.1.
const require = createRequire(import.meta.url);
const CLAWHUB_BIN = join(dirname(require.resolve('clawhub/package.json')), 'bin', 'clawdhub.js');

function clawhub(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLAWHUB_BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('official clawhub CLI against weft hub', () => {
  let h: Harness;
  let env: NodeJS.ProcessEnv;
  let work: string;
  before(async () => {
    h = await startTestHub(await embeddedLocation());
    const res = await publish(h, {
      slug: 'weather-report',
      version: '1.2.0',
      description: 'Fetch the weather forecast for a city',
      extra: { 'scripts/fetch.sh': 'curl wttr.in\n' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    // mkdtemp, not tempDir(): after() registered inside before() would fire at the hook's end.
    const home = await mkdtemp(join(tmpdir(), 'weft-clawhub-home-'));
    work = await mkdtemp(join(tmpdir(), 'weft-clawhub-work-'));
    cleanup.push(home, work);
    const config = join(home, 'clawhub.json');
    await writeFile(config, JSON.stringify({ registry: h.url, token: h.tokens.bob }));
    env = { HOME: home, XDG_CONFIG_HOME: home, CLAWHUB_CONFIG_PATH: config };
  });
  const cleanup: string[] = [];
  after(async () => {
    await h?.stop();
    for (const d of cleanup) await rm(d, { recursive: true, force: true });
  });

  const base = () => ['--registry', h.url, '--workdir', work, '--no-input'];

  it('search', async () => {
    const r = await clawhub([...base(), 'search', 'weather'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /weather-report/);
  });

  it('inspect --json, --versions and --files', async () => {
    const r = await clawhub([...base(), 'inspect', 'weather-report', '--json', '--versions', '--files'], env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    assert.equal(out.skill.slug, 'weather-report');
    assert.equal(out.latestVersion.version, '1.2.0');
    assert.equal(out.versions[0].version, '1.2.0');
    assert.ok(out.version.files.some((f: { path: string }) => f.path === 'scripts/fetch.sh'));
  });

  it('install writes the files, the lockfile and the origin, matching the hub fingerprint', async () => {
    const r = await clawhub([...base(), 'install', 'weather-report'], env);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const dir = join(work, 'skills', 'weather-report');
    const md = await readFile(join(dir, 'SKILL.md'), 'utf8');
    assert.match(md, /name: weather-report/);
    const lock = JSON.parse(await readFile(join(work, '.clawhub', 'lock.json'), 'utf8'));
    assert.equal(lock.skills['weather-report'].version, '1.2.0');
    const files = await Promise.all(
      ['SKILL.md', 'scripts/fetch.sh'].map(async (p) => ({
        path: p,
        sha256: sha256Hex(await readFile(join(dir, p))),
      })),
    );
    const v = (await (await fetch(`${h.url}/api/v1/skills/weather-report/versions/1.2.0`)).json()) as {
      data: { fingerprint: string };
    };
    assert.equal(bundleFingerprint(files), v.data.fingerprint);
  });

  it('update picks up a newer version', async () => {
    assert.equal(
      (
        await publish(h, {
          slug: 'weather-report',
          version: '1.3.0',
          description: 'Fetch the weather forecast for a city',
        })
      ).status,
      201,
    );
    const r = await clawhub([...base(), 'update', 'weather-report', '--force'], env);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const lock = JSON.parse(await readFile(join(work, '.clawhub', 'lock.json'), 'utf8'));
    assert.equal(lock.skills['weather-report'].version, '1.3.0');
  });

  it('whoami and star', async () => {
    const who = await clawhub([...base(), 'whoami'], env);
    assert.equal(who.code, 0, who.stderr);
    assert.match(who.stdout + who.stderr, /bob/);
    const star = await clawhub([...base(), 'star', 'weather-report', '--yes'], env);
    assert.equal(star.code, 0, star.stderr + star.stdout);
    const d = (await (await fetch(`${h.url}/api/v1/skills/weather-report`)).json()) as {
      data: { stars: number };
    };
    assert.equal(d.data.stars, 1);
  });

  it('publish is refused unsigned, and accepted on a hub run with --allow-unsigned', async () => {
    const dir = join(work, 'src', 'clawhub-made');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'SKILL.md'),
      '---\nname: clawhub-made\ndescription: Published by the clawhub CLI\n---\nbody\n',
    );
    const args = [
      ...base(),
      'publish',
      dir,
      '--slug',
      'clawhub-made',
      '--name',
      'clawhub-made',
      '--version',
      '1.0.0',
      '--changelog',
      'first',
    ];
    const refused = await clawhub(args, env);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stdout + refused.stderr, /unsigned|E_SIGNATURE_MISSING|signature/i);
    h.hub.ctx.allowUnsigned = true;
    try {
      const okRun = await clawhub(args, env);
      assert.equal(okRun.code, 0, okRun.stderr + okRun.stdout);
      const d = (await (await fetch(`${h.url}/api/v1/skills/clawhub-made`)).json()) as {
        data: { signed: boolean };
      };
      assert.equal(d.data.signed, false);
    } finally {
      h.hub.ctx.allowUnsigned = false;
    }
  });
});
