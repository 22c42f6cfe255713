import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { EnvRule, FsRule, NetRule, SandboxSection } from '../../config/policy-schema.js';
import type { SkillPermissions } from '../../skills/manifest.js';

/**
 * The policy the agent's tools enforce in-process (file tools, WebFetch) and
 * hand to the sandbox (Bash, skill scripts). It is the agent's `[sandbox]`
 * section, with the agent's workspace always writable, intersected with the
 * active skill's `permissions` block (deny wins).
 */
export interface ToolPolicy {
  agentId: string;
  skill?: string;
  workspace: string;
  /** CLAWFT_HOME, used for the cross-agent deny rule */
  stateHome: string;
  home: string;
  tools: { allowed?: string[]; denied: string[] };
  fs: FsRule[];
  net: NetRule[];
  env: EnvRule[];
  /** the effective sandbox section, in config shape, for runSandboxed */
  section: SandboxSection;
  hash: string;
}

export interface SkillPolicyInput {
  slug: string;
  dir: string;
  permissions?: SkillPermissions | undefined;
  allowedTools?: string[] | undefined;
}

export interface ResolveInput {
  agentId: string;
  section: SandboxSection;
  workspace: string;
  stateHome: string;
  home?: string;
}

/** Expand `~`, `$WORKSPACE` and relative paths (relative = inside the workspace), then realpath what exists. */
export function expandPolicyPath(p: string, workspace: string, home: string): string {
  let out = p.trim();
  if (out === '~' || out.startsWith('~/')) out = join(home, out.slice(1));
  out = out.replace(/^\$(?:\{WORKSPACE\}|WORKSPACE)/, workspace);
  if (!isAbsolute(out)) out = resolve(workspace, out);
  return canonicalPath(resolve(out));
}

/**
 * realpath of the longest existing prefix, plus the rest: a path that does not
 * exist yet (a file about to be written) still canonicalizes through any
 * symlinked parent.
 */
export function canonicalPath(abs: string): string {
  let cur = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(cur);
      return tail.length ? join(real, ...tail.reverse()) : real;
    } catch {
      const parent = dirname(cur);
      if (parent === cur) return abs;
      tail.push(cur.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      cur = parent;
    }
  }
}

export function isWithin(child: string, root: string): boolean {
  if (child === root) return true;
  const r = root.endsWith(sep) ? root : root + sep;
  return child.startsWith(r);
}

function hashPolicy(p: Omit<ToolPolicy, 'hash'>): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ t: p.tools, f: p.fs, n: p.net, e: p.env, s: p.skill ?? null }));
  return `sha256:${h.digest('hex').slice(0, 16)}`;
}

/** The agent's own policy: its config's rules plus its workspace, read-write. */
export function resolveAgentToolPolicy(input: ResolveInput): ToolPolicy {
  const home = input.home ?? homedir();
  const workspace = canonicalPath(resolve(input.workspace));
  const fs: FsRule[] = [{ path: workspace, writable: true }];
  for (const r of input.section.filesystem.rules) {
    fs.push({ path: expandPolicyPath(r.path, workspace, home), writable: r.writable });
  }
  const base = {
    agentId: input.agentId,
    workspace,
    stateHome: canonicalPath(resolve(input.stateHome)),
    home,
    tools: {
      ...(input.section.tools.allowed ? { allowed: [...input.section.tools.allowed] } : {}),
      denied: [...input.section.tools.denied],
    },
    fs,
    net: input.section.network.rules.map((r) => ({ ...r, host: normalizeHost(r.host) })),
    env: [...input.section.environment.rules],
    section: {
      ...input.section,
      filesystem: { rules: fs },
    },
  };
  return { ...base, hash: hashPolicy(base) };
}

/**
 * agent ∩ skill. A skill without a `permissions` block gets read-only access
 * to the workspace and its own folder, no network and no env: least privilege
 * for skills written before permissions existed.
 */
