import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { WeftError } from '../../errors.js';
import type { AuditInput } from '../audit.js';
import type { LaunchPlan } from '../launch.js';
import type { ResolvedPolicy } from '../policy/types.js';
import type { RunResult } from '../spawn.js';
import { spawnPlan } from '../spawn.js';
import { hostArgv, type WasmHostConfig } from './host.js';
import { checkModuleMemory } from './module.js';

export interface WasmRunContext {
  workdir: string;
  env: Record<string, string>;
  stdin?: string | Buffer | undefined;
  signal?: AbortSignal | undefined;
  record: (e: AuditInput) => void;
}

/**
 * `wasm`: the module runs under node:wasi on the main thread of a child process.
 * Preopens are exactly the policy's dirs plus the workdir. node:wasi does not
 * enforce read-only preopens, so in plain `wasm` mode read grants are
 * writable; `combined` runs this same host inside the OS sandbox, where
 * read-only binds and Landlock make them truly read-only.
 */
export function planWasm(
  policy: ResolvedPolicy,
  command: string[],
  ctx: WasmRunContext,
): LaunchPlan & { module: string } {
  const module = resolve(ctx.workdir, command[0]!);
  let bytes: Buffer;
  try {
    bytes = readFileSync(module);
  } catch (err) {
    throw new WeftError(
      'E_NOT_FOUND',
      `wasm module ${module}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    );
  }
  checkModuleMemory(bytes, policy.limits.memoryBytes);
  const preopens: Record<string, string> = {};
  for (const p of [...policy.fs.read, ...policy.fs.write, ctx.workdir]) preopens[p] = p;
  const cfg: WasmHostConfig = {
    module,
    args: [module, ...command.slice(1)],
    env: Object.fromEntries(Object.entries(ctx.env).filter(([k]) => k !== 'PATH' && k !== 'SHELL')),
    preopens,
    heapMb: Math.max(16, Math.min(256, Math.floor(policy.limits.memoryBytes / (1024 * 1024) / 4))),
  };
  return {
    module,
    backend: 'wasm',
    layers: ['wasm', 'env-filter'],
    missing: [],
    degraded: false,
    argv: hostArgv(cfg),
    env: {},
    cwd: ctx.workdir,
    limits: policy.limits,
  };
}

export async function runWasmPlan(plan: LaunchPlan, ctx: WasmRunContext): Promise<RunResult> {
  const r = await spawnPlan(plan, { stdin: ctx.stdin, signal: ctx.signal });
  if (/^weft-wasm: .*out of memory|JavaScript heap out of memory/im.test(r.stderr) && !r.limitHit)
    r.limitHit = 'memory';
  return { ...r, backend: plan.backend === 'bwrap' ? 'combined' : 'wasm' };
}
