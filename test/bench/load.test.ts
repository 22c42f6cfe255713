import assert from 'node:assert/strict';
import { test } from 'node:test';

const lib = (rel: string) => import(new URL(`../../bench/lib/${rel}`, import.meta.url).href);

test('the scripted model answers chat completions, plain and streamed, on 127.0.0.1', async () => {
  const { startModelServer } = await lib('model-server.mjs');
  const model = await startModelServer();
  try {
    assert.match(model.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const plain = await fetch(`${model.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await plain.json()) as { model: string; choices: { message: { content: string } }[] };
    assert.equal(body.choices[0]?.message.content, 'pong');
    assert.equal(body.model, 'm');
    const streamed = await fetch(`${model.baseUrl}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, messages: [] }),
    });
    assert.equal(streamed.headers.get('content-type'), 'text/event-stream');
    const text = await streamed.text();
    assert.match(text, /"content":"pong"/);
    assert.match(text, /data: \[DONE\]\n\n$/);
    assert.equal(model.requests(), 2);
    assert.equal((await fetch(`${model.url}/nope`)).status, 404);
  } finally {
    await model.close();
  }
});

test('closedLoop stops at the request bound and counts every call', async () => {
  const { startModelServer } = await lib('model-server.mjs');
  const { closedLoop } = await lib('load.mjs');
  const model = await startModelServer();
  try {
    const r = await closedLoop({
      url: `${model.baseUrl}/chat/completions`,
      init: { method: 'POST', body: '{}' },
      concurrency: 3,
      maxRequests: 25,
      maxMs: 10_000,
    });
    assert.equal(r.sent, 25);
    assert.equal(r.succeeded, 25);
    assert.equal(r.failed, 0);
    assert.equal(model.requests(), 25);
    assert.ok(r.latencyMs.p50 <= r.latencyMs.p99);
  } finally {
    await model.close();
  }
});

test('closedLoop counts HTTP errors as failures and keeps the first one', async () => {
  const { startModelServer } = await lib('model-server.mjs');
  const { closedLoop } = await lib('load.mjs');
  const model = await startModelServer();
  try {
    const r = await closedLoop({
      url: `${model.url}/missing`,
      init: {},
      concurrency: 1,
      maxRequests: 3,
      maxMs: 5000,
    });
    assert.equal(r.succeeded, 0);
    assert.equal(r.failed, 3);
    assert.match(r.firstError, /^HTTP 404/);
  } finally {
    await model.close();
  }
});

test('closedLoop refuses any target but 127.0.0.1', async () => {
  const { closedLoop } = await lib('load.mjs');
  await assert.rejects(closedLoop({ url: 'http://example.com/', init: {} }), /only target 127\.0\.0\.1/);
  await assert.rejects(
    closedLoop({ url: 'http://127.0.0.1.evil.test/', init: {} }),
    /only target 127\.0\.0\.1/,
  );
});
