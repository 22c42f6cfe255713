import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createProvider, providerOptionsFromConfig } from '../../src/agent/provider.js';
import { parseAgentConfig } from '../../src/config/agent.js';
import { isWeftError } from '../../src/errors.js';
import { startScriptedModel } from '../helpers/scripted-model.js';

const tools = [
  {
    type: 'function' as const,
    function: { name: 'Read', description: 'read', parameters: { type: 'object', properties: {} } },
  },
];

describe('provider', () => {
  test('sends model, messages, tools and the bearer key; parses tool calls and usage', async () => {
    const model = await startScriptedModel([
      {
        toolCalls: [{ name: 'Read', arguments: { path: 'a.txt' } }],
        usage: { prompt_tokens: 7, completion_tokens: 3 },
      },
    ]);
    after(() => model.close());
    const p = createProvider({ baseUrl: model.url, model: 'm1', apiKey: 'sk-test' });
    const res = await p.chat({ messages: [{ role: 'user', content: 'hi' }], tools });
    assert.equal(res.finishReason, 'tool_calls');
    assert.equal(res.message.tool_calls?.[0]?.function.name, 'Read');
    assert.deepEqual(JSON.parse(res.message.tool_calls![0]!.function.arguments), { path: 'a.txt' });
    assert.deepEqual(res.usage, { promptTokens: 7, completionTokens: 3, totalTokens: 10 });
    const req = model.requests[0]!;
    assert.equal(req.headers.authorization, 'Bearer sk-test');
    assert.equal(req.body.model, 'm1');
    assert.equal(req.body.tools?.[0]?.function.name, 'Read');
    assert.equal(req.body.messages[0]?.content, 'hi');
  });

  test('retries 429 (honouring Retry-After) and 503, then succeeds', async () => {
    const model = await startScriptedModel([
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 503 },
      { content: 'done' },
    ]);
    after(() => model.close());
    const p = createProvider({ baseUrl: `${model.url}/`, model: 'm', backoffMs: 1 });
    const res = await p.chat({ messages: [{ role: 'user', content: 'x' }] });
    assert.equal(res.message.content, 'done');
    assert.equal(model.requests.length, 3);
  });

  test('gives up after maxRetries with a coded error', async () => {
    const model = await startScriptedModel([{ status: 500 }, { status: 500 }, { status: 500 }]);
    after(() => model.close());
    const p = createProvider({ baseUrl: model.url, model: 'm', backoffMs: 1, maxRetries: 1 });
    await assert.rejects(p.chat({ messages: [{ role: 'user', content: 'x' }] }), (e) => {
      assert.ok(isWeftError(e));
      assert.equal(e.code, 'E_MODEL_RESPONSE');
      assert.match(e.message, /HTTP 500/);
      return true;
    });
    assert.equal(model.requests.length, 2);
  });

  test('does not retry 400 or 401', async () => {
    const model = await startScriptedModel([{ status: 401 }, { status: 400 }]);
    after(() => model.close());
    const p = createProvider({ baseUrl: model.url, model: 'm', backoffMs: 1 });
    await assert.rejects(p.chat({ messages: [{ role: 'user', content: 'x' }] }), { code: 'E_AUTH_REQUIRED' });
    await assert.rejects(p.chat({ messages: [{ role: 'user', content: 'x' }] }), {
      code: 'E_MODEL_RESPONSE',
    });
    assert.equal(model.requests.length, 2);
  });

  test('times out slow responses', async () => {
    const model = await startScriptedModel([{ content: 'late', delayMs: 500 }]);
    after(() => model.close());
    const p = createProvider({ baseUrl: model.url, model: 'm', timeoutMs: 50, maxRetries: 0 });
    await assert.rejects(p.chat({ messages: [{ role: 'user', content: 'x' }] }), { code: 'E_TIMEOUT' });
  });

  test('rejects malformed bodies and reports unreachable hosts', async () => {
    const model = await startScriptedModel([{ rawBody: '{"choices":[]}' }]);
    after(() => model.close());
    const p = createProvider({ baseUrl: model.url, model: 'm' });
    await assert.rejects(p.chat({ messages: [{ role: 'user', content: 'x' }] }), {
      code: 'E_MODEL_RESPONSE',
    });
    await model.close();
    const dead = createProvider({ baseUrl: model.url, model: 'm', maxRetries: 0 });
    await assert.rejects(dead.chat({ messages: [{ role: 'user', content: 'x' }] }), {
      code: 'E_MODEL_UNREACHABLE',
    });
  });

  test('streaming assembles content and tool-call deltas', async () => {
    const model = await startScriptedModel([
      { content: 'hello world', toolCalls: [{ name: 'Glob', arguments: { pattern: '**/*.ts' } }] },
    ]);
    after(() => model.close());
    const p = createProvider({ baseUrl: model.url, model: 'm', stream: true });
    const res = await p.chat({ messages: [{ role: 'user', content: 'x' }], tools });
    assert.equal(model.requests[0]?.body.stream, true);
    assert.equal(res.message.content, 'hello world');
    assert.deepEqual(JSON.parse(res.message.tool_calls![0]!.function.arguments), { pattern: '**/*.ts' });
    assert.equal(res.finishReason, 'tool_calls');
    assert.equal(res.usage.totalTokens, 15);
  });

  test('options come from [model] config, env overrides, key from the named env var', () => {
    const cfg = parseAgentConfig(
      '[model]\nbase_url = "http://127.0.0.1:1/v1"\nname = "cfg-model"\napi_key_env = "MY_KEY"\n',
    );
    const o = providerOptionsFromConfig(cfg, { MY_KEY: 'k1' });
    assert.equal(o.baseUrl, 'http://127.0.0.1:1/v1');
    assert.equal(o.model, 'cfg-model');
    assert.equal(o.apiKey, 'k1');
    const o2 = providerOptionsFromConfig(cfg, {
      WEFT_MODEL: 'env-model',
      WEFT_MODEL_BASE_URL: 'http://x/v1',
    });
    assert.equal(o2.model, 'env-model');
    assert.equal(o2.baseUrl, 'http://x/v1');
    assert.equal(o2.apiKey, undefined);
    assert.throws(() => providerOptionsFromConfig(parseAgentConfig(''), {}), { code: 'E_CONFIG_INVALID' });
  });
});
