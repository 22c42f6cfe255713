import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type RunningGateway, startGateway } from '../../src/gateway/server.js';
import { startScriptedModel } from '../helpers/scripted-model.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'test-token-123';

async function setup(steps: Parameters<typeof startScriptedModel>[0], token: string | undefined = TOKEN) {
  const root = await tempDir('weft-gw-');
  const home = join(root, 'home');
  await mkdir(join(home, '.clawft', 'agents', 'dev'), { recursive: true });
  await writeFile(join(home, '.clawft', 'agents', 'dev', 'config.toml'), '[agent]\nmax_steps = 5\n');
  const model = await startScriptedModel(steps);
  const env = {
    HOME: home,
    CLAWFT_HOME: join(home, '.clawft'),
    WEFT_MODEL_BASE_URL: model.url,
    WEFT_MODEL: 'scripted',
  };
  const gw: RunningGateway = await startGateway({ host: '127.0.0.1', port: 0, token, env });
  after(async () => {
    await gw.shutdown(100);
    await model.close();
  });
  return { gw, model, home };
}

const post = (gw: RunningGateway, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${gw.url}/v1/agents/dev/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('gateway over real HTTP', () => {
  test('/health is live without auth; /ready reports config, store and sandbox', async () => {
    const { gw } = await setup([]);
    const h = await fetch(`${gw.url}/health`);
    assert.equal(h.status, 200);
    assert.equal(((await h.json()) as { status: string }).status, 'live');
    const r = await fetch(`${gw.url}/ready`);
    const body = (await r.json()) as { ok: boolean; data: { checks: { name: string; ok: boolean }[] } };
    assert.deepEqual(
      body.data.checks.map((c) => c.name),
      ['config', 'store', 'sandbox'],
    );
    assert.equal(body.data.checks[0]!.ok, true);
    assert.equal(body.data.checks[1]!.ok, true);
    assert.equal(r.status, body.ok ? 200 : 503);
    assert.equal(
      body.ok,
      body.data.checks.every((c) => c.ok),
    );
  });

  test('messages need the bearer token', async () => {
    const { gw, model } = await setup([]);
    const none = await post(gw, { message: 'hi' }, { authorization: '' });
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    const wrong = await post(gw, { message: 'hi' }, { authorization: 'Bearer nope' });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, 'E_AUTH_REQUIRED');
    assert.equal(model.requests.length, 0);
  });

  test('POST /v1/agents/{id}/messages runs a turn through the tools', async () => {
    const { gw, model } = await setup([
      { toolCalls: [{ name: 'Write', arguments: { path: 'hello.txt', content: 'hi from gateway' } }] },
      { content: 'Created hello.txt' },
    ]);
    const res = await post(gw, { message: 'make a file' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      ok: boolean;
      data: { reply: string; stopReason: string; steps: number };
    };
    assert.equal(body.ok, true);
    assert.equal(body.data.reply, 'Created hello.txt');
    assert.equal(body.data.stopReason, 'final');
    assert.equal(body.data.steps, 2);
    assert.equal(model.requests[0]!.body.messages.at(-1)?.content, 'make a file');
  });

  test('SSE streams the events, then the result', async () => {
    const { gw } = await setup([
      { toolCalls: [{ name: 'Glob', arguments: { pattern: '*' } }] },
      { content: 'none' },
    ]);
    const res = await post(gw, { message: 'list', stream: true });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const text = await res.text();
    const names = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    assert.deepEqual(names, [
      'start',
      'assistant',
      'tool_call',
      'tool_result',
      'assistant',
      'done',
      'result',
    ]);
    const result = JSON.parse(/event: result\ndata: (.*)\n/.exec(text)![1]!);
    assert.equal(result.reply, 'none');
  });

  test('bad bodies and bad agent ids are 400s; unknown agents 404', async () => {
    const { gw } = await setup([]);
    assert.equal((await post(gw, 'not json')).status, 400);
    assert.equal((await post(gw, { msg: 'x' })).status, 400);
    const bad = await fetch(`${gw.url}/v1/agents/BAD..ID/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x' }),
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'E_USAGE');
    const unknown = await fetch(`${gw.url}/v1/agents/nobody/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x' }),
    });
    assert.equal(unknown.status, 404, 'an agent without a config.toml is not created on demand');
  });

  test('refuses a non-loopback bind without a token', async () => {
    await assert.rejects(startGateway({ host: '0.0.0.0', port: 0 }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_AUTH_REQUIRED');
      assert.match(e.message, /WEFT_GATEWAY_TOKEN/);
      return true;
    });
  });

  test('graceful shutdown lets a running turn finish', async () => {
    const { gw, model } = await setup([{ content: 'slow answer', delayMs: 300 }]);
    const pending = post(gw, { message: 'slow' });
    // shut down only once the turn is in flight (the model has the request)
    while (model.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    const closed = gw.shutdown(5000);
    const res = await pending;
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { data: { reply: string } }).data.reply, 'slow answer');
    await closed;
    await assert.rejects(fetch(`${gw.url}/health`));
  });
});
