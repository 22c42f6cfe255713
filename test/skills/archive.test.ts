import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { WeftError } from '../../src/errors.js';
import { crc32, packBundle, unpackArchive } from '../../src/skills/archive.js';
import { bundleFromFiles } from '../../src/skills/bundle.js';

const code = (c: string) => (e: unknown) => e instanceof WeftError && e.code === c;
const skillMd = strToU8('---\nname: a\ndescription: d\n---\n');

/** Hand-build a one-entry zip so headers can lie in ways fflate would never write. */
function rawZip(
  entries: {
    name: string;
    data: Uint8Array;
    method?: number;
    declaredSize?: number;
    attrs?: number;
    flags?: number;
    compressed?: Uint8Array;
    crc?: number;
  }[],
): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const comp = e.compressed
      ? Buffer.from(e.compressed)
      : method === 8
        ? deflateRawSync(e.data)
        : Buffer.from(e.data);
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? e.data.length;
    const crc = e.crc ?? crc32(e.data);
    const loc = Buffer.alloc(30);
    loc.writeUInt32LE(0x04034b50, 0);
    loc.writeUInt16LE(20, 4);
    loc.writeUInt16LE(e.flags ?? 0, 6);
    loc.writeUInt16LE(method, 8);
    loc.writeUInt32LE(crc, 14);
    loc.writeUInt32LE(comp.length, 18);
    loc.writeUInt32LE(size, 22);
    loc.writeUInt16LE(name.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE((3 << 8) | 20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(e.flags ?? 0, 8);
    cen.writeUInt16LE(method, 10);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(comp.length, 20);
    cen.writeUInt32LE(size, 24);
    cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE((e.attrs ?? 0o100644) * 65536, 38);
    cen.writeUInt32LE(offset, 42);
    locals.push(loc, name, comp);
    centrals.push(cen, name);
    offset += 30 + name.length + comp.length;
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

describe('skill archives', () => {
  const bundle = bundleFromFiles([
    { path: 'SKILL.md', bytes: skillMd },
    { path: 'scripts/run.sh', bytes: strToU8('#!/bin/sh\necho hi\n'), executable: true },
  ]);

  it('round-trips and keeps the fingerprint and exec bit', () => {
    const back = unpackArchive(packBundle(bundle));
    assert.equal(back.fingerprint, bundle.fingerprint);
    assert.equal(back.files.find((f) => f.path === 'scripts/run.sh')?.executable, true);
  });

  it('is deterministic byte for byte', () => {
    const again = bundleFromFiles([...bundle.files].reverse());
    assert.deepEqual(Buffer.from(packBundle(again)), Buffer.from(packBundle(bundle)));
  });

  it('rejects zip-slip entries', () => {
    for (const name of ['../x', 'a/../../x', '/etc/passwd', 'a\\..\\..\\x', 'C:/x']) {
      const zip = zipSync({ 'SKILL.md': skillMd, [name]: strToU8('x') });
      assert.throws(() => unpackArchive(zip), code('E_PATH_UNSAFE'), name);
    }
  });

  it('rejects a truncated archive', () => {
    const zip = packBundle(bundle);
    for (const cut of [10, zip.length - 30, zip.length - 1]) {
      assert.throws(() => unpackArchive(zip.subarray(0, cut)), code('E_ARCHIVE_CORRUPT'), String(cut));
    }
  });

  it('rejects garbage', () => {
    assert.throws(
      () => unpackArchive(strToU8('not a zip at all, not even close......')),
      code('E_ARCHIVE_CORRUPT'),
    );
  });

  it('rejects an entry whose header understates its size (bomb)', () => {
    const zip = rawZip([{ name: 'SKILL.md', data: new Uint8Array(1_000_000), declaredSize: 100 }]);
    assert.throws(() => unpackArchive(zip), code('E_ARCHIVE_BOMB'));
  });

  it('refuses a real 1 GiB decompression bomb without inflating it', () => {
    // A genuine deflate stream of 1 GiB of zeros (~1 MB compressed): 1024 byte-aligned
    // full-flush blocks of 1 MiB each, then an empty final block.
    const block = deflateRawSync(Buffer.alloc(1 << 20), {
      level: 9,
      finishFlush: zlibConstants.Z_FULL_FLUSH,
    });
    const stream = Buffer.concat([...Array(1024).fill(block), Buffer.from([0x03, 0x00])]);
    assert.ok(stream.length < 8 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    // Header tells the truth: refused on the declared size, before inflation.
    const honest = rawZip([
      { name: 'SKILL.md', data: new Uint8Array(0), compressed: stream, declaredSize: 1 << 30, crc: 0 },
    ]);
    assert.throws(() => unpackArchive(honest), code('E_FILE_TOO_LARGE'));
    // Header lies (claims 4 KiB): inflation stops at the declared size.
    const liar = rawZip([
      { name: 'SKILL.md', data: new Uint8Array(0), compressed: stream, declaredSize: 4096, crc: 0 },
    ]);
    assert.throws(() => unpackArchive(liar), code('E_ARCHIVE_BOMB'));
    assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'memory stayed bounded');
  });

  it('refuses archives whose entries add up past the bundle limit', () => {
    const files = Array.from({ length: 6 }, (_, i) => ({
      name: `f${i}.bin`,
      data: new Uint8Array(9 * 1024 * 1024),
    }));
    const zip = rawZip([{ name: 'SKILL.md', data: skillMd }, ...files]);
    assert.throws(() => unpackArchive(zip), code('E_ARCHIVE_BOMB'));
  });

  it('rejects symlink entries, encrypted entries, duplicates and bad CRCs', () => {
    assert.throws(
      () => unpackArchive(rawZip([{ name: 'link', data: strToU8('/etc/passwd'), attrs: 0o120777 }])),
      code('E_SYMLINK'),
    );
    assert.throws(
      () => unpackArchive(rawZip([{ name: 'SKILL.md', data: skillMd, flags: 1 }])),
      code('E_ARCHIVE_CORRUPT'),
    );
    assert.throws(
      () =>
        unpackArchive(
          rawZip([
            { name: 'SKILL.md', data: skillMd },
            { name: 'SKILL.md', data: strToU8('evil') },
          ]),
        ),
      code('E_ARCHIVE_CORRUPT'),
    );
    const zip = Buffer.from(rawZip([{ name: 'SKILL.md', data: skillMd, method: 0 }]));
    const at = 30 + 'SKILL.md'.length;
    zip[at] = zip[at]! ^ 0xff; // flip a stored byte
    assert.throws(() => unpackArchive(zip), code('E_ARCHIVE_CORRUPT'));
  });
});
