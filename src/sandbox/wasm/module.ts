import { WeftError } from '../../errors.js';

const PAGE = 64 * 1024;

function readU32(buf: Uint8Array, pos: { i: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos.i++];
    if (b === undefined) throw new WeftError('E_POLICY_INVALID', 'wasm module is truncated');
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
    shift += 7;
    if (shift > 35) throw new WeftError('E_POLICY_INVALID', 'bad LEB128 in wasm module');
  }
}

function skipName(buf: Uint8Array, pos: { i: number }): void {
  const n = readU32(buf, pos);
  pos.i += n;
}

export interface MemoryLimits {
  minBytes: number;
  /** null: the module declares no maximum (it could grow to 4 GiB) */
  maxBytes: number | null;
}

function readLimits(buf: Uint8Array, pos: { i: number }): MemoryLimits {
  const flags = readU32(buf, pos);
  if (flags & 0x04) throw new WeftError('E_POLICY_INVALID', 'memory64 modules are not supported');
  const min = readU32(buf, pos);
  const max = flags & 0x01 ? readU32(buf, pos) : null;
  return { minBytes: min * PAGE, maxBytes: max === null ? null : max * PAGE };
}

/** Every memory a module defines or imports, from its binary (WebAssembly.Module does not expose limits). */
export function memoryLimits(bytes: Uint8Array): MemoryLimits[] {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new WeftError('E_POLICY_INVALID', 'not a wasm module');
  }
  const out: MemoryLimits[] = [];
  const pos = { i: 8 };
  while (pos.i < bytes.length) {
    const id = bytes[pos.i++]!;
    const size = readU32(bytes, pos);
    const end = pos.i + size;
    if (id === 2) {
      const n = readU32(bytes, pos);
      for (let k = 0; k < n; k++) {
        skipName(bytes, pos);
        skipName(bytes, pos);
        const kind = bytes[pos.i++];
        if (kind === 0) readU32(bytes, pos);
        else if (kind === 1) {
          pos.i++;
          readLimits(bytes, pos);
        } else if (kind === 2) out.push(readLimits(bytes, pos));
        else if (kind === 3) pos.i += 2;
        else if (kind === 4) {
          pos.i++;
          readU32(bytes, pos);
        } else throw new WeftError('E_POLICY_INVALID', `unknown import kind ${kind}`);
      }
    } else if (id === 5) {
      const n = readU32(bytes, pos);
      for (let k = 0; k < n; k++) out.push(readLimits(bytes, pos));
    }
    pos.i = end;
  }
  return out;
}

/** Refuse modules that could outgrow the policy's memory limit. */
export function checkModuleMemory(bytes: Uint8Array, limitBytes: number): MemoryLimits[] {
  const mems = memoryLimits(bytes);
  for (const m of mems) {
    if (m.maxBytes === null) {
      throw new WeftError(
        'E_POLICY_INVALID',
        'wasm memory declares no maximum; refusing (it could grow past the memory limit)',
      );
    }
    if (m.maxBytes > limitBytes) {
      throw new WeftError(
        'E_POLICY_INVALID',
        `wasm memory maximum ${m.maxBytes >> 20} MiB exceeds the policy limit ${limitBytes >> 20} MiB`,
      );
    }
  }
  return mems;
}
