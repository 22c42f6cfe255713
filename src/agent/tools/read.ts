import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { z } from 'zod';
import { WeftError } from '../../errors.js';
import { guardPath } from './fs-guard.js';
import type { Tool } from './types.js';

const MAX_READ_BYTES = 1024 * 1024;

export const ReadArgs = z.strictObject({
  path: z.string().min(1).describe('file path, relative to the workspace or absolute'),
  offset: z.number().int().min(1).optional().describe('first line to return (1-based)'),
  limit: z.number().int().min(1).max(10_000).optional().describe('number of lines to return'),
});

/** Open without following a final symlink: the guard already resolved it, so a swap after the check fails. */
export async function readGuardedFile(real: string, maxBytes = MAX_READ_BYTES): Promise<string> {
  const fh = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw new WeftError('E_NOT_FOUND', `no such file: ${real}`, { path: real });
      if (err.code === 'EISDIR')
        throw new WeftError('E_TOOL_INPUT', `${real} is a directory`, { path: real });
      throw new WeftError('E_IO', `cannot open ${real}: ${err.code}`, { path: real });
    },
  );
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new WeftError('E_TOOL_INPUT', `${real} is not a regular file`, { path: real });
    if (st.size > maxBytes) {
      throw new WeftError('E_FILE_TOO_LARGE', `${real} is ${st.size} bytes (limit ${maxBytes})`, {
        path: real,
      });
    }
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

export const readTool: Tool<typeof ReadArgs> = {
  name: 'Read',
  description: 'Read a text file from the workspace. Returns numbered lines.',
  schema: ReadArgs,
  async run({ args, policy, audit }) {
    const real = guardPath({ policy, audit }, args.path, 'read');
    const text = await readGuardedFile(real);
    const lines = text.split('\n');
    const start = (args.offset ?? 1) - 1;
    const slice = lines.slice(start, args.limit ? start + args.limit : undefined);
    const numbered = slice.map((l, i) => `${String(start + i + 1).padStart(6)}\t${l}`).join('\n');
    return { output: numbered, data: { path: real, lines: slice.length } };
  },
};
