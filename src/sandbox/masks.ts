import { existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { HostLayout, Mask } from './launch.js';
import { isWithin } from './policy/resolve.js';
import type { ResolvedPolicy } from './policy/types.js';

const MAX_DEPTH = 4;
const MAX_ENTRIES = 20_000;
const SKIP_DIRS = new Set(['node_modules']);
/** Never walked: kernel interfaces, the sandbox's own mounts, and big system trees. */
const SKIP_ABS = [
  '/proc',
  '/sys',
  '/dev',
  '/run',
  '/tmp',
  '/usr',
  '/boot',
  '/var/lib',
  '/var/cache',
  '/snap',
  '/nix',
];

function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function maskFor(path: string, kind: 'hide' | 'readonly', reason: string): Mask | null {
  try {
    const st = lstatSync(path);
    if (kind === 'readonly') return { path, kind: 'readonly', reason };
    if (st.isDirectory()) return { path, kind: 'hide-dir', reason };
    // A symlink is hidden as a file: bwrap would follow it when binding over it.
    return { path, kind: 'hide-file', reason };
  } catch {
    return null;
  }
}

/**
 * Everything inside a granted root that must stay hidden or read-only:
 * mandatory deny paths, and deny names found by a bounded walk (depth 4,
 * 20k entries). Names created *during* the run cannot be masked this way;
 * Landlock still confines them to the granted roots.
 */
export function findMasks(policy: ResolvedPolicy, extraWritable: string[] = []): Mask[] {
  const writable = [...policy.fs.write, ...extraWritable];
  const roots = [...policy.fs.read, ...writable];
  const masks = new Map<string, Mask>();
  const add = (m: Mask | null) => {
    if (m && !masks.has(m.path)) masks.set(m.path, m);
  };

  for (const d of policy.fs.deny) {
    if (roots.some((r) => isWithin(d, r) && d !== r)) add(maskFor(d, 'hide', 'mandatory deny path'));
  }
  // A walk from `/` does not descend into /tmp, /proc, ...; a root inside one of them is walked.
  const skipAbs = (p: string, root: string) => SKIP_ABS.some((x) => isWithin(p, x) && !isWithin(root, x));
  let seen = 0;
  const walk = (dir: string, depth: number, isWritable: boolean, root: string) => {
    if (depth > MAX_DEPTH || seen > MAX_ENTRIES) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      seen++;
      const p = join(dir, e.name);
      // A host unix socket in a granted dir would be connectable (connect() ignores
      // read-only mounts, and Landlock ABI <= 7 does not mediate it): hide it.
      if (e.isSocket()) {
        add({ path: p, kind: 'hide-file', reason: 'host unix socket' });
        continue;
      }
      if (policy.fs.denyNames.some((n) => !n.includes('/') && nameMatches(n, e.name))) {
        add(maskFor(p, 'hide', `mandatory deny name ${e.name}`));
        continue;
      }
      if (isWritable) {
        for (const n of policy.fs.readonlyNames) {
          const [first, second] = n.split('/');
          if (first !== e.name) continue;
          if (second) {
            const inner = join(p, second);
            if (existsSync(inner)) add(maskFor(inner, 'readonly', `persistence point ${n}`));
          } else add(maskFor(p, 'readonly', `persistence point ${n}`));
        }
      }
      if (e.isDirectory() && !SKIP_DIRS.has(e.name) && e.name !== '.git' && !skipAbs(p, root))
        walk(p, depth + 1, isWritable, root);
    }
  };
  for (const r of roots)
    walk(
      r,
      0,
      writable.some((w) => isWithin(r, w)),
      r,
    );
  // Parents before children, so a hidden dir is not re-exposed by a later bind.
  return [...masks.values()].sort((a, b) => a.path.length - b.path.length);
}

const ETC_ENTRIES = [
  '/etc/alternatives',
  '/etc/ssl',
  '/etc/ca-certificates',
  '/etc/ca-certificates.conf',
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/nsswitch.conf',
  '/etc/localtime',
  '/etc/os-release',
  '/etc/debian_version',
  '/etc/mime.types',
  '/etc/protocols',
  '/etc/services',
  '/etc/gai.conf',
  '/etc/host.conf',
  '/etc/magic',
  '/etc/python3',
  '/etc/python3.11',
  '/etc/perl',
];

/** System dirs and /etc entries this host has (merged-/usr aware). */
export function hostLayout(): HostLayout {
  const roDirs = ['/usr'];
  const symlinks: [string, string][] = [];
  for (const top of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    try {
      const st = lstatSync(top);
      if (st.isSymbolicLink()) symlinks.push([readlinkSync(top), top]);
      else if (st.isDirectory()) roDirs.push(top);
    } catch {
      // not on this host
    }
  }
  let topLevel: string[] = [];
  try {
    topLevel = readdirSync('/').map((n) => `/${n}`);
  } catch {
    // unreadable root: a `/` grant then binds nothing extra
  }
  return { roDirs, symlinks, etc: ETC_ENTRIES.filter((e) => existsSync(e)), topLevel };
}
