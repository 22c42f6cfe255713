import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { SandboxSection } from '../../config/policy-schema.js';
import { checkTool } from '../../sandbox/gate.js';
import {
  canonicalPath,
  hostMatches,
  isWithin,
  policyHash,
  type ResolvedPolicy,
  resolvePolicy,
} from '../../sandbox/policy/index.js';
import type { SkillPermissions } from '../../skills/manifest.js';

/**
 * The agent's view of the sandbox policy. `resolved` is the sandbox module's
 * ResolvedPolicy (agent ∩ skill, deny wins, mandatory deny list), and it is
 * what Bash hands to runSandboxed; the file tools and WebFetch enforce the
 * same object in-process.
 *
 * One adjustment: agent workspaces live under ~/.clawft, which the mandatory
 * deny list hides as a whole. The workspace (and, for a skill, its own
 * folder and the workspace paths its permissions name) is added back as an
 * explicit root after resolution. Everything else under ~/.clawft (other
 * agents, configs, keys, audit) stays denied.
 */
export interface ToolPolicy {
  agentId: string;
  skill?: string;
  workspace: string;
  /** CLAWFT_HOME, used for the cross-agent deny reason */
  stateHome: string;
  home: string;
  resolved: ResolvedPolicy;
  /** run Bash with the workspace as its read-write working dir (false: a fresh per-run dir) */
  workspaceWritable: boolean;
  /** roots added back after resolution (workspace, skill folder): they win over the ~/.clawft deny entry */
  carveOuts: string[];
  /** paths the file tools never write (installed skills, the lockfile): changed only by `weft skill` */
  readonlyPaths: string[];
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
  env?: NodeJS.ProcessEnv;
  /** e.g. `<workdir>/skills` and `<workdir>/.clawhub` */
  readonlyPaths?: string[];
}

interface Base {
  agentId: string;
  workspace: string;
  stateHome: string;
  home: string;
  section: SandboxSection;
  env: NodeJS.ProcessEnv;
}

const bases = new WeakMap<ToolPolicy, Base>();

/**
 * A deny entry that contains the workspace (~/.clawft) is replaced by its
 * parts that do not lead to the workspace: at each level from the entry down
 * to the workspace, every sibling is denied (other agents, the agent's own
 * config.toml, keys, trust store, audit, hub data), plus the well-known
 * names even before they exist. The sandbox then accepts the workspace as a
 * working dir, and nothing else under ~/.clawft becomes reachable.
 */
const STATE_NAMES = [
  'keys',
  'trust.json',
  'credentials.json',
  'audit',
  'hub',
  'profiles',
  'config.toml',
  'agents',
];

function splitDenyAround(deny: string[], keep: string): string[] {
  const out: string[] = [];
  for (const d of deny) {
    if (!isWithin(keep, d) || d === keep) {
      out.push(d);
      continue;
    }
    let cur = d;
    for (const seg of relative(d, keep).split(sep)) {
      let names: string[] = [];
      try {
        names = readdirSync(cur);
      } catch {
        // nothing there yet
      }
      for (const n of new Set([...names, ...STATE_NAMES])) if (n !== seg) out.push(join(cur, n));
      cur = join(cur, seg);
    }
  }
  return [...new Set(out)].sort();
}

function withRoots(p: ResolvedPolicy, read: string[], write: string[], keep: string): ResolvedPolicy {
  const w = [...new Set([...p.fs.write, ...write])];
  const r = [...new Set([...p.fs.read, ...read])].filter((x) => !w.some((y) => isWithin(x, y)));
  const fs = { ...p.fs, read: r.sort(), write: w.sort(), deny: splitDenyAround(p.fs.deny, keep) };
  const { hash: _h, source, ...body } = { ...p, fs };
  return { ...body, source, hash: policyHash(body) };
}

/** The agent's own policy: its `[sandbox]` section plus its workspace, read-write. */
export function resolveAgentToolPolicy(input: ResolveInput): ToolPolicy {
  const home = input.home ?? homedir();
  const env = { ...(input.env ?? process.env), CLAWFT_HOME: input.stateHome, HOME: home };
  const workspace = canonicalPath(resolve(input.workspace), '/', home);
  const stateHome = canonicalPath(resolve(input.stateHome), '/', home);
  const resolved0 = resolvePolicy(input.section, undefined, {
    baseDir: workspace,
    home,
    agentId: input.agentId,
    env,
  });
  const resolved = withRoots(resolved0, [], [workspace], workspace);
  const policy: ToolPolicy = {
    agentId: input.agentId,
    workspace,
    stateHome,
    home,
    resolved,
    workspaceWritable: true,
    carveOuts: [workspace],
    readonlyPaths: (input.readonlyPaths ?? []).map((p) => canonicalPath(resolve(p), '/', home)),
    hash: resolved.hash,
  };
  bases.set(policy, { agentId: input.agentId, workspace, stateHome, home, section: input.section, env });
  return policy;
}

/**
 * agent ∩ skill via resolvePolicy; then the skill's own folder (read) and the
 * workspace paths its `permissions.fs` names are added back. A skill without
 * a `permissions` block is granted nothing beyond reading its own folder.
 */
export function intersectSkillPolicy(agent: ToolPolicy, skill: SkillPolicyInput): ToolPolicy {
  const base = bases.get(agent);
  if (!base) throw new Error('intersectSkillPolicy needs a policy from resolveAgentToolPolicy');
  const perms: SkillPermissions = { ...(skill.permissions ?? {}) };
  if (!perms.tools && skill.allowedTools) perms.tools = skill.allowedTools;
  const resolved0 = resolvePolicy(
    base.section,
    { slug: skill.slug, permissions: perms },
    { baseDir: base.workspace, home: base.home, agentId: base.agentId, env: base.env },
  );
  const inWs = (paths: string[] | undefined) =>
    (paths ?? [])
      .map((p) => canonicalPath(p, base.workspace, base.home))
      .filter((p) => isWithin(p, base.workspace));
  const read = [canonicalPath(resolve(skill.dir), '/', base.home), ...inWs(perms.fs?.read)];
  const write = inWs(perms.fs?.write);
  const resolved = withRoots(resolved0, read, write, base.workspace);
  const policy: ToolPolicy = {
    ...agent,
    skill: skill.slug,
    resolved,
    workspaceWritable: write.includes(base.workspace),
    carveOuts: [...new Set([...read, ...write])],
    hash: resolved.hash,
  };
  bases.set(policy, base);
  return policy;
}

/** The tool gate (src/sandbox/gate.ts): denied wins, then an `allowed` list must name the tool. */
export function gateTool(policy: ToolPolicy, tool: string): { allowed: boolean; reason: string } {
  const d = checkTool(policy.resolved, tool);
  return { allowed: d.decision === 'allow', reason: d.reason };
}

export { canonicalPath, hostMatches, isWithin };
