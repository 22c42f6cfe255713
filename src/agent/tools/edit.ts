import { z } from 'zod';
import { writeFileAtomic } from '../../config/files.js';
import { WeftError } from '../../errors.js';
import { guardPath } from './fs-guard.js';
import { readGuardedFile } from './read.js';
import type { Tool } from './types.js';

export const EditArgs = z.strictObject({
  path: z.string().min(1).describe('file path, relative to the workspace or absolute'),
  old_string: z.string().min(1).describe('exact text to replace; must be unique unless replace_all'),
  new_string: z.string().describe('replacement text'),
  replace_all: z.boolean().optional().describe('replace every occurrence'),
});

export const editTool: Tool<typeof EditArgs> = {
  name: 'Edit',
  description:
    'Replace exact text in a workspace file. old_string must occur exactly once unless replace_all is true.',
  schema: EditArgs,
  async run({ args, policy, audit }) {
    const real = guardPath({ policy, audit }, args.path, 'write');
    const text = await readGuardedFile(real);
    const count = text.split(args.old_string).length - 1;
    if (count === 0)
      throw new WeftError('E_TOOL_INPUT', `old_string not found in ${args.path}`, { path: real });
    if (count > 1 && !args.replace_all) {
      throw new WeftError(
        'E_TOOL_INPUT',
        `old_string occurs ${count} times in ${args.path}; add context or set replace_all`,
        { path: real, count },
      );
    }
    const next = args.replace_all
      ? text.split(args.old_string).join(args.new_string)
      : text.replace(args.old_string, () => args.new_string);
    await writeFileAtomic(real, next, 0o644);
    const replaced = args.replace_all ? count : 1;
    return { output: `replaced ${replaced} occurrence(s) in ${real}`, data: { path: real, replaced } };
  },
};
