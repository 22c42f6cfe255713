/**
 * npm run bench:gateway: gateway cold start (spawn -> first /health answer) and turn throughput
 * through the whole agent pipeline (HTTP -> runAgent -> scripted model -> Write tool -> audit).
 * Writes bench/results/gateway.{json,md}. The scripted model answers instantly, so the turn numbers
 * measure clawft's own overhead, not a model's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway } from '../src/gateway/server.js';
import { startScriptedModel } from '../test/helpers/scripted-model.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TURNS = Number(process.env.BENCH_TURNS ?? 60);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

function coldNode(): number {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - t;
}

function coldHealth(home: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, 'gateway', '--port', '0', '--json'], {
      env: { ...process.env, CLAWFT_HOME: home, WEFT_GATEWAY_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let buf = '';
    child.stdout.on('data', async (d) => {
      buf += d;
      if (!buf.includes('\n')) return;
      const { url } = JSON.parse(buf.split('\n')[0]!) as { url: string };
      const res = await fetch(`${url}/health`);
      const ms = performance.now() - t0;
      child.kill('SIGTERM');
      child.on('exit', () => (res.ok ? resolve(ms) : reject(new Error(`health ${res.status}`))));
    });
    child.on('error', reject);
  });
}

async function turns(
  home: string,
  concurrency: number,
): Promise<{ perSec: number; p50: number; p99: number }> {
  const step = () => [
    { toolCalls: [{ name: 'Write', arguments: { path: 'bench.txt', content: 'x' } }] },
    { content: 'done' },
  ];
  const model = await startScriptedModel(Array.from({ length: TURNS }, step).flat());
  const env = {
    HOME: home,
    CLAWFT_HOME: join(home, '.clawft'),
    WEFT_MODEL_BASE_URL: model.url,
    WEFT_MODEL: 'bench',
  };
  const gw = await startGateway({ host: '127.0.0.1', port: 0, env, maxConcurrent: 64 });
  const lat: number[] = [];
  // one warm-up turn loads the agent runtime
  model.push(...step());
  await fetch(`${gw.url}/v1/agents/bench/messages`, {
    method: 'POST',
    body: JSON.stringify({ message: 'warm' }),
  });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      // each worker uses its own agent so turns do not share a workspace
      while (next < TURNS) {
        next++;
        const t = performance.now();
        const r = await fetch(`${gw.url}/v1/agents/bench${w}/messages`, {
          method: 'POST',
          body: JSON.stringify({ message: 'write' }),
        });
        await r.json();
        lat.push(performance.now() - t);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  await gw.shutdown(100);
  await model.close();
  return { perSec: TURNS / secs, p50: median(lat), p99: pct(lat, 99) };
}

const home = mkdtempSync(join(tmpdir(), 'weft-bench-gw-'));
mkdirSync(join(home, '.clawft'), { recursive: true });
try {
  const load0 = loadavg()[0]!;
  const node: number[] = [];
  const health: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(coldNode());
    health.push(await coldHealth(join(home, '.clawft')));
  }
  const seq = await turns(home, 1);
  const par = await turns(home, 4);
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadavg1m: [load0, loadavg()[0]!],
    },
    runs: RUNS,
    coldStart: {
      nodeBaselineMedianMs: median(node),
      gatewayFirstHealthMedianMs: median(health),
      gatewayFirstHealthMaxMs: Math.max(...health),
    },
    turns: { count: TURNS, sequential: seq, concurrency4: par },
  };
  writeFileSync(join(ROOT, 'bench/results/gateway.json'), `${JSON.stringify(result, null, 2)}\n`);
  const f = (n: number) => n.toFixed(1);
  const md = [
    '# Gateway benchmark',
    '',
    `${result.date}, ${result.machine.cpus} CPUs (${result.machine.cpu}), node ${result.machine.node}, load ${result.machine.loadavg1m.map((x) => x.toFixed(1)).join(' -> ')}`,
    '',
    '| metric | value |',
    '|---|---|',
    `| \`node -e 0\` (baseline), median of ${RUNS} | ${f(result.coldStart.nodeBaselineMedianMs)} ms |`,
    `| \`weft gateway\` spawn -> first /health 200, median | ${f(result.coldStart.gatewayFirstHealthMedianMs)} ms |`,
    `| same, max | ${f(result.coldStart.gatewayFirstHealthMaxMs)} ms |`,
    `| turns/s, sequential (${TURNS} turns, 2 model calls + Write each) | ${f(seq.perSec)} (p50 ${f(seq.p50)} ms, p99 ${f(seq.p99)} ms) |`,
    `| turns/s, 4 concurrent | ${f(par.perSec)} (p50 ${f(par.p50)} ms, p99 ${f(par.p99)} ms) |`,
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench/results/gateway.md'), md);
  process.stdout.write(md);
} finally {
  rmSync(home, { recursive: true, force: true });
}
