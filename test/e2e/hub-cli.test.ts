import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { weft } from '../helpers/cli.js';
import { embeddedLocation } from '../helpers/hub.js';
import { spawnHub } from '../helpers/hub-process.js';
import { tempDir } from '../helpers/tmp.js';

describe('weft hub (CLI)', async () => {
  const data = (await embeddedLocation()).dataDir!;
  after(() => rm(data, { recursive: true, force: true }));

  it('adds a user and prints a token alone on the last stdout line', async () => {
    const add = await weft(['hub', 'user', 'add', 'alice', '--data', data]);
    assert.equal(add.code, 0, add.stderr);
    const dup = await weft(['hub', 'user', 'add', 'alice', '--data', data]);
    assert.equal(dup.code, 7, 'conflict exit code');
    const tok = await weft([
      'hub',
      'token',
      'create',
      '--user',
      'alice',
      '--scope',
      'read',
      '--expires',
      '30',
      '--data',
      data,
    ]);
    assert.equal(tok.code, 0, tok.stderr);
    const last = tok.stdout.trim().split('\n').pop()!;
    assert.match(last, /^weft_[A-Za-z0-9_-]{43}$/);
    const bad = await weft(['hub', 'token', 'create', '--user', 'nobody', '--data', data]);
    assert.equal(bad.code, 5);
  });

  it('serves, prints its URL, answers, and drains on SIGTERM', async () => {
    const hub = await spawnHub(['--data', data]);
    const health = await fetch(`${hub.url}/health`);
    assert.equal(health.status, 200);
    const wk = (await (await fetch(`${hub.url}/.well-known/clawhub.json`)).json()) as { apiBase: string };
    assert.equal(wk.apiBase, hub.url);
    hub.child.kill('SIGTERM');
    assert.equal(await hub.exited, 0);
  });

  it('refuses a second process on the same embedded store', async () => {
    const hub = await spawnHub(['--data', data]);
    try {
      const second = await weft(['hub', 'user', 'add', 'bob', '--data', data]);
      assert.equal(second.code, 7);
      assert.match(second.stderr, /E_LOCKED/);
    } finally {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
  });

  it('imports a folder of skills, signed with the import key', async () => {
    const home = await tempDir();
    const src = await tempDir();
    const { mkdir, writeFile } = await import('node:fs/promises');
    for (const n of ['alpha-tool', 'beta-tool']) {
      await mkdir(`${src}/${n}`);
      await writeFile(
        `${src}/${n}/SKILL.md`,
        `---\nname: ${n}\ndescription: ${n} does things\nversion: 1.0.0\n---\nbody\n`,
      );
    }
    await mkdir(`${src}/broken`);
    await writeFile(`${src}/broken/SKILL.md`, 'no frontmatter');
    const res = await weft(['hub', 'import', src, '--data', data, '--json'], { env: { CLAWFT_HOME: home } });
    const out = JSON.parse(res.stdout) as { imported: number; failed: { code: string }[] };
    assert.equal(out.imported, 2);
    assert.equal(out.failed.length, 1);
    assert.equal(res.code, 1, 'a failed skill makes the exit code non-zero');
  });
});
