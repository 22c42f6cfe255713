import { existsSync, lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';
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
 * The name walk is the costly part of planning a run (a readdir per directory
 * of every granted root, each run). Its result is kept per set of roots,
 * together with each walked directory's mtime, ctime and inode: any entry created,
 * removed or renamed in a walked directory changes that directory's mtime, so
 * a cached walk is reused only when every walked directory is unchanged. A
 * directory modified in the last 2 s is "racy" (file timestamps are coarse,
 * a change in the same tick would not move the mtime): such a walk is not cached.
 */
/** The racy window; tests shorten it (file timestamps tick every few ms, so it must stay well above that). */
export const maskCacheTuning = { racyNs: 2_000_000_000n };
const CACHE_KEYS = 16;
interface CachedWalk {
  dirs: [path: string, stamp: string][];
  masks: Mask[];
}
const walkCache = new Map<string, CachedWalk>();
/** Counters for tests and the bench: walks done, and walks answered from the cache. */
export const maskWalkStats = { walks: 0, hits: 0 };

function dirStamp(p: string): string | null {
  try {
    const st = statSync(p, { bigint: true });
    // ctime too: it moves on every change and, unlike mtime, cannot be set back with utimes/touch -d
    const changed = st.ctimeNs > st.mtimeNs ? st.ctimeNs : st.mtimeNs;
    if (BigInt(Date.now()) * 1_000_000n - changed < maskCacheTuning.racyNs) return null;
    return `${st.ino}:${st.mtimeNs}:${st.ctimeNs}:${st.isDirectory() ? 'd' : 'f'}`;
  } catch {
    return 'missing';
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

  // Deny paths are a few lstat calls: checked every run, never cached.
  for (const d of policy.fs.deny) {
    if (roots.some((r) => isWithin(d, r) && d !== r)) add(maskFor(d, 'hide', 'mandatory deny path'));
  }
  const walkRoots = roots.map((r) => ({ r, w: writable.some((x) => isWithin(r, x)) }));
  const key = JSON.stringify([walkRoots, policy.fs.denyNames, policy.fs.readonlyNames]);
  const cached = walkCache.get(key);
  if (cached?.dirs.every(([d, stamp]) => dirStamp(d) === stamp)) {
    maskWalkStats.hits++;
    for (const m of cached.masks) add(m);
    return sortMasks(masks);
  }
  maskWalkStats.walks++;
  const found = new Map<string, Mask>();
  const addFound = (m: Mask | null) => {
    if (m && !found.has(m.path)) found.set(m.path, m);
  };
  const dirs: [string, string][] = [];
  let cacheable = true;
  const depend = (dir: string) => {
    const stamp = dirStamp(dir);
    if (stamp === null) cacheable = false;
    else dirs.push([dir, stamp]);
  };
  // A walk from `/` does not descend into /tmp, /proc, ...; a root inside one of them is walked.
  const skipAbs = (p: string, root: string) => SKIP_ABS.some((x) => isWithin(p, x) && !isWithin(root, x));
  let seen = 0;
  const walk = (dir: string, depth: number, isWritable: boolean, root: string) => {
    if (depth > MAX_DEPTH || seen > MAX_ENTRIES) return;
    depend(dir);
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
        addFound({ path: p, kind: 'hide-file', reason: 'host unix socket' });
        continue;
      }
      if (policy.fs.denyNames.some((n) => !n.includes('/') && nameMatches(n, e.name))) {
        addFound(maskFor(p, 'hide', `mandatory deny name ${e.name}`));
        continue;
      }
      if (isWritable) {
        for (const n of policy.fs.readonlyNames) {
          const [first, second] = n.split('/');
          if (first !== e.name) continue;
          if (second) {
            depend(p);
            const inner = join(p, second);
            if (existsSync(inner)) addFound(maskFor(inner, 'readonly', `persistence point ${n}`));
          } else addFound(maskFor(p, 'readonly', `persistence point ${n}`));
        }
      }
      if (e.isDirectory() && !SKIP_DIRS.has(e.name) && e.name !== '.git' && !skipAbs(p, root))
        walk(p, depth + 1, isWritable, root);
    }
  };
  for (const { r, w } of walkRoots) walk(r, 0, w, r);
  if (cacheable) {
    walkCache.delete(key);
    walkCache.set(key, { dirs, masks: [...found.values()] });
    if (walkCache.size > CACHE_KEYS) walkCache.delete(walkCache.keys().next().value!);
  } else walkCache.delete(key);
  for (const m of found.values()) add(m);
  return sortMasks(masks);
}

/** Parents before children, so a hidden dir is not re-exposed by a later bind. */
function sortMasks(masks: Map<string, Mask>): Mask[] {
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

let layoutCache: { at: number; layout: HostLayout } | null = null;

/**
 * System dirs and /etc entries this host has (merged-/usr aware). Kept for 60 s
 * per process: a stale answer only binds less (`--ro-bind-try` skips entries
 * that have gone), never more.
 */
export function hostLayout(): HostLayout {
  const now = Date.now();
  if (layoutCache && now - layoutCache.at < 60_000) return layoutCache.layout;
  const layout = readHostLayout();
  layoutCache = { at: now, layout };
  return layout;
}

function readHostLayout(): HostLayout {
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
