import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../config/files.js';
import { guardPath } from './fs-guard.js';
import type { Tool } from './types.js';

export const WriteArgs = z.strictObject({
  path: z.string().min(1).describe('file path, relative to the workspace or absolute'),
  content: z
    .string()
    .max(5 * 1024 * 1024)
    .describe('the complete new file content'),
});

export const writeTool: Tool<typeof WriteArgs> = {
  name: 'Write',
  description: 'Create or overwrite a file in the workspace with the given content.',
  schema: WriteArgs,
  async run({ args, policy, audit }) {
    const real = guardPath({ policy, audit }, args.path, 'write');
    await mkdir(dirname(real), { recursive: true });
    // writeFileAtomic renames a temp file over the target, so a symlink planted at the target is replaced, not followed
    await writeFileAtomic(real, args.content, 0o644);
    const bytes = Buffer.byteLength(args.content);
    return { output: `wrote ${bytes} bytes to ${real}`, data: { path: real, bytes } };
  },
};
