import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createSkillAccess } from '../../src/agent/skills.js';
import { BUILTIN_TOOLS, executeToolCall, type ToolOutcome } from '../../src/agent/tools/index.js';
import { resolveAgentToolPolicy } from '../../src/agent/tools/policy.js';
import type { AuditEvent, ToolContext } from '../../src/agent/tools/types.js';
import { type SandboxSection, SandboxSectionSchema } from '../../src/config/policy-schema.js';
import { tempDir } from './tmp.js';

export interface AgentFixture {
  root: string;
  home: string;
  stateHome: string;
  workspace: string;
  events: AuditEvent[];
  ctx: ToolContext;
  call(name: string, args: Record<string, unknown>): Promise<ToolOutcome>;
}

/** A tool context over a temp CLAWFT_HOME and fake $HOME, recording audit events in memory. */
export async function agentFixture(
  opts: { agentId?: string; sandbox?: Record<string, unknown>; env?: NodeJS.ProcessEnv } = {},
): Promise<AgentFixture> {
  const root = await tempDir('weft-agent-');
  const home = join(root, 'home');
  const stateHome = join(home, '.clawft');
  const agentId = opts.agentId ?? 'alpha';
  const workspace = join(stateHome, 'agents', agentId, 'workspace');
  await mkdir(workspace, { recursive: true });
  const section: SandboxSection = SandboxSectionSchema.parse(opts.sandbox ?? {});
  const policy = resolveAgentToolPolicy({
    agentId,
    section,
    workspace,
    stateHome,
    home,
    env: { HOME: home, CLAWFT_HOME: stateHome },
  });
  const events: AuditEvent[] = [];
  const skills = createSkillAccess({
    workdir: workspace,
    agentPolicy: policy,
    initial: [],
    autoSearch: false,
  });
  const ctx: ToolContext = {
    runId: 'run-test',
    agentId,
    policy,
    audit: (e) => events.push(e),
    env: { ...opts.env },
    skills,
  };
  let seq = 0;
  return {
    root,
    home,
    stateHome,
    workspace: policy.workspace,
    events,
    ctx,
    call: (name, args) =>
      executeToolCall(
        { id: `c${++seq}`, type: 'function', function: { name, arguments: JSON.stringify(args) } },
        BUILTIN_TOOLS,
        ctx,
      ),
  };
}
