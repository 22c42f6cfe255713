import { WeftError } from '../errors.js';
import type { HostCapabilities } from './capabilities.js';
import { macosProfile } from './macos.js';
import type { ResolvedLimits, ResolvedPolicy } from './policy/types.js';

const DEV_RW = [
  '/dev/null',
  '/dev/zero',
  '/dev/full',
  '/dev/random',
  '/dev/urandom',
  '/dev/tty',
  '/dev/pts',
  '/dev/ptmx',
];

/** Where things live inside the sandbox. */
export const SANDBOX_UID = 1000;
export const IN_SANDBOX_HELPER = '/run/weft/helper';
export const IN_SANDBOX_PROXY_SOCK = '/run/weft/proxy.sock';
export const IN_SANDBOX_PROXY_PORT = 3128;

/** Host facts the planner needs (gathered once by `hostLayout()`), so planning stays pure. */
export interface HostLayout {
  /** system dirs bound read-only (e.g. /usr) */
  roDirs: string[];
  /** top-level symlinks recreated inside (merged /usr: /bin -> usr/bin) */
  symlinks: [target: string, path: string][];
  /** individual /etc entries that exist on the host and are safe to expose */
  etc: string[];
  /** the host's top-level entries (/bin, /home, ...), used when `/` itself is granted */
  topLevel?: string[];
}

export interface Mask {
  path: string;
  kind: 'hide-dir' | 'hide-file' | 'readonly';
  reason: string;
}

export interface LaunchRequest {
  command: string[];
  /** host path, bound read-write and used as cwd */
  workdir: string;
  /** host dir with the synthetic passwd/group/hosts files and an empty dir for masks (bound read-only) */
  runDir: string;
  /** the env the command sees (already filtered) */
  env: Record<string, string>;
  masks: Mask[];
  layout: HostLayout;
  /** host path of the per-run proxy's unix socket, when the policy allows network */
  proxySocket?: string | undefined;
  allowDegraded?: boolean | undefined;
  /** the WASM host (node) runs inside: memory is capped by RLIMIT_DATA, not RLIMIT_AS (V8 reserves address space) */
  memoryBy?: 'as' | 'data';
}

export type Layer =
  | 'userns'
  | 'mountns'
  | 'pidns'
  | 'netns'
  | 'ipcns'
  | 'utsns'
  | 'cap-drop'
  | 'uid-nonzero'
  | 'landlock'
  | 'landlock-net'
  | 'landlock-scopes'
  | 'seccomp'
  | 'no-new-privs'
  | 'rlimits'
  | 'env-filter'
  | 'proxy'
  | 'wasm';

export interface LaunchPlan {
  backend: 'bwrap' | 'helper' | 'wasm' | 'sandbox-exec' | 'none';
  layers: string[];
  /** layers the policy wanted but the host lacks (only non-empty with allowDegraded) */
  missing: string[];
  degraded: boolean;
  argv: string[];
  /**
   * bwrap options passed NUL-separated on fd 3 (`--args 3`) rather than argv,
   * so --setenv values never show in a host-visible command line.
   */
  fdArgs?: string[];
  /**
   * env for the spawned process itself. For bwrap this is empty (the sandbox
   * env travels as --setenv inside the --args fd, never in a host-visible argv,
   * and /proc/1/environ inside shows nothing); for the helper it is the sandbox env.
   */
  env: Record<string, string>;
  cwd: string;
  limits: ResolvedLimits;
}

function rlimitArgs(l: ResolvedLimits, memoryBy: 'as' | 'data'): string[] {
  // cpu: soft limit sends SIGXCPU (reported as a cpu limit hit), hard one second later kills.
  return [
    `cpu=${l.cpuSeconds}:${l.cpuSeconds + 1}`,
    `${memoryBy}=${l.memoryBytes}`,
    `nproc=${l.pids}`,
    `fsize=${l.fsizeBytes}`,
    `nofile=${l.nofile}`,
    'core=0',
    'memlock=0',
    'msgqueue=0',
  ].flatMap((r) => ['--rlimit', r]);
}

function missingLayers(policy: ResolvedPolicy, caps: HostCapabilities): { layer: string; fix: string }[] {
  const out: { layer: string; fix: string }[] = [];
  if (caps.platform !== 'linux') {
    out.push({ layer: 'linux', fix: 'the os sandbox needs Linux; use sandbox_type = "wasm"' });
    return out;
  }
  if (!caps.bwrap) out.push({ layer: 'bwrap', fix: 'apt-get install bubblewrap' });
  if (!caps.userNamespaces) {
    out.push({
      layer: 'userns',
      fix: 'sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces>0',
    });
  }
  if (!caps.helper) out.push({ layer: 'helper', fix: 'build it: make -C native (needs gcc)' });
  else if (!caps.landlock.available) {
    out.push({ layer: 'landlock', fix: 'kernel >= 5.13 with CONFIG_SECURITY_LANDLOCK and lsm=landlock' });
  }
  if (caps.helper && !caps.seccomp) out.push({ layer: 'seccomp', fix: 'kernel with CONFIG_SECCOMP_FILTER' });
  void policy;
  return out;
}

