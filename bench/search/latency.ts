/**
 * npm run bench:search-latency: registry search latency at 10k skills, over HTTP, on the embedded
 * store (PGlite) and on PostgreSQL (WEFT_TEST_DATABASE_URL, skipped with a note when unreachable).
 *
 * The registry: the bench catalog (1,103 distinct skills) plus varied copies up to BENCH_SKILLS
 * (default 10,000), each with its own text and its own embedding (bench/search/scale.ts), loaded
 * with set-based SQL, then ANALYZE. Every skill has its vector before timing starts (no backfill
 * runs during the measurement; the bench checks the count). A hub is started on the store
 * (`startHub`, rate limits off) and the 163 queries of queries.json are sent one at a time
 * (no queueing: each number is one search's latency), ROUNDS times (default 3), hybrid and lexical
 * interleaved per query, after one untimed warm-up pass. Writes bench/results/search-latency.{json,md}.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbedder } from '../../src/hub/search/embed/index.js';
import { summarize } from '../../src/hub/search/metrics.js';
import { startHub } from '../../src/hub/server.js';
import type { StoreLocation } from '../../src/hub/store/db.js';
import { countEmbeddings } from '../../src/hub/store/embeddings.js';
import { openStore } from '../../src/hub/store/index.js';
import { loadCatalog, locateCorpus } from './catalog.js';
import { bulkLoad, embedAll, scaledCatalog } from './scale.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const N = Number(process.env.BENCH_SKILLS ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PG_URL = process.env.WEFT_TEST_DATABASE_URL ?? 'postgres://weft:weft@127.0.0.1:5432/weft_test';
const MODES = ['hybrid', 'lexical'] as const;

interface Query {
  id: string;
  query: string;
  relevant: string[];
}
const queries = JSON.parse(readFileSync(join(root, 'bench/search/queries.json'), 'utf8')) as Query[];
const docs = scaledCatalog(loadCatalog(locateCorpus(root, process.env.BENCH_CORPUS)), N);
const embedder = await createEmbedder({ kind: 'local' });
let t0 = performance.now();
const vectors = await embedAll(docs, embedder);
console.error(`${docs.length} skills embedded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const idBySlug = new Map(docs.map((d) => [d.slug, d.id.split('~')[0]!]));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
};

interface ModeResult {
  searches: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  maxMs: number;
  mrr10: number;
  /** CPU time of this process (hub and client) per search: what a search costs without contention. */
  cpuP50ms: number;
  cpuP99ms: number;
}
interface StoreResult {
  store: string;
  skills: number;
  insertMs: number;
  loadavg1m: number[];
  hybrid: ModeResult;
  lexical: ModeResult;
}

