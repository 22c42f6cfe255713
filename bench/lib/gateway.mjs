// Runs one gateway under measurement: start, wait for health, idle RSS, bounded
// load through the agent endpoint (scripted model on 127.0.0.1), stop.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedLoop } from './load.mjs';
import { startModelServer } from './model-server.mjs';
import { sampleTree } from './rss.mjs';
import { round } from './stats.mjs';

/** A free port on 127.0.0.1 (for CLIs that take --port but cannot report an ephemeral one). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * How to drive `weft gateway`: the flags and endpoints from issue 8
 * (`--port`, `--host`, `/health`, `POST /v1/agents/{id}/messages`). A bench agent
 * is written to CLAWFT_HOME with the scripted model as its provider.
 */
export const weftGateway = {
  id: 'weft',
  readyTimeoutMs: 30_000,
  prepare(subject, model, port) {
    const clawftHome = subject.env.CLAWFT_HOME;
    const dir = join(clawftHome, 'agents', 'bench');
    mkdirSync(join(dir, 'workspace'), { recursive: true });
    writeFileSync(
      join(dir, 'config.toml'),
      [
        '[agent]',
        'id = "bench"',
        'max_steps = 4',
        '',
        '[model]',
        `base_url = "${model.baseUrl}"`,
        'name = "bench-model"',
        'api_key_env = "BENCH_MODEL_KEY"',
        '',
      ].join('\n'),
    );
    const token = process.env.BENCH_GATEWAY_TOKEN;
    return {
      args: ['gateway', '--port', String(port), '--host', '127.0.0.1'],
      env: { ...subject.env, BENCH_MODEL_KEY: 'bench', ...(token ? { WEFT_GATEWAY_TOKEN: token } : {}) },
      healthUrl: `http://127.0.0.1:${port}/health`,
      message: {
        url: `http://127.0.0.1:${port}/v1/agents/bench/messages`,
        init: {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ message: 'ping' }),
        },
      },
    };
  },
};

async function waitHealthy(url, child, timeoutMs) {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null)
      return { ok: false, reason: `exited (${child.exitCode ?? child.signalCode}) before healthy` };
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.ok) return { ok: true, ms: performance.now() - t0 };
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  return { ok: false, reason: `not healthy within ${timeoutMs} ms` };
}

async function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const t = await Promise.race([exited.then(() => 'exit'), sleep(5000).then(() => 'timeout')]);
  if (t === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }
}

/**
 * One gateway lifetime. Returns ready time, idle tree RSS, and (when `load` is
 * given) messages/s, latency and peak tree RSS during the load phase.
 */
export async function gatewaySession(adapter, subject, { idleMs = 2000, load } = {}) {
  const model = await startModelServer();
  const port = await freePort();
  const plan = adapter.prepare(subject, model, port);
  const t0 = performance.now();
  // Own process group, so stopping it also stops any workers it forked, and nothing else.
  const child = spawn(subject.command, [...subject.prefix, ...plan.args], {
    cwd: subject.cwd,
    env: plan.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d) => {
    output = (output + d.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const sampler = sampleTree(child.pid);
  const result = { subject: adapter.id };
  try {
    const ready = await waitHealthy(plan.healthUrl, child, adapter.readyTimeoutMs);
    if (!ready.ok) {
      result.status = 'failed';
      result.reason = `${ready.reason}: ${output.trim().split('\n').slice(-3).join(' | ')}`;
      return result;
    }
    result.readyMs = round(performance.now() - t0, 1);
    result.startupPeakKiB = sampler.current().kib;
    await sleep(idleMs);
    const idle = sampler.current();
    result.idleRssKiB = idle.kib;
    result.idleProcesses = idle.processes;
    if (load) {
      // Warmup: a few sequential messages first, so the measured phase is steady
      // state (both gateways load their agent runtime lazily on the first message).
      const warm = await closedLoop({
        url: plan.message.url,
        init: plan.message.init,
        concurrency: 1,
        maxRequests: load.warmup ?? 3,
        maxMs: adapter.warmupTimeoutMs ?? 60_000,
      });
      result.warmup = {
        sent: warm.sent,
        succeeded: warm.succeeded,
        firstMs: warm.firstMs,
        latencyMs: warm.latencyMs,
        firstError: warm.firstError,
      };
      if (warm.succeeded === 0) {
        result.status = 'failed';
        result.reason = `no warmup message succeeded: ${warm.firstError ?? 'timed out'}`;
        return result;
      }
      sampler.reset();
      const before = model.requests();
      const r = await closedLoop({ url: plan.message.url, init: plan.message.init, ...load });
      const s = sampler.stop();
      result.load = {
        ...r,
        modelCalls: model.requests() - before,
        peakTreeRssKiB: s.peakTreeRssKiB,
        processes: s.processes,
      };
      if (r.succeeded === 0) {
        result.status = 'failed';
        result.reason = `no message succeeded: ${r.firstError}`;
        return result;
      }
    }
    result.status = 'ok';
    return result;
  } finally {
    sampler.stop();
    await stopGroup(child);
    await model.close();
  }
}
