// Describes the machine a result was measured on, so numbers are never quoted without context.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function gitInfo(cwd) {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' }).trim()
        .length > 0;
    return { sha, dirty };
  } catch {
    return { sha: 'nogit', dirty: false };
  }
}

function cpuModel() {
  const cpus = os.cpus();
  if (cpus.length > 0 && cpus[0].model) return cpus[0].model.trim();
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return m ? m[1].trim() : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Machine, OS, runtime and repository identity for one benchmark run. */
export function machineInfo(root, extra = {}) {
  return {
    date: new Date().toISOString(),
    git: gitInfo(root),
    cpu: cpuModel(),
    cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    arch: process.arch,
    node: process.version,
    loadavgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    ci: process.env.CI === 'true',
    ...extra,
  };
}
