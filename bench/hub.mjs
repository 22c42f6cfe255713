#!/usr/bin/env node
// Hub load benchmark (bounded, loopback only): search QPS and latency at 10k skills,
// publish throughput, download throughput, memory at idle and under load; on the
// embedded store (PGlite) and, when reachable, PostgreSQL.
// Usage: npm run bench:hub  (env: BENCH_SKILLS=10000 BENCH_SECONDS=5 BENCH_CONNECTIONS=8)
// Writes bench/results/hub.json and bench/results/hub.md. Needs `npm run build` first.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startHub } from '../dist/hub/server.js';
import { addUser, createToken } from '../dist/hub/services/auth.js';
import { backfillEmbeddings } from '../dist/hub/services/search-index.js';
import { rawPublicKey } from '../dist/signing/keys.js';
import { signSkill } from '../dist/signing/signature.js';
import { packBundle } from '../dist/skills/archive.js';
import { bundleFromFiles } from '../dist/skills/bundle.js';
import { seedCatalog } from './hub-seed.mjs';

const N = Number(process.env.BENCH_SKILLS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const PUBLISHES = Number(process.env.BENCH_PUBLISHES ?? 100);
const PG_URL = process.env.WEFT_TEST_DATABASE_URL ?? 'postgres://weft:weft@127.0.0.1:5432/weft_test';
const QUERIES = [
  'email',
  'summarize unread email',
  'deploy fly',
  'pdf-tools',
  'calendar sync',
  'web search',
  'git',
  'slack notify',
];
const silent = { info() {}, warn() {}, error() {} };

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
  });
}

function summary(r) {
  return {
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    throughputMBps: Math.round((r.throughput.average / 1e6) * 10) / 10,
  };
}

async function sampleRss(fn) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    return { result: await fn(), peakRssMB: Math.round(peak / 1e6) };
  } finally {
    clearInterval(timer);
  }
}

async function benchStore(name, loc, cleanup) {
  const hub = await startHub({ ...loc, port: 0, log: silent, limits: { enabled: false } });
  try {
    const t0 = performance.now();
    await seedCatalog(hub.db, N);
    // Embed every seeded skill before timing: otherwise the hub's background backfill embeds
    // 10k rows on the same (single) PGlite connection while searches are measured.
    await backfillEmbeddings(hub.ctx);
    // What a running hub has: PGlite hubs ANALYZE the search tables at start and after bulk growth,
    // PostgreSQL's autovacuum within a minute or so.
    await hub.db.query('ANALYZE skills, versions, version_embeddings');
    const seedMs = Math.round(performance.now() - t0);
    global.gc?.();
    const idleRssMB = Math.round(process.memoryUsage().rss / 1e6);
    // Sequential latency (one connection): what a single user sees, without queueing.
    const searchSeq = await cannon({
      url: hub.url,
      connections: 1,
      requests: QUERIES.map((q) => ({ path: `/api/v1/skills/search?q=${encodeURIComponent(q)}&limit=10` })),
    });
    const download = await sampleRss(() =>
      cannon({ url: `${hub.url}/api/v1/skills/bench-skill-1/download` }),
    );
    const search = await sampleRss(() =>
      cannon({
        url: hub.url,
        requests: QUERIES.map((q) => ({ path: `/api/v1/skills/search?q=${encodeURIComponent(q)}&limit=10` })),
      }),
    );
    const publish = await publishBench(hub);
    return {
      store: name,
      skills: N,
      seedMs,
      idleRssMB,
      search: { ...summary(search.result), peakRssMB: search.peakRssMB },
      searchSequential: summary(searchSeq),
      download: { ...summary(download.result), peakRssMB: download.peakRssMB },
      publish,
    };
  } finally {
    await hub.close(2000);
    await cleanup?.();
  }
}

/** Signed publishes over HTTP, 4 at a time; each is a full pipeline run in one transaction. */
async function publishBench(hub) {
  await addUser(hub.db, 'pub-bench');
  const { token } = await createToken(hub.db, { handle: 'pub-bench', scope: 'publish' });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key = { privateKey, publicKey: rawPublicKey(publicKey).toString('base64') };
  const tag = randomBytes(3).toString('hex');
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < PUBLISHES) {
      const i = next++;
      const slug = `pub-${tag}-${i}`;
      const md = `---\nname: ${slug}\ndescription: publish benchmark skill ${i}\nversion: 1.0.0\n---\n# ${slug}\n${'text '.repeat(200)}\n`;
      const b = bundleFromFiles([
        { path: 'SKILL.md', bytes: Buffer.from(md) },
        { path: 'run.sh', bytes: randomBytes(2048) },
      ]);
      const fd = new FormData();
      fd.set('bundle', new Blob([packBundle(b)]), 'b.zip');
      fd.set('signature', JSON.stringify(signSkill(key, slug, '1.0.0', b.fingerprint)));
      const r = await fetch(`${hub.url}/api/v1/skills/publish`, {
        method: 'POST',
        body: fd,
        headers: { authorization: `Bearer ${token}` },
      });
      if (r.status !== 201) failed++;
      await r.arrayBuffer();
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const ms = performance.now() - t0;
  return {
    publishes: PUBLISHES,
    failed,
    ms: Math.round(ms),
    perSecond: Math.round((PUBLISHES / ms) * 10_000) / 10,
  };
}

async function pgLocation() {
  const pg = await import('pg');
  const c = new pg.default.Client({ connectionString: PG_URL });
  try {
    await c.connect();
  } catch (err) {
    return { reason: `PostgreSQL not reachable: ${err.message}` };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  return {
    loc: { databaseUrl: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema},public`)}` },
    drop: async () => {
      const d = new pg.default.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`DROP SCHEMA ${schema} CASCADE`);
      await d.end();
    },
  };
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadavgAtStart: loadavg().map((x) => Math.round(x * 10) / 10),
  seconds: SECONDS,
  connections: CONNECTIONS,
  stores: [],
};
const dir = await mkdtemp(join(tmpdir(), 'weft-hub-bench-'));
results.stores.push(
  await benchStore('embedded (PGlite)', { dataDir: dir }, () => rm(dir, { recursive: true, force: true })),
);
const pg = await pgLocation();
if (pg.loc) results.stores.push(await benchStore('postgresql', pg.loc, pg.drop));
else results.postgres = pg.reason;

await writeFile('bench/results/hub.json', `${JSON.stringify(results, null, 2)}\n`);
const md = [
  `# hub benchmark (${results.date}, ${results.node}, ${CONNECTIONS} connections, ${SECONDS}s per run)`,
  '',
  `Machine: ${results.cpus} CPUs, load average at start ${results.loadavgAtStart.join(' ')} (shared with other jobs).`,
  '',
  '| store | skills | search rps | search p50/p99 ms | search 1-conn p50/p99 ms | download rps | download p50/p99 ms | publish/s | idle RSS MB | peak RSS MB |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...results.stores.map(
    (s) =>
      `| ${s.store} | ${s.skills} | ${s.search.rps} | ${s.search.p50ms}/${s.search.p99ms} | ${s.searchSequential.p50ms}/${s.searchSequential.p99ms} | ${s.download.rps} | ${s.download.p50ms}/${s.download.p99ms} | ${s.publish.perSecond} | ${s.idleRssMB} | ${Math.max(s.search.peakRssMB, s.download.peakRssMB)} |`,
  ),
  '',
  'RSS is the whole process (server and load generator share it).',
].join('\n');
await writeFile('bench/results/hub.md', `${md}\n`);
console.log(md);
