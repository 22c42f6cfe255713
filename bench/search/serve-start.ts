/**
 * npm run bench:hub-start [-- runs]: how fast `weft hub serve` (embedded store) answers its first
 * /health, and when its embedding model is loaded, on a new --data directory (restored from the
 * shipped store snapshot) and on an existing one. Runs the built CLI (the script builds first).
 * Writes bench/results/hub-start.{json,md}.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.argv[2] ?? 3);

export interface ServeStart {
  listenMs: number;
  /** First 200 from GET /health. */
  healthMs: number;
  modelMs: number | null;
}

export async function measureServeStart(dataDir: string): Promise<ServeStart> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [join(root, 'dist/cli/main.js'), 'hub', 'serve', '--port', '0', '--data', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WEFT_EMBEDDER: 'local' },
    },
  );
  let listenMs = -1;
  let healthMs = -1;
  let modelMs: number | null = null;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('hub did not start within 300 s'));
    }, 300_000);
    const check = () => {
      if (healthMs >= 0 && modelMs !== null) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', (b: Buffer) => {
      const m = /listening on (http:\/\/\S+)/.exec(b.toString());
      if (listenMs < 0 && m) {
        listenMs = performance.now() - t0;
        void fetch(`${m[1]}/health`).then(async (r) => {
          await r.arrayBuffer();
          if (r.status === 200) healthMs = performance.now() - t0;
          check();
        }, reject);
      }
      check();
    });
    child.stderr.on('data', (b: Buffer) => {
      const s = b.toString();
      if (s.includes('embedding model loaded') || s.includes('semantic search unavailable'))
        modelMs = performance.now() - t0;
      check();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (listenMs < 0) reject(new Error(`hub exited with ${code}`));
      else resolve();
    });
  });
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { listenMs, healthMs, modelMs };
}

const round = (x: number | null) => (x === null ? null : Math.round(x));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = mkdtempSync(join(tmpdir(), 'weft-serve-start-'));
  const fresh: ServeStart[] = [];
  const existing: ServeStart[] = [];
  const load = [loadavg()[0]!];
  try {
    // Side by side: a new store, then the same store again, `runs` times.
    for (let i = 0; i < runs; i++) {
      const data = join(dir, `data-${i}`);
      fresh.push(await measureServeStart(data));
      existing.push(await measureServeStart(data));
      load.push(loadavg()[0]!);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const summary = (xs: ServeStart[]) => ({
    healthMsMedian: median(xs.map((x) => x.healthMs)),
    modelMsMedian: median(xs.map((x) => x.modelMs ?? Number.NaN)),
    runs: xs.map((x) => ({
      listenMs: round(x.listenMs),
      healthMs: round(x.healthMs),
      modelMs: round(x.modelMs),
    })),
  });
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadavg1m: load.map((x) => Math.round(x * 10) / 10),
    newStore: summary(fresh),
    existingStore: summary(existing),
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/hub-start.json'), `${JSON.stringify(out, null, 2)}\n`);
  const row = (name: string, s: ReturnType<typeof summary>) =>
    `| ${name} | ${Math.round(s.healthMsMedian)} | ${Math.round(s.modelMsMedian)} | ${s.runs.map((r) => `${r.healthMs}/${r.modelMs}`).join(', ')} |`;
  const md = [
    `# weft hub serve start (${out.date}, Node ${out.node}, ${out.cpus} CPUs)`,
    '',
    `Load average (1 min) during the runs: ${out.loadavg1m.join(', ')} (other jobs share the machine).`,
    '',
    '| store | first /health ms (median) | model loaded ms (median) | each run (health/model ms) |',
    '| --- | --- | --- | --- |',
    row('new --data dir (snapshot restore)', out.newStore),
    row('existing --data dir', out.existingStore),
    '',
    'Measured from spawning `node dist/cli/main.js hub serve --port 0 --data DIR` to the first 200 from',
    '`GET /health`, and to the `embedding model loaded` log line (WEFT_EMBEDDER=local).',
    '',
  ].join('\n');
  writeFileSync(join(root, 'bench/results/hub-start.md'), md);
  console.log(md);
}
