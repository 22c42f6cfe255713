import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

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
  landlock: { available: boolean; abi: number | null };
  seccomp: boolean;
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

export function detectCapabilities(): HostCapabilities {
  const platform = process.platform;
  const kernel = platform === 'linux' ? (readText('/proc/sys/kernel/osrelease')?.trim() ?? null) : null;
  const lsm = readText('/sys/kernel/security/lsm') ?? '';
  const landlockOn = lsm.split(',').includes('landlock');
  const maxUserNs = Number(readText('/proc/sys/user/max_user_namespaces') ?? '0');
  const unprivClone = readText('/proc/sys/kernel/unprivileged_userns_clone');
  const status = readText('/proc/self/status') ?? '';
  return {
    platform,
    arch: process.arch,
    kernel,
    bwrap: platform === 'linux' ? findOnPath('bwrap') : null,
    userNamespaces: maxUserNs > 0 && (unprivClone === null || unprivClone.trim() !== '0'),
    landlock: { available: landlockOn, abi: landlockOn && kernel ? landlockAbiForKernel(kernel) : null },
    seccomp: /^Seccomp:\s*\d/m.test(status),
    cgroupV2: readText('/sys/fs/cgroup/cgroup.controllers') !== null,
    sandboxExec: platform === 'darwin' ? findOnPath('sandbox-exec') : null,
  };
}
