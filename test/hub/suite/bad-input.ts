import assert from 'node:assert/strict';
import { it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { packBundle } from '../../../src/skills/archive.js';
import { api, type Harness, makeBundle, publish, rawZip, skillMd, versionCount } from '../../helpers/hub.js';

/** Hostile and malformed input: every case checks status, error code and that nothing was stored. */
export function badInputSuite(h: () => Harness): void {
  const nothingStored = async (before: number) =>
    assert.equal(await versionCount(h()), before, 'nothing stored');

  it('refuses an unsigned publish (400 E_SIGNATURE_MISSING)', async () => {
    const before = await versionCount(h());
    const res = await publish(h(), { slug: 'unsigned-skill', version: '1.0.0', key: null });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'E_SIGNATURE_MISSING');
    await nothingStored(before);
  });

  it('refuses a forged signature and one replayed onto another slug or version', async () => {
    const before = await versionCount(h());
    const bundle = makeBundle('forged-skill', '1.0.0');
    const fd = new FormData();
    fd.set('bundle', new Blob([packBundle(bundle)]), 'b.zip');
    fd.set(
      'signature',
      JSON.stringify({
        signature: Buffer.alloc(64, 7).toString('base64'),
        publicKey: h().keys.alice.publicKey,
      }),
    );
    const r = await fetch(`${h().url}/api/v1/skills/publish`, {
      method: 'POST',
      body: fd,
      headers: { authorization: `Bearer ${h().tokens.alice}` },
    });
    const body = (await r.json()) as { error: { code: string } };
    assert.equal(r.status, 400);
    assert.equal(body.error.code, 'E_SIGNATURE_INVALID');
    for (const signAs of [{ slug: 'other-skill' }, { version: '0.9.0' }]) {
      const res = await publish(h(), { slug: 'replayed-skill', version: '1.0.0', signAs });
      assert.equal(res.status, 400, JSON.stringify(signAs));
      assert.equal(res.body.error.code, 'E_SIGNATURE_INVALID');
    }
    await nothingStored(before);
  });

  it('refuses zip-slip, symlinks-by-name and absolute paths in the archive', async () => {
    const before = await versionCount(h());
    for (const evil of ['../evil.sh', '/etc/evil', 'a/../../evil', 'dir\\..\\evil']) {
      const archive = rawZip({ 'SKILL.md': skillMd('slip-skill', '1.0.0'), [evil]: 'x' });
      const res = await publish(h(), { slug: 'slip-skill', version: '1.0.0', archive });
      assert.equal(res.status, 400, evil);
      assert.equal(res.body.error.code, 'E_PATH_UNSAFE', evil);
    }
    await nothingStored(before);
  });

  it('refuses zip bombs (413): a file over the limit and an entry lying about its size', async () => {
    const before = await versionCount(h());
    const big = rawZip({
      'SKILL.md': skillMd('bomb-skill', '1.0.0'),
      'zeros.bin': new Uint8Array(11 * 1024 * 1024),
    });
    let res = await publish(h(), { slug: 'bomb-skill', version: '1.0.0', archive: big });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'E_FILE_TOO_LARGE');
    res = await publish(h(), { slug: 'bomb-skill', version: '1.0.0', archive: lyingZip() });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'E_ARCHIVE_BOMB');
    await nothingStored(before);
  });

  it('answers 413 for an oversized JSON body', async () => {
    const res = await api(h(), 'POST', '/api/v1/skills/pdf-tools/comments', {
      token: h().tokens.alice,
      json: { body: 'x'.repeat(200_000) },
    });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'E_PAYLOAD_TOO_LARGE');
  });

  it('refuses invalid multipart and non-multipart publish bodies', async () => {
    const before = await versionCount(h());
    const headers = { authorization: `Bearer ${h().tokens.alice}` };
    let r = await fetch(`${h().url}/api/v1/skills/publish`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="bundle"\r\n\r\nunterminated',
    });
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'E_BAD_REQUEST');
    r = await fetch(`${h().url}/api/v1/skills/publish`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(r.status, 400);
    const fd = new FormData();
    fd.set('bundle', new Blob([Buffer.from('not a zip at all')]), 'b.zip');
    r = await fetch(`${h().url}/api/v1/skills/publish`, { method: 'POST', headers, body: fd });
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'E_ARCHIVE_CORRUPT');
    await nothingStored(before);
  });

  it('refuses reserved and confusable slugs (homoglyphs, separators)', async () => {
    assert.equal((await publish(h(), { slug: 'web-search', version: '1.0.0' })).status, 201);
    const before = await versionCount(h());
    for (const slug of ['websearch', 'web-5earch', 'vveb-search', 'web--search']) {
      const res = await publish(h(), { slug, version: '1.0.0', token: h().tokens.bob, key: h().keys.bob });
      assert.equal(res.status, 409, slug);
      assert.equal(res.body.error.code, 'E_SLUG_CONFUSABLE', slug);
    }
    for (const slug of ['admin', 'cl4wft'.replace('4', 'a'), 'open-claw']) {
      const res = await publish(h(), { slug, version: '1.0.0', token: h().tokens.bob, key: h().keys.bob });
      assert.equal(res.status, 409, slug);
      assert.equal(res.body.error.code, 'E_SLUG_RESERVED', slug);
    }
    await nothingStored(before);
  });

  it('treats SQL and path injection in every parameter as data or a 400', async () => {
    const inj = ["' OR '1'='1", "'; DROP TABLE skills; --", '../../etc/passwd', '%00', '$' + '{jndi:x}'];
    for (const s of inj) {
      const e = encodeURIComponent(s);
      const search = await api(h(), 'GET', `/api/v1/skills/search?q=${e}`);
      assert.equal(search.status, 200, s);
      assert.ok(Array.isArray(search.body.data));
      for (const path of [
        `/api/v1/skills/${e}`,
        `/api/v1/skills/${e}/versions`,
        `/api/v1/skills/pdf-tools/versions/${e}`,
        `/api/v1/skills/pdf-tools/download?version=${e}`,
        `/api/v1/download?slug=${e}`,
        `/api/v1/resolve?slug=pdf-tools&hash=${e}`,
        `/api/v1/skills/catalog?since=${e}`,
        `/api/v1/skills/pdf-tools/comments?limit=${e}`,
      ]) {
        const r = await api(h(), 'GET', path);
        assert.ok([400, 404].includes(r.status), `${path} -> ${r.status}`);
        assert.equal(r.body.ok, false);
      }
    }
    const still = await api(h(), 'GET', '/api/v1/skills/pdf-tools');
    assert.equal(still.status, 200, 'tables intact');
  });

  it('ignores unknown query params and rejects invalid values with 400', async () => {
    const okRes = await api(h(), 'GET', '/api/v1/skills/search?q=pdf&bogus=1&__proto__=x');
    assert.equal(okRes.status, 200);
    for (const qs of [
      'q=pdf&limit=abc',
      'q=pdf&limit=0',
      'q=pdf&limit=1000',
      'q=pdf&offset=-1',
      'q=',
      'q=pdf&mode=magic',
    ]) {
      const r = await api(h(), 'GET', `/api/v1/skills/search?${qs}`);
      assert.equal(r.status, 400, qs);
      assert.equal(r.body.error.code, 'E_BAD_REQUEST', qs);
    }
  });

  it('refuses a staged upload whose bytes do not match the announced sha256', async () => {
    const blobs = async () =>
      (await h().hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM blobs'))[0]!.n;
    const before = await blobs();
    const claimed = 'a'.repeat(64);
    const url = await api(h(), 'POST', '/api/v1/skills/-/upload-url', {
      token: h().tokens.alice,
      json: { path: 'SKILL.md', size: 5, sha256: claimed },
    });
    assert.equal(url.status, 200);
    const r = await fetch(url.body.uploadUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${h().tokens.alice}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'E_FINGERPRINT_MISMATCH');
    const staged = await api(h(), 'POST', '/api/v1/skills', {
      token: h().tokens.alice,
      json: {
        slug: 'staged-skill',
        version: '1.0.0',
        files: [{ path: 'SKILL.md', storageId: claimed, sha256: claimed }],
      },
    });
    assert.equal(staged.status, 400);
    assert.equal(staged.body.error.code, 'E_BAD_REQUEST');
    assert.equal(await blobs(), before);
  });

  it('requires a valid, unexpired token with the right scope', async () => {
    const before = await versionCount(h());
    const cases: [string, number, string][] = [
      ['', 401, 'E_AUTH_REQUIRED'],
      ['weft_not-a-real-token', 401, 'E_AUTH_REQUIRED'],
      [h().tokens.expired, 401, 'E_AUTH_REQUIRED'],
      [h().tokens.aliceRead, 403, 'E_FORBIDDEN'],
    ];
    for (const [token, status, code] of cases) {
      const res = await publish(h(), { slug: 'auth-skill', version: '1.0.0', token });
      assert.equal(res.status, status, token);
      assert.equal(res.body.error.code, code);
    }
    await nothingStored(before);
  });
}

/** A zip whose central directory says 10 bytes but whose data inflates to 1 MiB. */
function lyingZip(): Uint8Array {
  const md = Buffer.from(skillMd('bomb-skill', '1.0.0'));
  const zeros = Buffer.alloc(1024 * 1024);
  const entries = [
    { name: 'SKILL.md', data: md, comp: deflateRawSync(md), claim: md.length },
    { name: 'payload.bin', data: zeros, comp: deflateRawSync(zeros), claim: 10 },
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const crc = crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(e.comp.length, 18);
    lh.writeUInt32LE(e.claim, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, e.comp);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(e.comp.length, 20);
    ch.writeUInt32LE(e.claim, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, name);
    offset += 30 + name.length + e.comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
