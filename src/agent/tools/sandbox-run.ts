import { WeftError } from '../../errors.js';
import type { ToolPolicy } from './policy.js';

/**
 * The agent's one seam to the OS sandbox. Bash and skill scripts run only
 * through `runSandboxed` from src/sandbox/run.ts; when that module or the
 * layers it needs are missing, the call fails closed. Nothing here ever
 * spawns a process directly.
 */

export interface SandboxRunOptions {
  cwd?: string;
  stdin?: string;
  env?: Record<string, string>;
  agentId?: string;
  skill?: string;
  tool?: string;
  signal?: AbortSignal;
}

export interface SandboxRunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  limitHit?: string;
  backend: string;
  layers: string[];
}

type RunSandboxed = (policy: unknown, command: string[], opts: Record<string, unknown>) => Promise<unknown>;

// A variable specifier keeps tsc from requiring the module before the sandbox branch lands.
const RUN_MODULE = '../../sandbox/run.js';

async function loadRunner(): Promise<RunSandboxed> {
  try {
    const mod = (await import(RUN_MODULE)) as { runSandboxed?: RunSandboxed };
    if (typeof mod.runSandboxed === 'function') return mod.runSandboxed;
  } catch {
    // fall through to the fail-closed error
  }
  throw new WeftError(
    'E_SANDBOX_UNAVAILABLE',
    'the sandbox runtime (src/sandbox/run.ts) is not available in this build; commands are refused rather than run unconfined',
  );
}

export async function runInSandbox(
  policy: ToolPolicy,
  command: string[],
  opts: SandboxRunOptions,
): Promise<SandboxRunResult> {
  const runSandboxed = await loadRunner();
  const res = (await runSandboxed(policy.section, command, {
    ...opts,
    agentId: policy.agentId,
    skill: policy.skill,
  })) as SandboxRunResult;
  return res;
}
