import { accessSync, constants, readFileSync } from 'node:fs';
import type { ResolvedLimits } from './policy/types.js';

/**
 * Which resource limits a run gets, and by what mechanism, so `weft sandbox
 * check` can say it plainly. weft sets no cgroup limits today: it would only
 * use a delegated cgroup v2 subtree with the memory and pids controllers,
 * and reports why that is (or is not) available on this host.
 */
export interface CgroupSupport {
  /** v2: unified hierarchy at /sys/fs/cgroup; hybrid: v1 controllers with an empty v2 tree beside them */
  version: 'v2' | 'hybrid' | 'v1' | 'none';
  /** a cgroup v2 subtree this user may write, with memory and pids controllers */
  delegated: boolean;
  reason: string;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Cheap probe of /sys/fs/cgroup and /proc/self/cgroup (no cgroup is created). */
export function cgroupSupport(root = '/sys/fs/cgroup', self = read('/proc/self/cgroup')): CgroupSupport {
  const v2Controllers = read(`${root}/cgroup.controllers`);
  if (v2Controllers !== null) {
    const rel = /^0::(.*)$/m.exec(self ?? '')?.[1]?.trim() ?? '/';
    const own = `${root}${rel === '/' ? '' : rel}`;
    const ctl = (read(`${own}/cgroup.controllers`) ?? '').split(/\s+/);
    const missing = ['memory', 'pids'].filter((c) => !ctl.includes(c));
    if (missing.length > 0)
      return {
        version: 'v2',
        delegated: false,
        reason: `cgroup v2 without the ${missing.join(' and ')} controller in ${own}`,
      };
    if (!writable(own) || !writable(`${own}/cgroup.procs`))
      return {
        version: 'v2',
        delegated: false,
        reason: `cgroup v2, but ${own} is not delegated to this user (not writable)`,
      };
    return {
      version: 'v2',
      delegated: true,
      reason: `cgroup v2 subtree ${own} is writable with memory and pids`,
    };
  }
  const unified = read(`${root}/unified/cgroup.controllers`);
  const v1 = ['memory', 'pids'].filter((c) => read(`${root}/${c}/cgroup.procs`) !== null);
  if (v1.length > 0) {
    return {
      version: unified !== null ? 'hybrid' : 'v1',
      delegated: false,
      reason: `${v1.join(' and ')} are cgroup v1 hierarchies${unified !== null ? ' (the v2 tree beside them has no memory or pids controller)' : ''}; v1 is not delegated to users, so weft does not use it`,
    };
  }
  return { version: 'none', delegated: false, reason: 'no cgroup filesystem mounted' };
}

export interface LimitEnforcement {
  limit: 'wall' | 'output' | 'cpu' | 'memory' | 'pids' | 'fsize' | 'nofile';
  value: string;
  /** the mechanism, or null when this backend does not enforce the limit */
  by: string | null;
}

/** Per limit, what enforces it for a backend (`bwrap` full, `helper` or `bwrap` degraded, `wasm`, ...). */
export function limitEnforcement(
  l: ResolvedLimits,
  backend: string | null,
  opts: { helper: boolean; combined?: boolean },
): LimitEnforcement[] {
  const mib = (b: number) => `${Math.round(b / 1048576)} MiB`;
  const os = backend === 'bwrap' || backend === 'helper';
  const rl = os && opts.helper;
  const ns = backend === 'bwrap' && opts.helper;
  const wasm = backend === 'wasm' || opts.combined === true;
  const memRl = opts.combined ? 'RLIMIT_DATA per process' : 'RLIMIT_AS per process';
  return [
    {
      limit: 'wall',
      value: `${l.wallMs / 1000}s`,
      by: backend ? 'weft kills the process group (SIGKILL)' : null,
    },
    {
      limit: 'output',
      value: mib(l.outputBytes),
      by: backend ? 'weft stops reading and kills the run' : null,
    },
    {
      limit: 'cpu',
      value: `${l.cpuSeconds}s`,
      by: rl ? 'RLIMIT_CPU (SIGXCPU, then SIGKILL 1s later)' : null,
    },
    {
      limit: 'memory',
      value: mib(l.memoryBytes),
      by: rl
        ? `${memRl}${ns ? ' + supervisor kills the sandbox when the summed RSS passes it (checked every 20 ms)' : ''}${wasm ? '; wasm memory maximum checked before the run' : ''}`
        : wasm
          ? 'wasm memory maximum checked before the run; V8 heap capped'
          : null,
    },
    {
      limit: 'pids',
      value: String(l.pids),
      by: rl
        ? `RLIMIT_NPROC${ns ? ' + supervisor counts the pid namespace (every 5 ms; RLIMIT_NPROC does not bind when the sandbox uid maps to host root)' : ''}`
        : backend === 'wasm'
          ? 'not needed: a WASI module cannot start processes'
          : null,
    },
    { limit: 'fsize', value: mib(l.fsizeBytes), by: rl ? 'RLIMIT_FSIZE per file (SIGXFSZ)' : null },
    { limit: 'nofile', value: String(l.nofile), by: rl ? 'RLIMIT_NOFILE' : null },
  ];
}
