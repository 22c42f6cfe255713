import type { z } from 'zod';
import type { AuditEvent } from '../../sandbox/audit.js';
import type { ToolPolicy } from './policy.js';

/** One audit record: the sandbox module's SPEC §5 shape, shared by the agent's own events. */
export type { AuditEvent };

export type AuditSink = (event: AuditEvent) => void;

export interface ToolContext {
  runId: string;
  agentId: string;
  /** the agent's own policy; a skill-scoped call narrows it (agent ∩ skill) */
  policy: ToolPolicy;
  audit: AuditSink;
  signal?: AbortSignal;
  env: NodeJS.ProcessEnv;
  /** resolve an installed skill by slug, for skill-scoped calls and the Skill tool */
  skills: SkillAccess;
}

export interface InstalledSkillRef {
  slug: string;
  name: string;
  description: string;
  dir: string;
}

export interface SkillAccess {
  list(): InstalledSkillRef[];
  /** the effective policy for the skill's scripts (agent ∩ skill); throws E_SKILL_NOT_FOUND */
  policyFor(slug: string): Promise<ToolPolicy>;
  /** SKILL.md body, loaded on use; may trigger auto-search and install when missing */
  load(slug: string, ctx: ToolContext): Promise<{ slug: string; body: string; dir: string }>;
}

export interface ToolResult {
  /** the text the model sees */
  output: string;
  /** structured data for events and the gateway */
  data?: Record<string, unknown>;
}

export interface ToolInvocation<A> {
  args: A;
  /** the policy for this call (the agent's, or agent ∩ skill) */
  policy: ToolPolicy;
  ctx: ToolContext;
  /** record an audit event with this call's run, agent, skill, tool and policy filled in */
  audit(e: Pick<AuditEvent, 'event' | 'decision' | 'reason'> & Partial<AuditEvent>): void;
}

export interface Tool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  /** which optional `skill` argument, if any, scopes the call to a skill's policy */
  skillScoped?: boolean;
  run(call: ToolInvocation<z.output<S>>): Promise<ToolResult>;
}
