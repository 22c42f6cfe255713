#!/usr/bin/env node
// Registry web UI budgets at scale: server time and bytes of the skill page (and home/search) with
// N skills in the embedded store. Sequential requests on one loopback connection, so the time is the
// server's (no queueing). Usage: npm run bench:web  (env: BENCH_SKILLS=10000 BENCH_REQUESTS=200)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../dist/hub/server.js';
import { seedCatalog } from './hub-seed.mjs';
import { machineInfo } from './lib/machine.mjs';
import { repoRoot } from './lib/paths.mjs';
import { resultsDir } from './lib/results.mjs';

const N = Number(process.env.BENCH_SKILLS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const silent = { info() {}, warn() {}, error() {} };

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timePages(base, paths) {
  const times = [];
  let bytes = 0;
  for (const p of paths) {
    const t0 = performance.now();
    const res = await fetch(base + p);
    const body = await res.arrayBuffer();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status}`);
    bytes = Math.max(bytes, body.byteLength);
  }
  times.sort((a, b) => a - b);
  const r = (x) => Math.round(x * 10) / 10;
  return {
    requests: paths.length,
    p50Ms: r(pct(times, 50)),
    p95Ms: r(pct(times, 95)),
    p99Ms: r(pct(times, 99)),
    maxBytes: bytes,
  };
}

const dir = await mkdtemp(join(tmpdir(), 'weft-bench-web-'));
process.env.WEFT_EMBEDDER ??= 'none';
const hub = await startHub({ dataDir: dir, port: 0, log: silent, limits: { enabled: false } });
try {
  const t0 = performance.now();
  await seedCatalog(hub.db, N);
  const seedMs = Math.round(performance.now() - t0);
  const css = (await (await fetch(`${hub.url}/static/style.css`)).arrayBuffer()).byteLength;
  const pick = (i) => `/skills/bench-skill-${(i * 7919) % N}`;
  await timePages(
    hub.url,
    Array.from({ length: 20 }, (_, i) => pick(i + 1000)),
  ); // warm-up
  const skill = await timePages(
    hub.url,
    Array.from({ length: REQUESTS }, (_, i) => pick(i)),
  );
  const home = await timePages(
    hub.url,
    Array.from({ length: 20 }, () => '/'),
  );
  const search = await timePages(
    hub.url,
    ['email', 'deploy docker', 'pdf table', 'weather', 'translate'].flatMap((q) =>
      Array(4).fill(`/search?q=${encodeURIComponent(q)}`),
    ),
  );
  const result = {
    suite: 'web',
    machine: machineInfo(repoRoot),
    skills: N,
    seedMs,
    cssBytes: css,
    skillPage: { ...skill, transferBytes: skill.maxBytes + css },
    home,
    search,
    budgets: { skillPageBytes: 100 * 1024, skillPageServerMs: 200 },
  };
  const md = [
    `# Web UI at ${N} skills (PGlite, one connection)`,
    '',
    '| page | requests | p50 ms | p95 ms | p99 ms | bytes (page) |',
    '|---|---:|---:|---:|---:|---:|',
    ...[
      ['skill page', skill],
      ['home', home],
      ['search', search],
    ].map(([n, s]) => `| ${n} | ${s.requests} | ${s.p50Ms} | ${s.p95Ms} | ${s.p99Ms} | ${s.maxBytes} |`),
    '',
    `Skill page transfer with CSS: ${skill.maxBytes + css} bytes (budget 102400). Server-time budget: 200 ms.`,
  ].join('\n');
  await mkdir(resultsDir(), { recursive: true });
  await writeFile(join(resultsDir(), 'web.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(join(resultsDir(), 'web.md'), `${md}\n`);
  console.log(md);
} finally {
  await hub.close(2000);
  await rm(dir, { recursive: true, force: true });
}
