import { z } from 'zod';
import { toWeftError, WeftError } from '../../errors.js';
import type { ToolCall, ToolSpec } from '../provider.js';
import { bashTool } from './bash.js';
import { editTool } from './edit.js';
import { globTool } from './glob.js';
import { grepTool } from './grep.js';
import { gateTool, type ToolPolicy } from './policy.js';
import { readTool } from './read.js';
import { skillTool } from './skill.js';
import type { AuditEvent, Tool, ToolContext, ToolInvocation } from './types.js';
import { webFetchTool } from './web-fetch.js';
import { webSearchTool } from './web-search.js';
import { writeTool } from './write.js';

export const BUILTIN_TOOLS: Tool[] = [
  readTool,
  writeTool,
  editTool,
  globTool,
  grepTool,
  bashTool,
  webFetchTool,
  webSearchTool,
  skillTool,
] as Tool[];

/** OpenAI `tools` entries, with JSON Schema generated from each tool's zod schema. */
export function toolSpecs(tools: Tool[]): ToolSpec[] {
  return tools.map((t) => {
    const { $schema: _drop, ...parameters } = z.toJSONSchema(t.schema) as Record<string, unknown>;
    return { type: 'function', function: { name: t.name, description: t.description, parameters } };
  });
}

export interface ToolOutcome {
  ok: boolean;
  output: string;
  data?: Record<string, unknown>;
  error?: { code: string; message: string };
  skill: string | null;
  durationMs: number;
}

/**
 * One tool call: parse arguments, pick the policy (agent, or agent ∩ skill),
 * pass the gate, run, audit. Errors become a result the model can read; they
 * never escape into the loop.
 */
export async function executeToolCall(call: ToolCall, tools: Tool[], ctx: ToolContext): Promise<ToolOutcome> {
  const started = Date.now();
  const name = call.function.name;
  let skill: string | null = null;
  let policy: ToolPolicy = ctx.policy;
  const auditWith =
    (tool: string) =>
    (e: Pick<AuditEvent, 'event' | 'decision' | 'reason'> & Partial<AuditEvent>): void =>
      ctx.audit({
        ts: new Date().toISOString(),
        runId: ctx.runId,
        agentId: ctx.agentId,
        skill,
        tool,
        policyHash: policy.hash,
        backend: null,
        layers: [],
        detail: {},
        ...e,
      });
  const fail = (err: unknown): ToolOutcome => {
    const e = toWeftError(err);
    auditWith(name)({
      event: 'tool.result',
      decision: 'info',
      reason: `error ${e.code}`,
      detail: { ok: false, code: e.code, durationMs: Date.now() - started },
    });
    return {
      ok: false,
      output: `error ${e.code}: ${e.message}`,
      error: { code: e.code, message: e.message },
      skill,
      durationMs: Date.now() - started,
    };
  };
  try {
    const tool = tools.find((t) => t.name === name);
    if (!tool) throw new WeftError('E_TOOL_INPUT', `unknown tool ${JSON.stringify(name)}`);
    let raw: unknown;
    try {
      raw = JSON.parse(call.function.arguments || '{}');
    } catch {
      throw new WeftError('E_TOOL_INPUT', `arguments for ${name} are not valid JSON`);
    }
    const parsed = tool.schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new WeftError(
        'E_TOOL_INPUT',
        `${name}: ${issue.path.join('.') || 'arguments'}: ${issue.message}`,
      );
    }
    const args = parsed.data as Record<string, unknown>;
    if (tool.skillScoped && typeof args.skill === 'string') {
      skill = args.skill;
      policy = await ctx.skills.policyFor(args.skill);
    }
    const gate = gateTool(policy, name);
    auditWith(name)({ event: 'tool.gate', decision: gate.allowed ? 'allow' : 'deny', reason: gate.reason });
    if (!gate.allowed)
      throw new WeftError('E_TOOL_DENIED', `tool ${name} denied: ${gate.reason}`, { tool: name });
    const invocation: ToolInvocation<unknown> = { args, policy, ctx, audit: auditWith(name) };
    const res = await tool.run(invocation);
    auditWith(name)({
      event: 'tool.result',
      decision: 'info',
      reason: 'ok',
      detail: { ok: true, durationMs: Date.now() - started },
    });
    return {
      ok: true,
      output: res.output,
      ...(res.data ? { data: res.data } : {}),
      skill,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    return fail(err);
  }
}
