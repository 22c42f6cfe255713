import * as zlib from 'node:zlib';
import { inflateRawSync } from 'node:zlib';
import { type Zippable, zipSync } from 'fflate';
import { WeftError } from '../errors.js';
import { type Bundle, type BundleOptions, bundleFromFiles } from './bundle.js';
import { BUNDLE_LIMITS, type BundleLimits, unsafePathReason } from './paths.js';

/**
 * Skill archives are zip files, because ClawHub's download endpoint and CLI
 * speak zip. Packing is deterministic: sorted entries, a fixed timestamp and
 * fixed modes, so the same bundle always yields the same bytes.
 *
 * Unpacking does not trust the archive: the central directory is parsed here
 * and every entry is checked (path rules, declared and actual sizes, CRC,
 * no encryption, no symlinks, no duplicates) before it becomes a bundle.
 * Inflation is capped with zlib's maxOutputLength, so a lying header cannot
 * make us allocate more than the limit.
 */

const FIXED_MTIME = new Date('1980-01-01T00:00:00Z');

export function packBundle(bundle: Bundle): Uint8Array {
  const tree: Zippable = {};
  const sorted = [...bundle.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const f of sorted) {
    const mode = f.executable ? 0o100755 : 0o100644;
    tree[f.path] = [
      new Uint8Array(f.bytes),
      { level: 9, mtime: FIXED_MTIME, os: 3, attrs: (mode << 16) >>> 0 },
    ];
  }
  return zipSync(tree, { level: 9, mtime: FIXED_MTIME });
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  externalAttrs: number;
  madeBy: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_CEN = 0x02014b50;
const SIG_LOC = 0x04034b50;

export function unpackArchive(data: Uint8Array, opts?: BundleOptions): Bundle {
  const limits: BundleLimits = { ...BUNDLE_LIMITS, ...opts?.limits };
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const entries = readCentralDirectory(buf, limits);
  const out: { path: string; bytes: Uint8Array; executable: boolean }[] = [];
  const names = new Set<string>();
  let total = 0;
  for (const e of entries) {
    if (e.name.endsWith('/')) {
      if (e.size !== 0) throw corrupt(`directory entry ${e.name} has data`);
      continue;
    }
    const reason = unsafePathReason(e.name);
    if (reason) {
      throw new WeftError('E_PATH_UNSAFE', `archive entry ${JSON.stringify(e.name)}: ${reason}`, {
        path: e.name,
        reason,
      });
    }
    if (names.has(e.name)) throw corrupt(`duplicate entry ${e.name}`);
    names.add(e.name);
    if (e.flags & 0x1) {
      throw new WeftError('E_ARCHIVE_CORRUPT', `archive entry ${e.name} is encrypted`, { path: e.name });
    }
    const unixMode = e.madeBy >> 8 === 3 ? e.externalAttrs >>> 16 : 0;
    const fileType = unixMode & 0o170000;
    if (fileType === 0o120000) {
      throw new WeftError('E_SYMLINK', `archive entry ${e.name} is a symlink`, { path: e.name });
    }
    if (fileType !== 0 && fileType !== 0o100000) {
      throw new WeftError('E_PATH_UNSAFE', `archive entry ${e.name} is not a regular file`, { path: e.name });
    }
    if (e.size > limits.maxFileBytes) {
      throw new WeftError('E_FILE_TOO_LARGE', `archive entry ${e.name} declares ${e.size} bytes`, {
        path: e.name,
      });
    }
    if (total + e.size > limits.maxBundleBytes) {
      throw new WeftError(
        'E_ARCHIVE_BOMB',
        `archive expands beyond the ${limits.maxBundleBytes}-byte bundle limit`,
      );
    }
    const bytes = readEntryData(buf, e);
    total += bytes.byteLength;
    out.push({ path: e.name, bytes, executable: (unixMode & 0o111) !== 0 });
  }
  return bundleFromFiles(out, opts);
}

function readCentralDirectory(buf: Buffer, limits: BundleLimits): CentralEntry[] {
  if (buf.length < 22) throw corrupt('too short to be a zip archive');
  // The EOCD record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('no end-of-central-directory record (truncated?)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw corrupt('zip64 archives are not supported');
  if (cdOffset + cdSize > eocd) throw corrupt('central directory out of bounds');
  if (count > limits.maxFiles + 1000) {
    throw new WeftError('E_TOO_MANY_FILES', `archive has ${count} entries`, { limit: limits.maxFiles });
  }
  const entries: CentralEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== SIG_CEN) throw corrupt('bad central directory entry');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen > eocd) throw corrupt('central directory entry out of bounds');
    const flags = buf.readUInt16LE(p + 8);
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLen);
    const name = decodeName(nameBytes, flags);
    entries.push({
      name,
      madeBy: buf.readUInt16LE(p + 4),
      flags,
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      externalAttrs: buf.readUInt32LE(p + 38),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function decodeName(bytes: Buffer, _flags: number): string {
  // Names must be valid UTF-8 whatever the flag says; anything else is refused
  // rather than guessed at (CP437 guesses are how two tools disagree on a name).
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new WeftError('E_PATH_UNSAFE', 'archive entry name is not valid UTF-8');
  }
}

function readEntryData(buf: Buffer, e: CentralEntry): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== SIG_LOC) throw corrupt(`bad local header for ${e.name}`);
  const nameLen = buf.readUInt16LE(p + 26);
  const extraLen = buf.readUInt16LE(p + 28);
  const localName = buf.subarray(p + 30, p + 30 + nameLen).toString('utf8');
  if (localName !== e.name) throw corrupt(`local and central names differ for ${e.name}`);
  const start = p + 30 + nameLen + extraLen;
  const end = start + e.compressedSize;
  if (end > buf.length) throw corrupt(`data of ${e.name} is truncated`);
  const raw = buf.subarray(start, end);
  let bytes: Buffer;
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw corrupt(`stored entry ${e.name} has inconsistent sizes`);
    bytes = Buffer.from(raw);
  } else if (e.method === 8) {
    try {
      bytes = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        throw new WeftError('E_ARCHIVE_BOMB', `${e.name} inflates beyond its declared size`, {
          path: e.name,
        });
      }
      throw corrupt(`cannot inflate ${e.name}: ${(err as Error).message}`);
    }
  } else {
    throw corrupt(`${e.name} uses unsupported compression method ${e.method}`);
  }
  if (bytes.byteLength !== e.size) throw corrupt(`${e.name} size does not match its header`);
  if (crc32(bytes) !== e.crc) throw corrupt(`${e.name} fails its CRC check`);
  return bytes;
}

function corrupt(message: string): WeftError {
  return new WeftError('E_ARCHIVE_CORRUPT', `corrupt archive: ${message}`);
}

let crcTable: Uint32Array | undefined;
/** zlib.crc32 exists from Node 20.15; the table version covers older 20.x. */
export function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
  if (native) return native(data) >>> 0;
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
