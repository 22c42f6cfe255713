import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadAgentConfig } from '../config/agent.js';
import { SandboxSectionSchema } from '../config/policy-schema.js';
import { parseTomlWith } from '../config/toml.js';
import { WeftError } from '../errors.js';
import { detectCapabilities, type HostCapabilities } from './capabilities.js';
import { planLaunch } from './launch.js';
import { type CgroupSupport, cgroupSupport, type LimitEnforcement, limitEnforcement } from './limits.js';
import { hostLayout } from './masks.js';
import { resolvePolicy } from './policy/resolve.js';
import type { ResolvedPolicy } from './policy/types.js';
import { type RunResult, runSandboxed } from './run.js';

export interface SandboxCliFlags {
  agent?: string;
  policy?: string;
  allowRead?: string[];
  allowWrite?: string[];
  allowNet?: string[];
  env?: string[];
  type?: string;
  workdir?: string;
  allowDegraded?: boolean;
}

/** A policy file is either a bare sandbox section or an agent config.toml with a [sandbox] table. */
function loadPolicyFile(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8');
  const doc = parseTomlWith(text, z.record(z.string(), z.unknown()), path);
  const section = (doc.sandbox ?? doc) as Record<string, unknown>;
  // Validate here so errors name the file; resolvePolicy validates again after flags are layered on.
  const ok = SandboxSectionSchema.safeParse(section);
  if (!ok.success) {
    const i = ok.error.issues[0]!;
    throw new WeftError('E_POLICY_INVALID', `${path}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return section;
}

function parseNet(spec: string): { host: string; ports: number[]; require_tls: boolean } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(spec.trim());
  if (!m) throw new WeftError('E_USAGE', `--allow-net ${spec}: expected HOST[:PORT]`);
  const port = m[2] ? Number(m[2]) : 443;
  return { host: m[1]!, ports: [port], require_tls: port === 443 };
}

/** Flags -> a sandbox section layered over the agent's (or the policy file's), then resolved. */
export async function policyFromFlags(flags: SandboxCliFlags): Promise<ResolvedPolicy> {
  let base: Record<string, unknown> = {};
  if (flags.agent && flags.policy) throw new WeftError('E_USAGE', 'use --agent or --policy, not both');
  if (flags.agent) base = (await loadAgentConfig(flags.agent)).sandbox as unknown as Record<string, unknown>;
  if (flags.policy) base = loadPolicyFile(flags.policy);
  const section = structuredClone(base) as {
    sandbox_type?: string;
    filesystem?: { rules: { path: string; writable: boolean }[] };
    network?: { rules: { host: string; ports: number[]; require_tls: boolean }[] };
    environment?: { rules: { pattern: string; writable: boolean }[] };
  };
  section.filesystem ??= { rules: [] };
  section.network ??= { rules: [] };
  section.environment ??= { rules: [] };
  for (const p of flags.allowRead ?? []) section.filesystem.rules.push({ path: p, writable: false });
  for (const p of flags.allowWrite ?? []) section.filesystem.rules.push({ path: p, writable: true });
  for (const n of flags.allowNet ?? []) section.network.rules.push(parseNet(n));
  for (const e of flags.env ?? []) section.environment.rules.push({ pattern: e, writable: false });
  if (flags.type) section.sandbox_type = flags.type;
  return resolvePolicy(section, undefined, { agentId: flags.agent ?? null });
}

export async function sandboxRun(flags: SandboxCliFlags, command: string[]): Promise<RunResult> {
  const policy = await policyFromFlags(flags);
  return runSandboxed(policy, command, {
    ...(flags.workdir ? { cwd: flags.workdir } : {}),
    ...(flags.agent ? { agentId: flags.agent } : {}),
    allowDegraded: Boolean(flags.allowDegraded),
    stdin: process.stdin.isTTY ? '' : readFileSync(0),
  });
}

export interface SandboxCheck {
  policy: ResolvedPolicy;
  host: HostCapabilities;
  backend: string | null;
  layers: string[];
  unavailable: string | null;
  /** what enforces each limit with this backend (null: not enforced) */
  limits: LimitEnforcement[];
  /** cgroups on this host and why weft does not use them */
  cgroups: CgroupSupport;
}

/** The effective policy and the layers a run would get on this host (nothing is spawned). */
export async function sandboxCheck(flags: SandboxCliFlags): Promise<SandboxCheck> {
  const policy = await policyFromFlags(flags);
  const host = detectCapabilities();
  const cgroups = cgroupSupport();
  const limits = (backend: string | null) =>
    limitEnforcement(policy.limits, backend, {
      helper: Boolean(host.helper),
      combined: policy.type === 'combined',
    });
  if (policy.type === 'wasm')
    return {
      policy,
      host,
      backend: 'wasm',
      layers: ['wasm', 'env-filter'],
      unavailable: null,
      limits: limits('wasm'),
      cgroups,
    };
  if (policy.type === 'none')
    return {
      policy,
      host,
      backend: 'none',
      layers: ['env-filter'],
      unavailable: null,
      limits: limits('none'),
      cgroups,
    };
  try {
    const plan = planLaunch(policy, host, {
      command: ['/bin/true'],
      workdir: '/nonexistent-workdir',
      runDir: '/nonexistent-run',
      env: {},
      masks: [],
      layout: hostLayout(),
      proxySocket: policy.net.rules.length > 0 ? '/nonexistent-run/proxy.sock' : undefined,
      allowDegraded: Boolean(flags.allowDegraded),
    });
    const layers = policy.type === 'combined' ? ['wasm', ...plan.layers] : plan.layers;
    return {
      policy,
      host,
      backend: plan.backend,
      layers,
      unavailable: null,
      limits: limits(plan.backend),
      cgroups,
    };
  } catch (err) {
    return {
      policy,
      host,
      backend: null,
      layers: [],
      unavailable: (err as Error).message,
      limits: limits(null),
      cgroups,
    };
  }
}
