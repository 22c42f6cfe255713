import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type AgentEvent, runLoop } from '../../src/agent/loop.js';
import { createProvider } from '../../src/agent/provider.js';
import { BUILTIN_TOOLS } from '../../src/agent/tools/index.js';
import { agentFixture } from '../helpers/agent-ctx.js';
import { lastToolResult, startScriptedModel } from '../helpers/scripted-model.js';

const sys = { role: 'system' as const, content: 'test agent' };

describe('agent loop (scripted model)', () => {
  test('runs tool calls, feeds results back, stops on a final answer', async () => {
    const f = await agentFixture();
    const model = await startScriptedModel([
      {
        toolCalls: [
          { name: 'Write', arguments: { path: 'notes.md', content: 'alpha\n' } },
          { name: 'Read', arguments: { path: 'notes.md' } },
        ],
      },
      {
        expect: (req) => {
          assert.match(lastToolResult(req), /1\talpha/);
          assert.equal(req.body.messages.filter((m) => m.role === 'tool').length, 2);
        },
        content: 'Wrote notes.md.',
      },
    ]);
    after(() => model.close());
    const events: AgentEvent[] = [];
    const res = await runLoop({
      provider: createProvider({ baseUrl: model.url, model: 'scripted' }),
      tools: BUILTIN_TOOLS,
      ctx: f.ctx,
      messages: [sys, { role: 'user', content: 'write notes' }],
      limits: { maxSteps: 5 },
      onEvent: (e) => events.push(e),
    });
    assert.deepEqual(model.failures, []);
    assert.equal(res.stopReason, 'final');
    assert.equal(res.finalText, 'Wrote notes.md.');
    assert.equal(res.steps, 2);
    assert.deepEqual(res.usage, { promptTokens: 20, completionTokens: 10, totalTokens: 30 });
    assert.equal(await readFile(join(f.workspace, 'notes.md'), 'utf8'), 'alpha\n');
    assert.deepEqual(
      events.map((e) => e.type),
      ['start', 'assistant', 'tool_call', 'tool_result', 'tool_call', 'tool_result', 'assistant', 'done'],
    );
    // the model was offered every built-in tool with a JSON schema
    const offered = model.requests[0]!.body.tools!.map((t) => t.function.name);
    assert.deepEqual(offered, [
      'Read',
      'Write',
      'Edit',
      'Glob',
      'Grep',
      'Bash',
      'WebFetch',
      'WebSearch',
      'Skill',
    ]);
  });

  test('a denied tool call is returned to the model as an error and the loop goes on', async () => {
    const f = await agentFixture();
    const model = await startScriptedModel([
      { toolCalls: [{ name: 'Read', arguments: { path: '/etc/passwd' } }] },
      {
        expect: (req) => assert.match(lastToolResult(req), /E_PATH_DENIED/),
        content: 'Denied, as expected.',
      },
    ]);
    after(() => model.close());
    const events: AgentEvent[] = [];
    const res = await runLoop({
      provider: createProvider({ baseUrl: model.url, model: 'scripted' }),
      tools: BUILTIN_TOOLS,
      ctx: f.ctx,
      messages: [sys, { role: 'user', content: 'read passwd' }],
      limits: { maxSteps: 5 },
      onEvent: (e) => events.push(e),
    });
    assert.deepEqual(model.failures, []);
    assert.equal(res.stopReason, 'final');
    const tr = events.find((e) => e.type === 'tool_result');
    assert.equal(tr?.type === 'tool_result' && tr.error?.code, 'E_PATH_DENIED');
  });

  test('max steps, token budget, time budget and abort stop the loop', async () => {
    const f = await agentFixture();
    const glob = { toolCalls: [{ name: 'Glob', arguments: { pattern: '*' } }] };
    const run = async (
      steps: Parameters<typeof startScriptedModel>[0],
      limits: Parameters<typeof runLoop>[0]['limits'],
      signal?: AbortSignal,
    ) => {
      const model = await startScriptedModel(steps);
      after(() => model.close());
      return runLoop({
        provider: createProvider({ baseUrl: model.url, model: 'scripted', maxRetries: 0 }),
        tools: BUILTIN_TOOLS,
        ctx: f.ctx,
        messages: [sys, { role: 'user', content: 'loop' }],
        limits,
        ...(signal ? { signal } : {}),
      });
    };
    assert.equal((await run([glob, glob, glob], { maxSteps: 2 })).stopReason, 'max_steps');
    const big = { ...glob, usage: { prompt_tokens: 600, completion_tokens: 500 } };
    const tb = await run([big, big], { maxSteps: 10, maxTokens: 1000 });
    assert.equal(tb.stopReason, 'token_budget');
    assert.equal(tb.steps, 1);
    assert.equal(
      (await run([{ ...glob, delayMs: 400 }], { maxSteps: 10, maxMs: 100 })).stopReason,
      'time_budget',
    );
    const ac = new AbortController();
    ac.abort();
    assert.equal((await run([glob], { maxSteps: 10 }, ac.signal)).stopReason, 'aborted');
  });

  test('a model API error ends the turn with a coded error', async () => {
    const f = await agentFixture();
    const model = await startScriptedModel([{ status: 400 }]);
    after(() => model.close());
    const res = await runLoop({
      provider: createProvider({ baseUrl: model.url, model: 'scripted' }),
      tools: BUILTIN_TOOLS,
      ctx: f.ctx,
      messages: [sys, { role: 'user', content: 'x' }],
      limits: { maxSteps: 3 },
    });
    assert.equal(res.stopReason, 'error');
    assert.equal(res.error?.code, 'E_MODEL_RESPONSE');
  });
});
