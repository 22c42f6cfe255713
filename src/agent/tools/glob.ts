import { z } from 'zod';
import { guardPath } from './fs-guard.js';
import type { Tool } from './types.js';
import { globToRegExp, relPosix, walkFiles } from './walk.js';

const MAX_RESULTS = 1000;

export const GlobArgs = z.strictObject({
  pattern: z.string().min(1).max(512).describe('glob such as **/*.ts, relative to path'),
  path: z.string().optional().describe('directory to search (default: the workspace)'),
});

export const globTool: Tool<typeof GlobArgs> = {
  name: 'Glob',
  description: 'List files whose path (relative to `path`) matches a glob pattern.',
  schema: GlobArgs,
  async run({ args, policy, audit }) {
    const root = guardPath({ policy, audit }, args.path ?? policy.workspace, 'read');
    const re = globToRegExp(args.pattern);
    const { files, truncated } = await walkFiles(root, policy);
    const matches = files.map((f) => relPosix(root, f)).filter((r) => re.test(r));
    const shown = matches.slice(0, MAX_RESULTS);
    const more = matches.length > shown.length || truncated ? '\n(results truncated)' : '';
    return {
      output: shown.length ? shown.join('\n') + more : 'no files matched',
      data: { root, count: matches.length, files: shown },
    };
  },
};
