import { spawn } from 'node:child_process';
import type { LaunchPlan } from './launch.js';

export type LimitHit = 'wall' | 'cpu' | 'memory' | 'pids' | 'fsize' | 'output';

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  limitHit?: LimitHit;
  backend: string;
  layers: string[];
  /** set when the sandbox itself failed to start (the command never ran) */
  setupError?: string;
}

export interface SpawnIO {
  stdin?: string | Buffer | undefined;
  signal?: AbortSignal | undefined;
}

// bwrap reports a signalled child as 128+signo.
const SIGXCPU = 24;
const SIGXFSZ = 25;

/** Limit hits the kernel reports only as an error message (RLIMIT_AS/NPROC make calls fail, they do not signal). */
function limitFromOutput(stderr: string, code: number | null): LimitHit | undefined {
  if (/^weft-sandbox: pids limit/m.test(stderr)) return 'pids';
  if (/^weft-sandbox: memory limit/m.test(stderr)) return 'memory';
  if (/fork: retry|Cannot fork|can't fork|fork: Resource temporarily unavailable/i.test(stderr))
    return 'pids';
  if (code === 0) return undefined;
  if (
    /MemoryError|Cannot allocate memory|out of memory|bad_alloc|allocation failed|could not allocate/i.test(
      stderr,
    )
  ) {
    return 'memory';
  }
  if (/Resource temporarily unavailable|fork: retry|Cannot fork|can't fork|EAGAIN/i.test(stderr))
    return 'pids';
  return undefined;
}

/**
 * Spawn a LaunchPlan and collect its result: output capped (the run is killed
 * when the cap is passed), wall time enforced by SIGKILL to the whole process
 * group (bwrap's --die-with-parent then tears down the sandbox's pid namespace).
 */
export function spawnPlan(plan: LaunchPlan, io: SpawnIO = {}): Promise<RunResult> {
  const started = performance.now();
  const viaArgsFd = Boolean(plan.fdArgs);
  const [bin, ...rest] = plan.argv;
  // bwrap reads its options from fd 3 (--args), so the sandbox env never shows
  // up in a host-visible argv.
  const args = viaArgsFd ? ['--args', '3', ...rest] : rest;
  const child = spawn(bin!, args, {
    cwd: plan.backend === 'bwrap' ? '/' : plan.cwd,
    env: plan.env,
    stdio: viaArgsFd ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  if (viaArgsFd) {
    const fd3 = child.stdio[3] as NodeJS.WritableStream;
    fd3.on('error', () => {});
    fd3.end(Buffer.from(`${plan.fdArgs!.join('\0')}\0`));
  }

  const cap = plan.limits.outputBytes;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let total = 0;
  let limitHit: LimitHit | undefined;

  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  const onData = (sink: Buffer[]) => (d: Buffer) => {
    if (total >= cap) return;
    const room = cap - total;
    sink.push(d.length > room ? d.subarray(0, room) : d);
    total += Math.min(d.length, room);
    if (total >= cap && !limitHit) {
      limitHit = 'output';
      kill();
    }
  };
  child.stdout!.on('data', onData(out));
  child.stderr!.on('data', onData(err));
  child.stdin!.on('error', () => {});
  child.stdin!.end(io.stdin ?? '');

  const timer = setTimeout(() => {
    if (!limitHit) limitHit = 'wall';
    kill();
  }, plan.limits.wallMs);
  const onAbort = () => kill();
  io.signal?.addEventListener('abort', onAbort, { once: true });

  return new Promise((resolve, reject) => {
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      io.signal?.removeEventListener('abort', onAbort);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const result: RunResult = {
        exitCode: code,
        signal,
        stdout,
        stderr,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        backend: plan.backend,
        layers: plan.layers,
      };
      if (!limitHit) {
        if (code === 128 + SIGXCPU || signal === 'SIGXCPU') limitHit = 'cpu';
        else if (code === 128 + SIGXFSZ || signal === 'SIGXFSZ') limitHit = 'fsize';
        else limitHit = limitFromOutput(stderr, code);
      }
      if (limitHit) result.limitHit = limitHit;
      const firstLine = stderr.split('\n')[0] ?? '';
      if (plan.backend === 'bwrap' && code === 1 && stdout === '' && firstLine.startsWith('bwrap: ')) {
        result.setupError = firstLine;
      } else if (code === 125 && /^weft-sandbox: /m.test(stderr) && !/cannot execute/.test(firstLine)) {
        result.setupError = stderr.split('\n').find((l) => l.startsWith('weft-sandbox: ')) ?? firstLine;
      }
      resolve(result);
    });
  });
}
