import { toWeftError } from '../errors.js';
import type { ChatMessage, Provider, Usage } from './provider.js';
import { executeToolCall, toolSpecs } from './tools/index.js';
import type { Tool, ToolContext } from './tools/types.js';

/**
 * The agent loop: ask the model, run the tool calls it makes (each through
 * the gate and policy), feed the results back, until the model answers
 * without tool calls or a limit stops it. State lives in the values passed
 * in and returned; events report progress as it happens.
 */

export type StopReason = 'final' | 'max_steps' | 'token_budget' | 'time_budget' | 'aborted' | 'error';

export interface LoopLimits {
  maxSteps: number;
  /** total tokens (prompt + completion) over the whole turn */
  maxTokens?: number;
  /** wall time for the whole turn */
  maxMs?: number;
}

export type AgentEvent =
  | { type: 'start'; runId: string; agentId: string; model: string; ts: string }
  | {
      type: 'assistant';
      step: number;
      content: string | null;
      toolCalls: { id: string; name: string; arguments: string }[];
      usage: Usage;
    }
  | { type: 'tool_call'; step: number; id: string; name: string; arguments: string }
  | {
      type: 'tool_result';
      step: number;
      id: string;
      name: string;
      ok: boolean;
      skill: string | null;
      output: string;
      error?: { code: string; message: string };
      durationMs: number;
    }
  | {
      type: 'done';
      stopReason: StopReason;
      finalText: string | null;
      steps: number;
      usage: Usage;
      durationMs: number;
    }
  | { type: 'error'; error: { code: string; message: string } };

export interface LoopInput {
  provider: Provider;
  tools: Tool[];
  ctx: ToolContext;
  /** the conversation so far, system prompt first; the new user message last */
  messages: ChatMessage[];
  limits: LoopLimits;
  temperature?: number;
  onEvent?: (e: AgentEvent) => void;
  signal?: AbortSignal;
}

export interface LoopResult {
  runId: string;
  messages: ChatMessage[];
  stopReason: StopReason;
  finalText: string | null;
  steps: number;
  usage: Usage;
  durationMs: number;
  error?: { code: string; message: string };
}

/** Tool output is clipped before it reaches the model; the full text stays in the event. */
const MAX_TOOL_MESSAGE_CHARS = 50_000;

export async function runLoop(input: LoopInput): Promise<LoopResult> {
  const { provider, tools, ctx, limits } = input;
  const emit = input.onEvent ?? (() => {});
  const started = Date.now();
  const messages = [...input.messages];
  const usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  const specs = toolSpecs(tools);
  const timeSignal = limits.maxMs ? AbortSignal.timeout(limits.maxMs) : undefined;
  const signals = [input.signal, timeSignal].filter((s): s is AbortSignal => Boolean(s));
  const signal = signals.length ? AbortSignal.any(signals) : undefined;
  const loopCtx: ToolContext = signal ? { ...ctx, signal } : ctx;
  let steps = 0;
  let finalText: string | null = null;

  emit({
    type: 'start',
    runId: ctx.runId,
    agentId: ctx.agentId,
    model: provider.model,
    ts: new Date().toISOString(),
  });

  const finish = (stopReason: StopReason, error?: { code: string; message: string }): LoopResult => {
    const durationMs = Date.now() - started;
    if (error) emit({ type: 'error', error });
    emit({ type: 'done', stopReason, finalText, steps, usage: { ...usage }, durationMs });
    return {
      runId: ctx.runId,
      messages,
      stopReason,
      finalText,
      steps,
      usage,
      durationMs,
      ...(error ? { error } : {}),
    };
  };
  const stopFor = (): StopReason | undefined => {
    if (input.signal?.aborted) return 'aborted';
    if (timeSignal?.aborted) return 'time_budget';
    return undefined;
  };

  while (steps < limits.maxSteps) {
    const early = stopFor();
    if (early) return finish(early);
    if (limits.maxTokens !== undefined && usage.totalTokens >= limits.maxTokens)
      return finish('token_budget');
    steps++;
    let res: Awaited<ReturnType<Provider['chat']>>;
    try {
      res = await provider.chat(
        {
          messages,
          tools: specs,
          ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
        },
        signal,
      );
    } catch (err) {
      const reason = stopFor();
      if (reason) return finish(reason);
      const e = toWeftError(err);
      return finish('error', { code: e.code, message: e.message });
    }
    usage.promptTokens += res.usage.promptTokens;
    usage.completionTokens += res.usage.completionTokens;
    usage.totalTokens += res.usage.totalTokens;
    messages.push(res.message);
    const calls = res.message.tool_calls ?? [];
    emit({
      type: 'assistant',
      step: steps,
      content: res.message.content,
      toolCalls: calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
      usage: res.usage,
    });
    if (res.message.content) finalText = res.message.content;
    if (calls.length === 0) return finish('final');

    // Tool calls run one after another: they share a workspace, and ordering keeps the audit log readable.
    for (const call of calls) {
      emit({
        type: 'tool_call',
        step: steps,
        id: call.id,
        name: call.function.name,
        arguments: call.function.arguments,
      });
      const out = await executeToolCall(call, tools, loopCtx);
      emit({
        type: 'tool_result',
        step: steps,
        id: call.id,
        name: call.function.name,
        ok: out.ok,
        skill: out.skill,
        output: out.output,
        ...(out.error ? { error: out.error } : {}),
        durationMs: out.durationMs,
      });
      const content =
        out.output.length > MAX_TOOL_MESSAGE_CHARS
          ? `${out.output.slice(0, MAX_TOOL_MESSAGE_CHARS)}\n(truncated)`
          : out.output;
      messages.push({ role: 'tool', tool_call_id: call.id, content });
    }
    if (limits.maxTokens !== undefined && usage.totalTokens >= limits.maxTokens)
      return finish('token_budget');
  }
  return finish(stopFor() ?? 'max_steps');
}
