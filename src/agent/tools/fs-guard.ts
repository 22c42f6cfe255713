import { basename, isAbsolute, join, resolve, sep } from 'node:path';
import { WeftError } from '../../errors.js';
import { canonicalPath, isWithin, type ToolPolicy } from './policy.js';

/**
 * In-process filesystem rules for the file tools (Read, Write, Edit, Glob,
 * Grep). The same rules the OS sandbox enforces for Bash: a path must
 * canonicalize (realpath, so symlink escapes resolve to their real target)
 * inside a policy root, must not hit the mandatory deny list, and writes need
 * a writable root. Another agent's directory is always out of reach.
 */

export type FsMode = 'read' | 'write';

export interface FsDecision {
  allowed: boolean;
  path: string;
  reason: string;
}

const SECRET_DIRS = [
  '.ssh',
  '.aws',
  '.gnupg',
  '.kube',
  '.docker',
  '.azure',
  '.config/gcloud',
  '.password-store',
];
const SECRET_FILES = ['.netrc', '.npmrc', '.pypirc', '.git-credentials'];
const SHELL_RC = new Set([
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.profile',
  '.zshrc',
  '.zshenv',
  '.zprofile',
  '.zlogin',
  '.cshrc',
  '.tcshrc',
]);

/** Why `real` is on the mandatory deny list (SPEC §5), or undefined. Applies even inside writable roots. */
export function mandatoryDenyReason(real: string, policy: ToolPolicy): string | undefined {
  for (const d of SECRET_DIRS) if (isWithin(real, join(policy.home, d))) return `credential directory ~/${d}`;
  for (const f of SECRET_FILES) if (real === join(policy.home, f)) return `credential file ~/${f}`;
  const segs = real.split(sep);
  const base = basename(real);
  if (base === '.env' || base.startsWith('.env.')) return 'dotenv file';
  if (SHELL_RC.has(base)) return 'shell rc file';
  for (let i = 0; i < segs.length - 1; i++) {
    if (segs[i] === '.git' && segs[i + 1] === 'hooks') return 'VCS hooks';
  }
  const state = policy.stateHome;
  if (isWithin(real, state)) {
    const agents = join(state, 'agents');
    if (isWithin(real, agents) && !isWithin(real, policy.workspace)) {
      const rel = real.slice(agents.length + 1).split(sep);
      const owner = rel[0];
      if (owner && owner !== policy.agentId) return `another agent's directory (${owner})`;
      return 'agent config and state outside the workspace';
    }
    if (!isWithin(real, policy.workspace)) return 'clawft state (keys, trust, audit, credentials)';
  }
  return undefined;
}

/** Decide without throwing; `path` is the canonical path the tool must then use. */
export function decideFsAccess(policy: ToolPolicy, requested: string, mode: FsMode): FsDecision {
  const abs = isAbsolute(requested) ? resolve(requested) : resolve(policy.workspace, requested);
  const real = canonicalPath(abs);
  const denied = mandatoryDenyReason(real, policy);
  if (denied) return { allowed: false, path: real, reason: `mandatory deny: ${denied}` };
  const roots = policy.fs.filter((r) => isWithin(real, r.path));
  if (roots.length === 0)
    return { allowed: false, path: real, reason: 'outside the allowed filesystem roots' };
  if (mode === 'write' && !roots.some((r) => r.writable)) {
    return { allowed: false, path: real, reason: 'read-only: no writable rule covers this path' };
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
      event: 'fs_access';
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
    event: 'fs_access',
    decision: d.allowed ? 'allow' : 'deny',
    reason: d.reason,
    detail: { path: d.path, mode },
  });
  if (!d.allowed) throw deniedPathError(d, mode, requested);
  return d.path;
}