/**
 * Policy + host capabilities + one run's request -> the exact argv to spawn.
 * Pure: no I/O. Fails closed (E_SANDBOX_UNAVAILABLE naming the missing layer)
 * unless the caller explicitly allows a degraded run.
 */
export function planLaunch(policy: ResolvedPolicy, caps: HostCapabilities, req: LaunchRequest): LaunchPlan {
  if (req.command.length === 0) throw new WeftError('E_USAGE', 'no command to run');
  if (caps.platform === 'darwin') return planMacos(policy, caps, req);
  const missing = missingLayers(policy, caps);
  const canBwrap = Boolean(caps.bwrap) && caps.userNamespaces && caps.platform === 'linux';
  const canHelper = Boolean(caps.helper) && caps.platform === 'linux';
  if (missing.length > 0 && !req.allowDegraded) {
    const m = missing[0]!;
    throw new WeftError(
      'E_SANDBOX_UNAVAILABLE',
      `sandbox layer "${m.layer}" is unavailable: ${m.fix} (or pass --allow-degraded to run with fewer layers, audited)`,
      { missing: missing.map((x) => x.layer) },
    );
  }
  if (!canBwrap && !canHelper) {
    throw new WeftError(
      'E_SANDBOX_UNAVAILABLE',
      `no enforcement layer is available (${missing.map((m) => m.layer).join(', ')}); refusing to run unconfined`,
      { missing: missing.map((x) => x.layer) },
    );
  }

  const limits = policy.limits;
  const layers: string[] = ['env-filter'];
  const useProxy = Boolean(req.proxySocket) && canBwrap;

  // Landlock sees the same tree the mount namespace shows.
  const ro = [...req.layout.roDirs, ...req.layout.etc, '/proc', '/dev', ...policy.fs.read];
  // /dev: only the device nodes and a size-capped /dev/shm are writable (bwrap's
  // /dev tmpfs itself has no size cap, so creating files there is refused).
  const rw = [...DEV_RW, '/dev/shm', '/tmp', ...policy.fs.write, req.workdir];
  const helperArgs: string[] = [];
  if (canHelper) {
    for (const p of ro) helperArgs.push('--ro', p);
    for (const p of rw) helperArgs.push('--rw', p);
    if (useProxy) helperArgs.push('--tcp-connect', String(IN_SANDBOX_PROXY_PORT));
    if (useProxy) helperArgs.push('--bridge', `${IN_SANDBOX_PROXY_PORT}:${IN_SANDBOX_PROXY_SOCK}`);
    helperArgs.push(...rlimitArgs(limits, req.memoryBy ?? 'as'));
    // Inside a pid namespace the helper also counts processes (RLIMIT_NPROC does
    // not bind when the sandbox uid maps to host root).
    // The same supervisor also sums RSS across the sandbox (RLIMIT_AS is per process).
    if (canBwrap)
      helperArgs.push('--pids-watch', String(limits.pids), '--mem-watch', String(limits.memoryBytes));
    helperArgs.push('--landlock', caps.landlock.available ? 'require' : 'off');
    if (!caps.seccomp) helperArgs.push('--no-seccomp');
    if (caps.landlock.available) {
      layers.push('landlock');
      if ((caps.landlock.abi ?? 0) >= 4) layers.push('landlock-net');
      if ((caps.landlock.abi ?? 0) >= 6) layers.push('landlock-scopes');
    }
    if (caps.seccomp) layers.push('seccomp');
    layers.push('no-new-privs', 'rlimits');
  }

  if (!canBwrap) {
    // Degraded: helper only (no namespaces). Landlock still confines the fs, and
    // TCP connects are refused by Landlock (no proxy port granted).
    return {
      backend: 'helper',
      layers,
      missing: missing.map((m) => m.layer),
      degraded: true,
      argv: [caps.helper!, ...helperArgs, '--', ...req.command],
      env: req.env,
      cwd: req.workdir,
      limits,
    };
  }

  const a: string[] = [
    caps.bwrap!,
    '--unshare-all',
    '--unshare-user',
    '--uid',
    String(SANDBOX_UID),
    '--gid',
    String(SANDBOX_UID),
    '--hostname',
    'weft',
    '--cap-drop',
    'ALL',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
  ];
  for (const [k, v] of Object.entries(req.env)) a.push('--setenv', k, v);
  for (const d of req.layout.roDirs) a.push('--ro-bind', d, d);
  for (const [target, path] of req.layout.symlinks) a.push('--symlink', target, path);
  for (const e of req.layout.etc) a.push('--ro-bind-try', e, e);
  a.push(
    '--ro-bind',
    `${req.runDir}/passwd`,
    '/etc/passwd',
    '--ro-bind',
    `${req.runDir}/group`,
    '/etc/group',
  );
  a.push('--ro-bind', `${req.runDir}/hosts`, '/etc/hosts');
  a.push('--proc', '/proc', '--dev', '/dev');
  const tmpBytes = String(Math.min(limits.fsizeBytes * 4, 512 * 1024 * 1024));
  const shmBytes = String(Math.min(limits.fsizeBytes, 64 * 1024 * 1024));
  a.push('--size', tmpBytes, '--perms', '1777', '--tmpfs', '/tmp');
  a.push('--size', shmBytes, '--perms', '1777', '--tmpfs', '/dev/shm');
  // Grants under /tmp go after the private tmpfs (or they would be hidden by it).
  for (const p of expandRoot(policy.fs.read, req.layout)) a.push('--ro-bind-try', p, p);
  for (const p of expandRoot(policy.fs.write, req.layout)) a.push('--bind-try', p, p);
  a.push('--bind', req.workdir, req.workdir);
  // Masks go last so they cover whatever the binds above exposed.
  for (const m of req.masks) {
    if (m.kind === 'hide-dir') a.push('--ro-bind', `${req.runDir}/empty`, m.path);
    else if (m.kind === 'hide-file') a.push('--ro-bind', '/dev/null', m.path);
    else a.push('--ro-bind', m.path, m.path);
  }
  a.push('--dir', '/run/weft');
  if (useProxy) {
    a.push('--bind', req.proxySocket!, IN_SANDBOX_PROXY_SOCK);
    layers.push('proxy');
  }
  a.push('--chdir', req.workdir);
  // The helper's supervisor is pid 1 itself (reaps orphans; its exit ends the
  // pid namespace), so bwrap starts no separate init process: one fork less.
  if (canHelper) a.push('--as-pid-1', '--ro-bind', caps.helper!, IN_SANDBOX_HELPER);
  const inner = canHelper ? [IN_SANDBOX_HELPER, ...helperArgs, '--', ...req.command] : req.command;

  layers.unshift('userns', 'mountns', 'pidns', 'netns', 'ipcns', 'utsns', 'cap-drop', 'uid-nonzero');
  return {
    backend: 'bwrap',
    layers,
    missing: missing.map((m) => m.layer),
    degraded: missing.length > 0,
    argv: [caps.bwrap!, '--', ...inner],
    fdArgs: a.slice(1),
    env: {},
    cwd: req.workdir,
    limits,
  };
}