export function intersectSkillPolicy(agent: ToolPolicy, skill: SkillPolicyInput): ToolPolicy {
  const perms = skill.permissions;
  const skillDir = canonicalPath(resolve(skill.dir));
  const skillFs: FsRule[] = [{ path: skillDir, writable: false }];
  if (perms?.fs) {
    for (const p of perms.fs.read)
      skillFs.push({ path: expandPolicyPath(p, agent.workspace, agent.home), writable: false });
    for (const p of perms.fs.write)
      skillFs.push({ path: expandPolicyPath(p, agent.workspace, agent.home), writable: true });
  } else {
    skillFs.push({ path: agent.workspace, writable: false });
  }
  const fs: FsRule[] = [];
  for (const s of skillFs) {
    for (const a of agent.fs) {
      if (isWithin(s.path, a.path)) fs.push({ path: s.path, writable: s.writable && a.writable });
      else if (isWithin(a.path, s.path)) fs.push({ path: a.path, writable: s.writable && a.writable });
    }
  }

  const skillTools = perms?.tools ?? skill.allowedTools;
  let allowed = agent.tools.allowed;
  if (skillTools) {
    const want = new Set(skillTools.map((t) => t.toLowerCase()));
    allowed = (allowed ?? skillTools).filter((t) => want.has(t.toLowerCase()));
  }

  const net: NetRule[] = [];
  for (const s of perms?.net ?? []) {
    const host = normalizeHost(s.host);
    for (const a of agent.net) {
      if (!hostMatches(a.host, host)) continue;
      const ports = s.ports.filter((p) => a.ports.includes(p));
      if (ports.length) net.push({ host, ports, require_tls: s.require_tls || a.require_tls });
    }
  }

  const env: EnvRule[] = [];
  for (const name of perms?.env ?? []) {
    const a = agent.env.find((r) => envPatternCovers(r.pattern, name));
    if (a) env.push({ pattern: name, writable: a.writable });
  }

  const base = {
    ...agent,
    skill: skill.slug,
    tools: { ...(allowed ? { allowed } : {}), denied: agent.tools.denied },
    fs,
    net,
    env,
    section: {
      ...agent.section,
      tools: { ...(allowed ? { allowed } : {}), denied: agent.tools.denied },
      filesystem: { rules: fs },
      network: { rules: net },
      environment: { rules: env },
    },
  };
  return { ...base, hash: hashPolicy(base) };
}

function envPatternCovers(agentPattern: string, skillPattern: string): boolean {
  if (agentPattern === '*') return true;
  if (agentPattern.endsWith('*')) {
    const prefix = agentPattern.slice(0, -1);
    return skillPattern.startsWith(prefix);
  }
  return agentPattern === skillPattern;
}

/** Lowercase, no trailing dot; IDNs to punycode (via URL), so `EXAMPLE.com.` and `example.com` are one host. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h.startsWith('*.')) return `*.${normalizeHost(h.slice(2))}`;
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (/[^\x00-\x7f]/.test(h)) {
    try {
      h = new URL(`http://${h}/`).hostname;
    } catch {
      // leave as is: it will simply not match anything
    }
  }
  return h;
}

/** `*.example.com` matches subdomains only; anything else is an exact match. */
export function hostMatches(ruleHost: string, host: string): boolean {
  if (ruleHost === '*') return true;
  if (ruleHost.startsWith('*.')) return host.endsWith(ruleHost.slice(1)) && host.length > ruleHost.length - 1;
  return ruleHost === host;
}

/** The tool gate: denied wins, then an `allowed` list (when present) must name the tool. Case-insensitive. */
export function gateTool(policy: ToolPolicy, tool: string): { allowed: boolean; reason: string } {
  const t = tool.toLowerCase();
  if (policy.tools.denied.some((d) => d.toLowerCase() === t))
    return { allowed: false, reason: `${tool} is in tools.denied` };
  if (policy.tools.allowed && !policy.tools.allowed.some((a) => a.toLowerCase() === t)) {
    return { allowed: false, reason: `${tool} is not in tools.allowed` };
  }
  return {
    allowed: true,
    reason: policy.tools.allowed ? `${tool} is in tools.allowed` : 'no tool allowlist; not denied',
  };
}
