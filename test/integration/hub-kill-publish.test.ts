import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, it } from 'node:test';
import { packBundle } from '../../src/skills/archive.js';
import { weft } from '../helpers/cli.js';
import { embeddedLocation, makeBundle, newKey, signatureFor } from '../helpers/hub.js';
import { spawnHub } from '../helpers/hub-process.js';

// SIGKILL the server while a publish sits inside its transaction (after every
// write, before COMMIT); after a restart the version must not exist at all.
it('leaves no partial version when the hub is killed mid-publish', async () => {
  const data = (await embeddedLocation()).dataDir!;
  after(() => rm(data, { recursive: true, force: true }));
  assert.equal((await weft(['hub', 'user', 'add', 'alice', '--data', data])).code, 0);
  const tok = await weft(['hub', 'token', 'create', '--user', 'alice', '--data', data]);
  const token = tok.stdout.trim().split('\n').pop()!;

  const hub = await spawnHub(['--data', data], { WEFT_HUB_TEST_PUBLISH_PAUSE_MS: '60000' });
  const bundle = makeBundle('crash-skill', '1.0.0');
  const sig = signatureFor(newKey(), 'crash-skill', '1.0.0', bundle.fingerprint);
  const fd = new FormData();
  fd.set('bundle', new Blob([packBundle(bundle)]), 'b.zip');
  fd.set('signature', JSON.stringify(sig));
  const pending = fetch(`${hub.url}/api/v1/skills/publish`, {
    method: 'POST',
    body: fd,
    headers: { authorization: `Bearer ${token}` },
  }).then(
    (r) => r.status,
    () => 'connection lost',
  );
  const deadline = Date.now() + 60_000;
  while (!hub.stderr().includes('publish paused before commit')) {
    if (Date.now() > deadline) throw new Error(`publish never reached the pause:\n${hub.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  hub.child.kill('SIGKILL');
  await hub.exited;
  assert.equal(await pending, 'connection lost');

  const again = await spawnHub(['--data', data]);
  try {
    const detail = await fetch(`${again.url}/api/v1/skills/crash-skill`);
    assert.equal(detail.status, 404, 'neither the skill nor the version survived');
    const search = (await (await fetch(`${again.url}/api/v1/skills/search?q=crash`)).json()) as {
      data: unknown[];
    };
    assert.equal(search.data.length, 0);
    // The same publish now succeeds: nothing half-written blocks it.
    const fd2 = new FormData();
    fd2.set('bundle', new Blob([packBundle(bundle)]), 'b.zip');
    fd2.set('signature', JSON.stringify(sig));
    const ok = await fetch(`${again.url}/api/v1/skills/publish`, {
      method: 'POST',
      body: fd2,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(ok.status, 201);
  } finally {
    again.child.kill('SIGTERM');
    await again.exited;
  }
});
