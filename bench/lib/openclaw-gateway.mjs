// How to drive `openclaw gateway run` offline for the side-by-side gateway numbers.
// OpenClaw's gateway is WebSocket-first; its documented OpenAI-compatible HTTP
// surface (`POST /v1/chat/completions`, off by default) runs "a normal Gateway agent
// run (same codepath as `openclaw agent`)", so it is the like-for-like counterpart
// of weft's agent message endpoint. The provider is our scripted model server,
// declared as a custom `openai-completions` provider on 127.0.0.1.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openclawSubject } from './openclaw.mjs';

const TOKEN = 'clawft-bench-token';

export function openclawGatewayConfig(model, port) {
  return {
    gateway: {
      mode: 'local',
      bind: 'loopback',
      port,
      auth: { mode: 'token', token: TOKEN },
      http: { endpoints: { chatCompletions: { enabled: true } } },
    },
    models: {
      mode: 'merge',
      providers: {
        bench: {
          baseUrl: model.baseUrl,
          apiKey: 'bench',
          api: 'openai-completions',
          models: [
            {
              id: 'bench-model',
              name: 'Scripted bench model',
              reasoning: false,
              input: ['text'],
              cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
              contextWindow: 32768,
              maxTokens: 1024,
            },
          ],
        },
      },
    },
    agents: { defaults: { model: { primary: 'bench/bench-model' } } },
  };
}

export const openclawGateway = {
  id: 'openclaw',
  // One session: OpenClaw's gateway takes tens of seconds to become healthy here.
  sessions: Number(process.env.BENCH_OPENCLAW_GATEWAY_SESSIONS) || 1,
  readyTimeoutMs: 180_000,
  retries: 2,
  // A failed start leaves a state lease behind that blocks the next start in the same HOME.
  freshSubject: () => openclawSubject(),
  // Its first agent turn took 60-100 s here (lazy runtime load under a loaded 2-core host).
  warmupTimeoutMs: 240_000,
  prepare(subject, model, port) {
    writeFileSync(
      subject.env.OPENCLAW_CONFIG_PATH,
      `${JSON.stringify(openclawGatewayConfig(model, port), null, 2)}\n`,
    );
    return {
      args: [
        'gateway',
        'run',
        '--port',
        String(port),
        '--bind',
        'loopback',
        '--auth',
        'token',
        '--token',
        TOKEN,
      ],
      env: { ...subject.env, OPENCLAW_GATEWAY_TOKEN: TOKEN },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      message: {
        url: `http://127.0.0.1:${port}/v1/chat/completions`,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ model: 'openclaw', messages: [{ role: 'user', content: 'ping' }] }),
        },
      },
    };
  },
};

export const openclawConfigPath = (home) => join(home, '.openclaw', 'openclaw.json');