async function benchStore(name: string, loc: StoreLocation): Promise<StoreResult> {
  t0 = performance.now();
  const db = await openStore(loc);
  const loaded = await bulkLoad(db, docs, embedder, vectors);
  const embedded = await countEmbeddings(db, embedder.modelId);
  await db.close();
  if (embedded !== docs.length)
    throw new Error(`${name}: ${embedded} of ${docs.length} skills have a vector`);
  console.error(`${name}: loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const hub = await startHub({
    ...loc,
    port: 0,
    embedder: { kind: 'local' },
    limits: { enabled: false },
    log: { info() {}, warn() {}, error() {} },
  });
  try {
    const lease = await hub.ctx.search!.embedder();
    if (!lease.embedder) throw new Error(`${name}: no embedder: ${lease.reason}`);
    const search = async (q: string, mode: string) => {
      const c0 = process.cpuUsage();
      const s = performance.now();
      const r = await fetch(
        `${hub.url}/api/v1/skills/search?q=${encodeURIComponent(q)}&limit=10&mode=${mode}`,
      );
      const body = (await r.json()) as { mode: string; data: Array<{ slug: string }> };
      const ms = performance.now() - s;
      const c = process.cpuUsage(c0);
      cpu[mode]?.push((c.user + c.system) / 1000);
      if (r.status !== 200 || body.mode !== mode)
        throw new Error(`${name}: ${mode} search answered ${r.status} ${body.mode}`);
      return { ms, slugs: body.data.map((h) => h.slug) };
    };
    const cpu: Record<string, number[]> = {};
    for (const q of queries) for (const mode of MODES) await search(q.query, mode); // warm-up
    cpu.hybrid = [];
    cpu.lexical = [];
    const times: Record<string, number[]> = { hybrid: [], lexical: [] };
    const runs: Record<string, Array<{ ranked: string[]; relevant: Set<string> }>> = {
      hybrid: [],
      lexical: [],
    };
    const load = [loadavg()[0]!];
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of queries) {
        for (const mode of MODES) {
          const r = await search(q.query, mode);
          times[mode]!.push(r.ms);
          if (round === 0) {
            runs[mode]!.push({
              ranked: r.slugs.map((s) => idBySlug.get(s) ?? s),
              relevant: new Set(q.relevant),
            });
          }
        }
      }
      load.push(loadavg()[0]!);
    }
    const out = Object.fromEntries(
      MODES.map((m) => [
        m,
        {
          searches: times[m]!.length,
          p50ms: pct(times[m]!, 50),
          p95ms: pct(times[m]!, 95),
          p99ms: pct(times[m]!, 99),
          maxMs: pct(times[m]!, 100),
          mrr10: Math.round(summarize(runs[m]!).mrr10 * 1000) / 1000,
          cpuP50ms: pct(cpu[m]!, 50),
          cpuP99ms: pct(cpu[m]!, 99),
        },
      ]),
    );
    console.error(`${name}: ${JSON.stringify(out)} load ${load.map((x) => x.toFixed(1)).join(' ')}`);
    return {
      store: name,
      skills: docs.length,
      insertMs: Math.round(loaded.insertMs),
      loadavg1m: load.map((x) => Math.round(x * 10) / 10),
      ...out,
    } as StoreResult;
  } finally {
    await hub.close(2000);
  }
}

async function pgLocation(): Promise<{ loc?: StoreLocation; drop?: () => Promise<void>; reason?: string }> {
  const pg = await import('pg');
  const c = new pg.default.Client({ connectionString: PG_URL });
  try {
    await c.connect();
  } catch (err) {
    return { reason: `PostgreSQL not reachable: ${(err as Error).message}` };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const sep = PG_URL.includes('?') ? '&' : '?';
  return {
    loc: { databaseUrl: `${PG_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema},public`)}` },
    drop: async () => {
      const d = new pg.default.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`DROP SCHEMA ${schema} CASCADE`);
      await d.end();
    },
  };
}

const stores: StoreResult[] = [];
const notes: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'weft-search-latency-'));
try {
  if (process.env.BENCH_STORES !== 'postgres')
    stores.push(await benchStore('embedded (PGlite)', { dataDir: dir }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.BENCH_STORES !== 'pglite') {
  const pg = await pgLocation();
  if (pg.loc) {
    try {
      stores.push(await benchStore('postgresql', pg.loc));
    } finally {
      await pg.drop?.();
    }
  } else notes.push(pg.reason!);
}

const result = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  rounds: ROUNDS,
  queries: queries.length,
  stores,
  notes,
};
writeFileSync(join(root, 'bench/results/search-latency.json'), `${JSON.stringify(result, null, 2)}\n`);
const md = [
  `# Registry search latency at ${docs.length} skills (${result.date}, Node ${result.node}, ${result.cpus} CPUs)`,
  '',
  `GET /api/v1/skills/search?limit=10 over loopback HTTP, one request at a time; ${queries.length} queries x ${ROUNDS} rounds per mode after a warm-up pass. Every skill has its own text and vector (bench/search/scale.ts). CPU ms is this process's CPU time per search (hub and client share the process; PGlite runs in it, PostgreSQL does not), which is what a search costs without other jobs on the CPU. MRR@10 from the first round (copies compete with their originals, so it is lower than on the 1,103-skill catalog).`,
  '',
  '| store | mode | p50 ms | p95 ms | p99 ms | max ms | CPU ms p50/p99 | MRR@10 | load average (1 min) during the run |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...stores.flatMap((s) =>
    MODES.map(
      (m) =>
        `| ${s.store} | ${m} | ${s[m].p50ms} | ${s[m].p95ms} | ${s[m].p99ms} | ${s[m].maxMs} | ${s[m].cpuP50ms}/${s[m].cpuP99ms} | ${s[m].mrr10} | ${s.loadavg1m.join(', ')} |`,
    ),
  ),
  '',
  ...notes,
  '',
].join('\n');
writeFileSync(join(root, 'bench/results/search-latency.md'), md);
console.log(md);
