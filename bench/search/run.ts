/**
 * npm run bench:search [-- --corpus DIR] [--embedders local,use-lite] [--scale 10000]
 *
 * Quality: MRR@10, Recall@1/5/10 and nDCG@10 of lexical-only, vector-only and hybrid search over
 * the benign skills of the scanner DEV corpus, with the hand-written queries in queries.json.
 * Embedders: load time, ms/query, texts/s, RSS. Latency: hybrid search p50/p99 in process at
 * --scale skills (catalog replicated). Quality through the hub's search service on a real store
 * (--store pglite|postgres|none; postgres needs --database-url); store latency at 10k skills is
 * `npm run bench:search-latency`. Writes
 * bench/results/search.{json,md}.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { embeddingText, type SearchDocument } from '../../src/hub/search/document.js';
import { createEmbedder, type Embedder, type EmbedderConfig } from '../../src/hub/search/embed/index.js';
import { type HybridSources, hybridSearch, type SearchMode } from '../../src/hub/search/hybrid.js';
import { buildLexicalIndex } from '../../src/hub/search/lexical.js';
import { type QualitySummary, summarize } from '../../src/hub/search/metrics.js';
import { buildVectorIndex } from '../../src/hub/search/vector-index.js';
import { loadCatalog, locateCorpus } from './catalog.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string' },
    embedders: { type: 'string', default: 'local,use-lite' },
    scale: { type: 'string', default: '10000' },
    store: { type: 'string', default: 'pglite' },
    'database-url': { type: 'string' },
  },
});

interface Query {
  id: string;
  query: string;
  relevant: string[];
}

const queries = JSON.parse(readFileSync(join(root, 'bench/search/queries.json'), 'utf8')) as Query[];
const corpus = locateCorpus(root, args.corpus);
const docs = loadCatalog(corpus);
const known = new Set(docs.map((d) => d.id));
for (const q of queries) {
  for (const id of q.relevant) if (!known.has(id)) throw new Error(`${q.id}: unknown relevant id ${id}`);
}
console.error(`catalog: ${docs.length} benign skills, ${queries.length} queries`);

const lexicalIndex = buildLexicalIndex(docs);
const slugIndex = new Map<string, string[]>();
for (const d of docs) slugIndex.set(d.slug, [...(slugIndex.get(d.slug) ?? []), d.id]);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

async function evaluate(
  sources: HybridSources,
  embedder: Embedder | null,
  mode: SearchMode,
): Promise<QualitySummary & { p50ms: number; p99ms: number; mrr10Even: number; mrr10Odd: number }> {
  const runs: Array<{ ranked: string[]; relevant: Set<string> }> = [];
  const times: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    const res = await hybridSearch(sources, { query: q.query, mode, embedder });
    times.push(performance.now() - t0);
    runs.push({ ranked: res.hits.slice(0, 10).map((h) => h.id), relevant: new Set(q.relevant) });
  }
  // Fusion constants were tuned on the even-numbered queries; the odd half checks them.
  const half = (parity: number) => summarize(runs.filter((_, i) => i % 2 === parity)).mrr10;
  return {
    ...summarize(runs),
    p50ms: percentile(times, 50),
    p99ms: percentile(times, 99),
    mrr10Even: half(0),
    mrr10Odd: half(1),
  };
}

function sourcesFor(documents: SearchDocument[], vectors: Float32Array[] | null): HybridSources {
  const lex = documents === docs ? lexicalIndex : buildLexicalIndex(documents);
  const vec = vectors
    ? buildVectorIndex(
        documents.map((d) => d.id),
        vectors,
      )
    : null;
  const slugs = new Map<string, string[]>();
  for (const d of documents) slugs.set(d.slug, [...(slugs.get(d.slug) ?? []), d.id]);
  return {
    lexical: async (q, n) => lex.search(q, n),
    ...(vec ? { vector: async (v: Float32Array, _m: string, n: number) => vec.search(v, n) } : {}),
    exact: async (slug) => slugs.get(slug) ?? [],
  };
}

const texts = docs.map((d) => embeddingText(d));
const results: Record<string, unknown> = {};
const table: string[] = [];
const embedderRows: string[] = [];
const splitLines: string[] = [];
const lexicalOnly = await evaluate(sourcesFor(docs, null), null, 'lexical');
table.push(row('lexical (BM25F + slug boosts)', lexicalOnly));
results.lexical = lexicalOnly;

function row(name: string, m: QualitySummary & { p50ms: number; p99ms: number }): string {
  const f = (x: number) => x.toFixed(3);
  return `| ${name} | ${f(m.mrr10)} | ${f(m.recall1)} | ${f(m.recall5)} | ${f(m.recall10)} | ${f(m.ndcg10)} | ${m.p50ms.toFixed(2)} | ${m.p99ms.toFixed(2)} |`;
}

let localVectors: Float32Array[] | null = null;
let localEmbedder: Embedder | null = null;
for (const kind of (args.embedders ?? '').split(',').filter(Boolean)) {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  let embedder: Embedder;
  try {
    embedder = await createEmbedder({ kind } as EmbedderConfig);
  } catch (err) {
    console.error(`skipping embedder ${kind}: ${(err as Error).message}`);
    continue;
  }
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 32) vectors.push(...(await embedder.embed(texts.slice(i, i + 32))));
  const indexSecs = (performance.now() - t1) / 1000;
  const qTimes: number[] = [];
  for (const q of queries.slice(0, 50)) {
    const s = performance.now();
    await embedder.embed([q.query]);
    qTimes.push(performance.now() - s);
  }
  const rssMb = (process.memoryUsage().rss - rssBefore) / 1e6;
  const perf = {
    modelId: embedder.modelId,
    dims: embedder.dims,
    loadMs,
    queryMsP50: percentile(qTimes, 50),
    textsPerSec: texts.length / indexSecs,
    rssDeltaMb: rssMb,
  };
  console.error(`${kind}: ${JSON.stringify(perf)}`);
  const sources = sourcesFor(docs, vectors);
  const vectorOnly = await evaluate(sources, embedder, 'vector');
  const hybrid = await evaluate(sources, embedder, 'hybrid');
  results[kind] = { perf, vectorOnly, hybrid };
  splitLines.push(
    `MRR@10 on even/odd queries: lexical ${lexicalOnly.mrr10Even.toFixed(3)}/${lexicalOnly.mrr10Odd.toFixed(3)}, hybrid (${embedder.modelId}) ${hybrid.mrr10Even.toFixed(3)}/${hybrid.mrr10Odd.toFixed(3)}`,
  );
  table.push(row(`vector (${embedder.modelId})`, vectorOnly));
  table.push(row(`hybrid (BM25F + ${embedder.modelId}, relative scores)`, hybrid));
  embedderRows.push(
    `| ${embedder.modelId} | ${embedder.dims} | ${loadMs.toFixed(0)} | ${perf.queryMsP50.toFixed(2)} | ${perf.textsPerSec.toFixed(0)} | ${rssMb.toFixed(0)} |`,
  );
  if (kind === 'local') {
    localVectors = vectors;
    localEmbedder = embedder;
  }
}

// Latency at scale: replicate the catalog (reusing its vectors) up to --scale skills.
const scale = Number(args.scale);
let scaleResult: { skills: number; p50ms: number; p99ms: number } | null = null;
if (localVectors && localEmbedder && scale > 0) {
  const big: SearchDocument[] = [];
  const bigVectors: Float32Array[] = [];
  for (let i = 0; big.length < scale; i++) {
    const d = docs[i % docs.length]!;
    const copy = Math.floor(i / docs.length);
    big.push(copy === 0 ? d : { ...d, id: `${d.id}~${copy}`, slug: `${d.slug}-${copy}` });
    bigVectors.push(localVectors[i % docs.length]!);
  }
  const sources = sourcesFor(big, bigVectors);
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const t0 = performance.now();
      await hybridSearch(sources, { query: q.query, mode: 'hybrid', embedder: localEmbedder });
      times.push(performance.now() - t0);
    }
  }
  scaleResult = { skills: big.length, p50ms: percentile(times, 50), p99ms: percentile(times, 99) };
  results.scale = {
    ...scaleResult,
    note: 'in-process: static embedder + BM25F + exact cosine, no HTTP, no DB',
  };
}

// Through the hub: SQL lexical candidates + pgvector HNSW + fusion, on a real store.
const storeRows: string[] = [];
if (args.store !== 'none' && localVectors && localEmbedder) {
  const { openStore } = await import('../../src/hub/store/index.js');
  const { searchSkills } = await import('../../src/hub/services/search.js');
  const { createSearchRuntime } = await import('../../src/hub/search/runtime.js');
  const { loadIntoStore, benchContext, suspendHnsw } = await import('./store.js');
  const db = await openStore(
    args.store === 'postgres' ? { databaseUrl: args['database-url'] ?? '' } : { memory: true },
  );
  const embedder = localEmbedder;
  const ctx = {
    ...benchContext(db),
    search: createSearchRuntime({ config: { kind: 'local' }, load: async () => embedder }),
  };
  const t0 = performance.now();
  const rebuildHnsw = await suspendHnsw(db);
  const loaded = await loadIntoStore(db, docs, localVectors, embedder);
  const loadMs = performance.now() - t0;
  const hnswMs = await rebuildHnsw();
  // What a running hub has: PGlite hubs ANALYZE at start, PostgreSQL's autovacuum does it.
  await db.query('ANALYZE skills');
  console.error(
    `store ${args.store}: loaded ${loaded.loaded} skills in ${(loadMs / 1000).toFixed(1)} s, HNSW build ${(hnswMs / 1000).toFixed(1)} s`,
  );
  const evalStore = async (mode: SearchMode) => {
    const runs = [];
    const times: number[] = [];
    for (const q of queries) {
      const rel = new Set(q.relevant);
      const t = performance.now();
      const res = await searchSkills(ctx, q.query, { limit: 10, offset: 0, mode });
      times.push(performance.now() - t);
      const ranked = res.results.map((r) => {
        const ids = loaded.idsBySlug.get(r.slug) ?? [];
        return ids.find((id) => rel.has(id)) ?? ids[0] ?? r.slug;
      });
      runs.push({ ranked, relevant: rel });
    }
    return { ...summarize(runs), p50ms: percentile(times, 50), p99ms: percentile(times, 99) };
  };
  const storeResults: Record<string, unknown> = { loaded: loaded.loaded };
  for (const mode of ['lexical', 'vector', 'hybrid'] as const) {
    const m = await evalStore(mode);
    storeResults[mode] = m;
    storeRows.push(row(`hub ${args.store}: ${mode}`, m));
    console.error(storeRows.at(-1)); // long runs: show partial results as they come
  }
  results.store = { kind: args.store, ...storeResults };
  await db.close();
}

// Other jobs share this machine; the load average says how much CPU the timings really had.
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  node: process.version,
  mem: os.totalmem(),
  loadavg: os.loadavg(),
};
const out = {
  date: new Date().toISOString(),
  machine,
  catalog: docs.length,
  queries: queries.length,
  results,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/search.json'), `${JSON.stringify(out, null, 2)}\n`);
const md = [
  `# Search quality (${docs.length} skills, ${queries.length} queries)`,
  '',
  `${machine.cpus} x ${machine.cpuModel}, Node ${machine.node}, ${out.date}, load average ${machine.loadavg.map((x) => x.toFixed(1)).join(' ')}`,
  '',
  '| method | MRR@10 | R@1 | R@5 | R@10 | nDCG@10 | p50 ms | p99 ms |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...table,
  '',
  ...storeRows,
  '',
  ...splitLines,
  '',
  '| embedder | dims | load ms | ms/query (p50) | texts/s | RSS delta MB |',
  '| --- | --- | --- | --- | --- | --- |',
  ...embedderRows,
  '',
  scaleResult
    ? `Hybrid latency at ${scaleResult.skills} skills (in process): p50 ${scaleResult.p50ms.toFixed(2)} ms, p99 ${scaleResult.p99ms.toFixed(2)} ms`
    : '',
  '',
  // Store latency at 10k: `npm run bench:search-latency` (every copy with its own text and vector;
  // server-side copies here would share vectors, which degenerates the HNSW graph).
  'Store search latency at 10k skills: `npm run bench:search-latency` (bench/results/search-latency.md).',
  '',
].join('\n');
writeFileSync(join(root, 'bench/results/search.md'), md);
console.log(md);