/**
 * A grant of `/` becomes one bind per top-level entry, leaving out the kernel
 * interfaces and scratch dirs the sandbox mounts itself (/proc, /sys, /dev,
 * /run, /tmp): binding the host root wholesale would bring the host's /proc and
 * /tmp back in and leave no writable place for weft's own mount points.
 */
function expandRoot(paths: string[], layout: HostLayout): string[] {
  const skip = new Set(['/proc', '/sys', '/dev', '/run', '/tmp', '/lost+found']);
  return paths.flatMap((p) => (p === '/' ? (layout.topLevel ?? []).filter((t) => !skip.has(t)) : [p]));
}

/** macOS: Seatbelt via sandbox-exec, or refuse (the caller may choose sandbox_type = "wasm"). */
function planMacos(policy: ResolvedPolicy, caps: HostCapabilities, req: LaunchRequest): LaunchPlan {
  if (!caps.sandboxExec) {
    throw new WeftError(
      'E_SANDBOX_UNAVAILABLE',
      'sandbox layer "sandbox-exec" is unavailable on this macOS; only sandbox_type = "wasm" can run here',
      { missing: ['sandbox-exec'] },
    );
  }
  if (policy.net.rules.length > 0) {
    throw new WeftError('E_SANDBOX_UNAVAILABLE', 'network rules are not supported by the macOS backend yet', {
      missing: ['proxy'],
    });
  }
  return {
    backend: 'sandbox-exec',
    layers: ['seatbelt', 'env-filter'],
    missing: [],
    degraded: false,
    argv: [caps.sandboxExec, '-p', macosProfile(policy, { workdir: req.workdir }), ...req.command],
    env: req.env,
    cwd: req.workdir,
    limits: policy.limits,
  };
}
