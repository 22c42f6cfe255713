import type { AuditInput, AuditLog } from '../../sandbox/audit.js';
import { type RunResult, runSandboxed } from '../../sandbox/run.js';
import type { ToolPolicy } from './policy.js';
import type { AuditSink } from './types.js';

/**
 * The agent's one seam to the OS sandbox: Bash and skill scripts run only
 * through runSandboxed (src/sandbox/run.ts) with the call's ResolvedPolicy.
 * runSandboxed fails closed (E_SANDBOX_UNAVAILABLE) when a layer the policy
 * needs is missing; nothing here ever spawns a process directly.
 */

export interface SandboxRunOptions {
  cwd?: string;
  stdin?: string;
  env?: Record<string, string>;
  tool: string;
  runId: string;
  signal?: AbortSignal;
}

export type SandboxRunResult = RunResult;

/** Route runSandboxed's own audit records (policy, backend, spawn, exit) into the agent's sink. */
function auditLogFor(
  sink: AuditSink,
  base: { runId: string; agentId: string; skill: string | null; tool: string; policyHash: string },
): AuditLog {
  return {
    path: '(agent audit sink)',
    record(e: AuditInput) {
      sink({
        ts: new Date().toISOString(),
        runId: e.runId ?? base.runId,
        agentId: e.agentId ?? base.agentId,
        skill: e.skill ?? base.skill,
        tool: e.tool ?? base.tool,
        event: e.event,
        decision: e.decision ?? 'info',
        reason: e.reason ?? '',
        policyHash: e.policyHash ?? base.policyHash,
        backend: e.backend ?? null,
        layers: e.layers ?? [],
        detail: e.detail ?? {},
      });
    },
    close() {},
  };
}

export async function runInSandbox(
  policy: ToolPolicy,
  command: string[],
  opts: SandboxRunOptions,
  sink: AuditSink,
): Promise<SandboxRunResult> {
  const audit = auditLogFor(sink, {
    runId: opts.runId,
    agentId: policy.agentId,
    skill: policy.skill ?? null,
    tool: opts.tool,
    policyHash: policy.hash,
  });
  return runSandboxed(policy.resolved, command, {
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
    env: opts.env ?? {},
    audit,
    runId: opts.runId,
    agentId: policy.agentId,
    ...(policy.skill ? { skill: policy.skill } : {}),
    // the agent already ran the gate for this call; passing `tool` would gate and audit it twice
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}
