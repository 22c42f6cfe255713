import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { isWeftError } from '../../../../src/errors.js';
import { createEmbedder } from '../../../../src/hub/search/embed/index.js';
import { loadStaticEmbedder } from '../../../../src/hub/search/embed/static.js';
import { dot } from '../../../../src/hub/search/embed/types.js';
import { tempDir } from '../../../helpers/tmp.js';

test('the shipped static table loads and embeds to deterministic unit vectors', async () => {
  const e = await createEmbedder({ kind: 'local' });
  assert.equal(e.modelId, 'use-lite-static-v1');
  assert.equal(e.dims, 512);
  const [a, b] = await e.embed(['summarize my unread email', 'summarize my unread email']);
  assert.equal(a!.length, 512);
  assert.ok(Math.abs(dot(a!, a!) - 1) < 1e-4);
  assert.deepEqual(a, b);
  assert.deepEqual(await e.embed([]), []);
});

test('related texts are closer than unrelated ones', async () => {
  const e = await loadStaticEmbedder();
  const [q, mail, k8s] = await e.embed([
    'read and summarize my inbox messages',
    'Email management: send, read and search emails in Gmail or IMAP mailboxes',
    'Manage Kubernetes clusters, pods and deployments with kubectl',
  ]);
  assert.ok(dot(q!, mail!) > dot(q!, k8s!) + 0.1, `${dot(q!, mail!)} vs ${dot(q!, k8s!)}`);
});

test('a missing or corrupt table fails with E_EMBEDDER_UNAVAILABLE', async () => {
  const dir = await tempDir();
  await assert.rejects(loadStaticEmbedder(join(dir, 'missing.bin')), (err) => {
    return isWeftError(err) && err.code === 'E_EMBEDDER_UNAVAILABLE';
  });
  const bad = join(dir, 'bad.bin');
  await writeFile(bad, 'not a table at all');
  await assert.rejects(
    loadStaticEmbedder(bad),
    (err) => isWeftError(err) && err.code === 'E_EMBEDDER_UNAVAILABLE',
  );
});
