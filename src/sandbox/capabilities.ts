import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clawftHome } from '../config/paths.js';

/**
 * What isolation this host can offer. Cheap, synchronous probes only (files
 * under /proc and /sys, PATH lookups) so `weft health` stays instant.
 */
export interface HostCapabilities {
  platform: NodeJS.Platform;
  arch: string;
  kernel: string | null;
  bwrap: string | null;
  userNamespaces: boolean;
  landlock: {
    available: boolean;
    abi: number | null;
    /** how the ABI was learned: the helper's syscall is authoritative */
    source: 'syscall' | 'lsm' | 'kernel-version' | 'none';
  };
  seccomp: boolean;
  /** the native helper (Landlock + seccomp + rlimits), or null when not built */
  helper: string | null;
  cgroupV2: boolean;
  sandboxExec: string | null;
}

export function findOnPath(bin: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, bin);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Landlock ABI by kernel version, used when the native helper has not been
 * built to ask the kernel directly (landlock_create_ruleset with
 * LANDLOCK_CREATE_RULESET_VERSION). 5.13:1 5.19:2 6.2:3 6.7:4 6.10:5 6.12:6 6.15:7.
 */
export function landlockAbiForKernel(release: string): number | null {
  const m = /^(\d+)\.(\d+)/.exec(release);
  if (!m) return null;
  const v = Number(m[1]) * 1000 + Number(m[2]);
  const table: [number, number][] = [
    [6015, 7],
    [6012, 6],
    [6010, 5],
    [6007, 4],
    [6002, 3],
    [5019, 2],
    [5013, 1],
  ];
  for (const [min, abi] of table) if (v >= min) return abi;
  return null;
}

/** The built helper: $WEFT_SANDBOX_HELPER, else native/build/weft-sandbox in this package. */
export function helperPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env.WEFT_SANDBOX_HELPER,
    fileURLToPath(new URL('../../native/build/weft-sandbox', import.meta.url)),
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not built here
    }
  }
  return null;
}

export interface HelperProbe {
  landlock: { available: boolean; abi: number; tcp: boolean; scopes: boolean };
  seccomp: boolean;
  noNewPrivs: boolean;
  closeRange: boolean;
  arch: string;
}

const probeCache = new Map<string, HelperProbe | null>();
/** Forget in-memory probes (tests; the on-disk cache stays). */
export function clearProbeCache(): void {
  probeCache.clear();
}

/**
 * What the probe depends on: this helper binary (path, inode, size, mtime) on
 * this boot of this kernel. Landlock and seccomp support cannot change without
 * a reboot, so a probe stored under this key stays true until one of them moves.
 */
function probeKey(helper: string): string | null {
  try {
    const st = statSync(helper);
    const boot = readText('/proc/sys/kernel/random/boot_id')?.trim();
    const kernel = readText('/proc/sys/kernel/osrelease')?.trim();
    if (!boot || !kernel) return null;
    return [helper, st.ino, st.size, st.mtimeMs, boot, kernel].join('|');
  } catch {
    return null;
  }
}

/**
 * Ask the kernel (via the helper's landlock_create_ruleset VERSION call) which
 * Landlock ABI it offers. /sys/kernel/security/lsm is often not mounted in
 * containers, so the file alone under-reports.
 *
 * The answer is kept in memory and in `$CLAWFT_HOME/cache/sandbox-probe.json`
 * (when that home exists), so a `weft` command does not spawn the helper just to
 * probe. A wrong stored answer cannot weaken a run: the helper checks Landlock
 * (`--landlock require`) and seccomp itself and refuses to start without them.
 */
export function probeHelper(helper: string, env: NodeJS.ProcessEnv = process.env): HelperProbe | null {
  if (probeCache.has(helper)) return probeCache.get(helper) ?? null;
  const key = probeKey(helper);
  const home = clawftHome(env);
  const file = join(home, 'cache', 'sandbox-probe.json');
  if (key) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { key: string; probe: HelperProbe };
      if (stored.key === key && stored.probe?.landlock) {
        probeCache.set(helper, stored.probe);
        return stored.probe;
      }
    } catch {
      // none yet
    }
  }
  let out: HelperProbe | null = null;
  const r = spawnSync(helper, ['--probe'], { encoding: 'utf8', timeout: 5000, env: {} });
  if (r.status === 0) {
    try {
      out = JSON.parse(r.stdout) as HelperProbe;
    } catch {
      out = null;
    }
  }
  probeCache.set(helper, out);
  if (out && key && existsSync(home)) {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ key, probe: out })}\n`, { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      // read-only home: probe again next time
    }
  }
  return out;
}

function detectLandlock(kernel: string | null, probe: HelperProbe | null): HostCapabilities['landlock'] {
  if (probe) {
    return probe.landlock.available
      ? { available: true, abi: probe.landlock.abi, source: 'syscall' }
      : { available: false, abi: null, source: 'syscall' };
  }
  const lsm = readText('/sys/kernel/security/lsm');
  if (lsm !== null) {
    const on = lsm.split(',').includes('landlock');
    return { available: on, abi: on && kernel ? landlockAbiForKernel(kernel) : null, source: 'lsm' };
  }
  const abi = kernel ? landlockAbiForKernel(kernel) : null;
  // Without the helper or the lsm file this is a guess; fail-closed checks use the helper.
  return { available: false, abi, source: abi ? 'kernel-version' : 'none' };
}

export function detectCapabilities(env: NodeJS.ProcessEnv = process.env): HostCapabilities {
  const platform = process.platform;
  const kernel = platform === 'linux' ? (readText('/proc/sys/kernel/osrelease')?.trim() ?? null) : null;
  const helper = platform === 'linux' ? helperPath(env) : null;
  const probe = helper ? probeHelper(helper, env) : null;
  const maxUserNs = Number(readText('/proc/sys/user/max_user_namespaces') ?? '0');
  const unprivClone = readText('/proc/sys/kernel/unprivileged_userns_clone');
  const status = readText('/proc/self/status') ?? '';
  return {
    platform,
    arch: process.arch,
    kernel,
    bwrap: platform === 'linux' ? findOnPath('bwrap') : null,
    userNamespaces: maxUserNs > 0 && (unprivClone === null || unprivClone.trim() !== '0'),
    landlock: detectLandlock(kernel, probe),
    seccomp: probe ? probe.seccomp : /^Seccomp:\s*\d/m.test(status),
    helper: probe ? helper : null,
    cgroupV2: readText('/sys/fs/cgroup/cgroup.controllers') !== null,
    sandboxExec: platform === 'darwin' ? findOnPath('sandbox-exec') : null,
  };
}
