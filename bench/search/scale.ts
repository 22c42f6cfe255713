/**
 * A realistic 10k-skill registry for latency benchmarks, built from the bench catalog.
 *
 * Copies are not duplicates: copy `c` of skill `i` gets its own slug and name (a variant word),
 * a description that adds a sentence from another skill, and a body that splices in another
 * skill's text, and is embedded for real. So every row has its own full-text document and its own
 * vector, as in a real registry (identical vectors make a degenerate HNSW graph, identical
 * documents make degenerate ts_rank ties; neither says anything about production).
 * Rows are written with set-based SQL (unnest), with the same search document `setLatest` writes.
 */
import { createHash } from 'node:crypto';
import { embeddingText, type SearchDocument } from '../../src/hub/search/document.js';
import type { Embedder } from '../../src/hub/search/embed/types.js';
import { slugSkeleton } from '../../src/hub/services/slug-policy.js';
import type { Db } from '../../src/hub/store/db.js';
import { toVectorLiteral } from '../../src/hub/store/embeddings.js';
import { searchDocSql } from '../../src/hub/store/skills.js';

const VARIANTS = [
  'pro',
  'lite',
  'plus',
  'kit',
  'cli',
  'hub',
  'tools',
  'next',
  'studio',
  'flow',
  'ops',
  'box',
  'bridge',
  'sync',
  'assist',
  'agent',
  'helper',
  'core',
  'max',
  'go',
  'one',
  'base',
  'deck',
];

function firstSentence(s: string): string {
  const m = /^[^.!?\n]{8,200}[.!?]/.exec(s.trim());
  return (m ? m[0] : s.trim().slice(0, 120)).trim();
}

/** `n` distinct documents: the catalog itself, then varied copies until there are `n`. */
export function scaledCatalog(docs: readonly SearchDocument[], n: number): SearchDocument[] {
  const out: SearchDocument[] = [];
  const skeletons = new Set<string>();
  const push = (d: SearchDocument) => {
    const sk = slugSkeleton(d.slug);
    if (skeletons.has(sk) || d.slug.length > 64) return false;
    skeletons.add(sk);
    out.push(d);
    return true;
  };
  for (const d of docs) if (out.length < n) push(d);
  const m = docs.length;
  for (let c = 1; out.length < n; c++) {
    for (let i = 0; i < m && out.length < n; i++) {
      const d = docs[i]!;
      const other = docs[(i * 31 + c * 97) % m]!;
      const variant = VARIANTS[(i + c) % VARIANTS.length]!;
      const slug = `${d.slug.slice(0, 48)}-${variant}${c > VARIANTS.length ? c : ''}`;
      const half = Math.floor(d.body.length / 2);
      push({
        id: `${d.id}~${c}`,
        slug,
        name: `${d.name} ${variant}`,
        description: `${d.description} ${firstSentence(other.description)}`.trim(),
        tags: [...d.tags, ...other.tags.slice(0, 2)],
        body: `${d.body.slice(0, half)}\n\n${other.body.slice(0, 600)}\n\n${d.body.slice(half)}`,
      });
    }
  }
  return out;
}

export interface BulkLoad {
  skills: number;
  embedMs: number;
  insertMs: number;
  idsBySlug: Map<string, string>;
}

/**
 * Inserts documents (skill + active 1.0.0 version + latest search document + embedding), 500 per
 * statement. The HNSW index is dropped for the load and rebuilt at the end (as a bulk import would).
 */
export async function embedAll(docs: readonly SearchDocument[], embedder: Embedder): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let i = 0; i < docs.length; i += 64) {
    vectors.push(...(await embedder.embed(docs.slice(i, i + 64).map((d) => embeddingText(d)))));
  }
  return vectors;
}

export async function bulkLoad(
  db: Db,
  docs: readonly SearchDocument[],
  embedder: Embedder,
  precomputed?: Float32Array[],
): Promise<BulkLoad> {
  const t0 = performance.now();
  const vectors = precomputed ?? (await embedAll(docs, embedder));
  const embedMs = performance.now() - t0;
  const t1 = performance.now();
  await db.query(`INSERT INTO users (handle, role) VALUES ('bench', 'user') ON CONFLICT DO NOTHING`);
  const blob = Buffer.from('bench');
  const sha = createHash('sha256').update(blob).digest('hex');
  await db.query('INSERT INTO blobs (sha256, size, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    sha,
    blob.byteLength,
    blob,
  ]);
  await db.query('DROP INDEX IF EXISTS version_embeddings_hnsw');
  const BATCH = 500;
  for (let s = 0; s < docs.length; s += BATCH) {
    const part = docs.slice(s, s + BATCH);
    await db.query(
      `WITH src AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS t(slug, skeleton, name, descr, tagtext, readme, emb)),
       sk AS (
         INSERT INTO skills (slug, skeleton, display_name, summary, owner_id, latest_version, tags, search_text, search_doc)
         SELECT slug, skeleton, name, descr, (SELECT id FROM users WHERE handle = 'bench'), '1.0.0',
                '{"latest":"1.0.0"}'::jsonb, lower(slug || ' ' || name || ' ' || descr),
                ${searchDocSql('slug', 'name', 'descr', 'tagtext', 'readme')}
           FROM src RETURNING id, slug),
       ver AS (
         INSERT INTO versions (skill_id, version, status, fingerprint, archive_sha256, files, verdict, scanner,
                               manifest, readme, publisher_id)
         SELECT sk.id, '1.0.0', 'active', $8, $8, '[]'::jsonb, 'pass', 'bench',
                jsonb_build_object('name', src.name, 'description', src.descr), left(src.readme, 20000),
                (SELECT id FROM users WHERE handle = 'bench')
           FROM sk JOIN src ON src.slug = sk.slug RETURNING id, skill_id)
       INSERT INTO version_embeddings (version_id, model, embedding)
       SELECT ver.id, $9, src.emb::vector FROM ver JOIN sk ON sk.id = ver.skill_id JOIN src ON src.slug = sk.slug`,
      [
        part.map((d) => d.slug),
        part.map((d) => slugSkeleton(d.slug)),
        part.map((d) => d.name),
        part.map((d) => d.description.slice(0, 1000)),
        part.map((d) => d.tags.join(' ')),
        part.map((d) => d.body),
        part.map((_, k) => toVectorLiteral(vectors[s + k]!)),
        sha,
        embedder.modelId,
      ],
    );
  }
  await db.query(
    'CREATE INDEX version_embeddings_hnsw ON version_embeddings USING hnsw (embedding vector_cosine_ops)',
  );
  await db.query('ANALYZE');
  const idsBySlug = new Map(docs.map((d) => [d.slug, d.id]));
  return { skills: docs.length, embedMs, insertMs: performance.now() - t1, idsBySlug };
}
