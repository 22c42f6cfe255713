// Peak resident memory of a process tree, read from /proc (Linux only).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

function readKiB(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pid and all its descendants, via /proc/<pid>/task/<tid>/children. */
export function treePids(rootPid) {
  const out = [];
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    out.push(pid);
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const kids = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (kids) for (const k of kids.split(/\s+/)) stack.push(Number(k));
      } catch {
        // the task exited between readdir and read
      }
    }
  }
  return out;
}

/** Current summed VmRSS (KiB) of a tree, optionally skipping pids (e.g. a wrapper). */
export function treeRssKiB(rootPid, skip = new Set()) {
  let sum = 0;
  const pids = treePids(rootPid).filter((p) => !skip.has(p));
  for (const p of pids) sum += readKiB(p, 'VmRSS');
  return { kib: sum, processes: pids.length };
}

/**
 * Samples a process tree every `intervalMs`. The peak of the summed VmRSS is a
 * lower bound for the tree's true peak (sampling can miss spikes); each process's
 * VmHWM is exact but their sum overstates it (peaks need not coincide). Both are kept.
 */
export function sampleTree(rootPid, { intervalMs = 25, skip = new Set() } = {}) {
  let peak = 0;
  let peakProcesses = 0;
  const hwm = new Map();
  const tick = () => {
    const pids = treePids(rootPid).filter((p) => !skip.has(p));
    let sum = 0;
    for (const p of pids) {
      sum += readKiB(p, 'VmRSS');
      const h = readKiB(p, 'VmHWM');
      if (h > (hwm.get(p) ?? 0)) hwm.set(p, h);
    }
    if (sum > peak) {
      peak = sum;
      peakProcesses = pids.length;
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    /** Resets the peak, e.g. after startup to measure a load phase on its own. */
    reset() {
      peak = 0;
      hwm.clear();
      tick();
    },
    current: () => treeRssKiB(rootPid, skip),
    stop() {
      tick();
      clearInterval(timer);
      let sumHwm = 0;
      for (const v of hwm.values()) sumHwm += v;
      return { peakTreeRssKiB: peak, processes: peakProcesses, sumVmHwmKiB: sumHwm };
    },
  };
}

export const hasGnuTime = () => existsSync(GNU_TIME);

/**
 * Runs a command to completion and returns its peak RSS in KiB: the larger of
 * GNU time's max RSS (exact for the largest single process, from wait4) and the
 * sampled peak of the summed tree (catches multi-process commands).
 */
export function peakRssOfCommand(subject, args, { timeoutMs = 180_000, okStatus = [0] } = {}) {
  return new Promise((resolve) => {
    const dir = mkdtempSync(join(tmpdir(), 'clawft-bench-rss-'));
    const out = join(dir, 'time.txt');
    const useTime = hasGnuTime();
    const cmd = useTime ? GNU_TIME : subject.command;
    const argv = useTime
      ? ['-f', '%M', '-o', out, subject.command, ...subject.prefix, ...args]
      : [...subject.prefix, ...args];
    const child = spawn(cmd, argv, {
      cwd: subject.cwd,
      env: subject.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr = (stderr + d.toString('utf8')).slice(-2000);
    });
    const sampler = sampleTree(child.pid, { skip: useTime ? new Set([child.pid]) : new Set() });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const s = sampler.stop();
      let timeKiB = 0;
      let status = code;
      if (useTime) {
        try {
          const text = readFileSync(out, 'utf8');
          // GNU time prints "Command exited with non-zero status N" before the figure.
          const st = /exited with non-zero status (\d+)/.exec(text);
          status = st ? Number(st[1]) : code;
          const lines = text.trim().split('\n');
          timeKiB = Number(lines[lines.length - 1]) || 0;
        } catch {
          // time output missing: fall back to sampling alone
        }
      }
      rmSync(dir, { recursive: true, force: true });
      const ok = !signal && okStatus.includes(status);
      resolve({
        ok,
        status,
        signal,
        reason: ok
          ? undefined
          : `exit ${status ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
        peakKiB: Math.max(timeKiB, s.peakTreeRssKiB),
        maxSingleProcessKiB: timeKiB || undefined,
        sampledTreeKiB: s.peakTreeRssKiB,
        processes: s.processes,
      });
    });
  });
}
