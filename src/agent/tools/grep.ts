import { z } from 'zod';
import { WeftError } from '../../errors.js';
import { guardPath } from './fs-guard.js';
import { readGuardedFile } from './read.js';
import type { Tool } from './types.js';
import { globToRegExp, relPosix, walkFiles } from './walk.js';

const MAX_MATCHES = 500;

export const GrepArgs = z.strictObject({
  pattern: z.string().min(1).max(1000).describe('JavaScript regular expression'),
  path: z.string().optional().describe('file or directory to search (default: the workspace)'),
  glob: z.string().optional().describe('only files matching this glob, e.g. *.md'),
  ignore_case: z.boolean().optional(),
});

export const grepTool: Tool<typeof GrepArgs> = {
  name: 'Grep',
  description: 'Search file contents with a regular expression. Returns path:line: text for each match.',
  schema: GrepArgs,
  async run({ args, policy, audit }) {
    let re: RegExp;
    try {
      re = new RegExp(args.pattern, args.ignore_case ? 'i' : '');
    } catch (err) {
      throw new WeftError('E_TOOL_INPUT', `invalid pattern: ${(err as Error).message}`);
    }
    const root = guardPath({ policy, audit }, args.path ?? policy.workspace, 'read');
    const only = args.glob
      ? globToRegExp(args.glob.includes('/') ? args.glob : `**/${args.glob}`)
      : undefined;
    const walked = await walkFiles(root, policy).catch(() => ({ files: [root], truncated: false }));
    const files = walked.files.length ? walked.files : [root];
    const out: string[] = [];
    for (const f of files) {
      const rel = relPosix(root, f) || f;
      if (only && !only.test(rel)) continue;
      let text: string;
      try {
        text = await readGuardedFile(f);
      } catch {
        continue; // unreadable, binary-sized or vanished: not a match
      }
      if (text.includes('\u0000')) continue;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length && out.length < MAX_MATCHES; i++) {
        if (re.test(lines[i]!)) out.push(`${rel}:${i + 1}: ${lines[i]!.slice(0, 300)}`);
      }
      if (out.length >= MAX_MATCHES) break;
    }
    return { output: out.length ? out.join('\n') : 'no matches', data: { root, matches: out.length } };
  },
};
