import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { WeftError } from '../../errors.js';
import { canonicalPath, isWithin, type ToolPolicy } from './policy.js';

/**
 * In-process filesystem rules for the file tools (Read, Write, Edit, Glob,
 * Grep): the same ResolvedPolicy the kernel sandbox enforces for Bash. A path
 * must canonicalize (realpath, so symlink escapes resolve to their real
 * target) inside a granted root, must not hit the mandatory deny paths or
 * names, and writes need a writable root and no read-only name (.git/hooks).
 * Another agent's directory is always out of reach.
 */

export type FsMode = 'read' | 'write';

export interface FsDecision {
  allowed: boolean;
  path: string;
  reason: string;
}

function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function grantedRoots(policy: ToolPolicy): { path: string; writable: boolean }[] {
  return [
    ...policy.resolved.fs.write.map((path) => ({ path, writable: true })),
    ...policy.resolved.fs.read.map((path) => ({ path, writable: false })),
  ];
}

/** Why `real` is hidden from this agent (mandatory deny, other agents, clawft state), or undefined. */
export function hiddenReason(real: string, policy: ToolPolicy): string | undefined {
  const agents = join(policy.stateHome, 'agents');
  const carved = policy.carveOuts.find((c) => isWithin(real, c));
  if (isWithin(real, policy.stateHome) && !carved) {
    if (isWithin(real, agents)) {
      const owner = real.slice(agents.length + 1).split(sep)[0];
      if (owner && owner !== policy.agentId) return `another agent's directory (${owner})`;
      return 'agent config and state outside the workspace';
    }
    return 'clawft state (keys, trust, audit, credentials)';
  }
  for (const d of policy.resolved.fs.deny) {
    if (!isWithin(real, d)) continue;
    // the workspace and skill folder are explicit roots under ~/.clawft; the deny entry for ~/.clawft yields to them
    if (carved && isWithin(carved, d) && !isWithin(d, carved)) continue;
    return `mandatory deny: ${d}`;
  }
  const root = grantedRoots(policy)
    .filter((r) => isWithin(real, r.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (root) {
    const segs = relative(root.path, real).split(sep).filter(Boolean);
    for (const seg of segs) {
      const hit = policy.resolved.fs.denyNames.find((n) => nameMatches(n, seg));
      if (hit) return `mandatory deny: ${hit} files`;
    }
  }
  return undefined;
}

function readonlyName(real: string, root: string, names: string[]): string | undefined {
  const rel = relative(root, real).split(sep).join('/');
  for (const n of names) {
    if (rel === n || rel.startsWith(`${n}/`) || rel.includes(`/${n}/`) || rel.endsWith(`/${n}`)) return n;
  }
  return undefined;
}

/** Decide without throwing; `path` is the canonical path the tool must then use. */
export function decideFsAccess(policy: ToolPolicy, requested: string, mode: FsMode): FsDecision {
  const abs = isAbsolute(requested) ? resolve(requested) : resolve(policy.workspace, requested);
  const real = canonicalPath(abs, '/', policy.home);
  const hidden = hiddenReason(real, policy);
  if (hidden) return { allowed: false, path: real, reason: hidden };
  const roots = grantedRoots(policy).filter((r) => isWithin(real, r.path));
  if (roots.length === 0)
    return { allowed: false, path: real, reason: 'outside the allowed filesystem roots' };
  if (mode === 'write') {
    const w = roots.find((r) => r.writable);
    if (!w) return { allowed: false, path: real, reason: 'read-only: no writable rule covers this path' };
    const ro = readonlyName(real, w.path, policy.resolved.fs.readonlyNames);
    if (ro) return { allowed: false, path: real, reason: `mandatory read-only: ${ro}` };
    const installed = policy.readonlyPaths.find((p) => isWithin(real, p));
    if (installed) {
      return {
        allowed: false,
        path: real,
        reason: `read-only: ${installed} is managed by weft skill install/update`,
      };
    }
  }
  return { allowed: true, path: real, reason: `within ${roots[0]!.path}` };
}

export function deniedPathError(d: FsDecision, mode: FsMode, requested: string): WeftError {
  return new WeftError('E_PATH_DENIED', `${mode} ${requested} denied: ${d.reason}`, {
    path: d.path,
    mode,
    reason: d.reason,
  });
}

/** Decide, audit the decision, and return the canonical path or throw E_PATH_DENIED. */
export function guardPath(
  call: {
    policy: ToolPolicy;
    audit: (e: {
      event: 'fs.access';
      decision: 'allow' | 'deny';
      reason: string;
      detail: Record<string, unknown>;
    }) => void;
  },
  requested: string,
  mode: FsMode,
): string {
  const d = decideFsAccess(call.policy, requested, mode);
  call.audit({
    event: 'fs.access',
    decision: d.allowed ? 'allow' : 'deny',
    reason: d.reason,
    detail: { path: d.path, mode },
  });
  if (!d.allowed) throw deniedPathError(d, mode, requested);
  return d.path;
}
