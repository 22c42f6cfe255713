import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { hiddenReason } from './fs-guard.js';
import type { ToolPolicy } from './policy.js';

/**
 * Files under `root` for Glob and Grep: symlinks are listed as entries but
 * never followed (a link to /etc cannot widen the walk), mandatory-deny paths
 * and .git internals are skipped, and the walk stops at `maxEntries`.
 */
export async function walkFiles(
  root: string,
  policy: ToolPolicy,
  maxEntries = 20_000,
): Promise<{ files: string[]; truncated: boolean }> {
  const files: string[] = [];
  let seen = 0;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const ent of entries) {
      if (++seen > maxEntries) return { files: files.sort(), truncated: true };
      const abs = join(dir, ent.name);
      if (ent.name === '.git' || ent.name === 'node_modules') continue;
      if (hiddenReason(abs, policy)) continue;
      if (ent.isDirectory()) stack.push(abs);
      else if (ent.isFile()) files.push(abs);
    }
  }
  return { files: files.sort(), truncated: false };
}

/** Glob to RegExp over `/`-separated relative paths: `**`, `*`, `?`, `{a,b}`, `[...]`. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((s) => s.replace(/[.+^$()|[\]\\*?]/g, '\\$&'))
          .join('|')})`;
        i = end;
      }
    } else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function relPosix(root: string, abs: string): string {
  return relative(root, abs).split('\\').join('/');
}
