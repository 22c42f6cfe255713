/**
 * Loads search documents into a real hub store (embedded PGlite by default) with the same store
 * functions the publish pipeline uses (skill row, version row, latest + full-text document,
 * embedding), skipping zip packing and signing, which search never reads.
 */
import { createHash } from 'node:crypto';
import type { HubContext } from '../../src/hub/context.js';
import type { SearchDocument } from '../../src/hub/search/document.js';
import type { Embedder } from '../../src/hub/search/embed/types.js';
import { slugSkeleton } from '../../src/hub/services/slug-policy.js';
import type { Db } from '../../src/hub/store/db.js';
import { putEmbedding } from '../../src/hub/store/embeddings.js';
import { insertSkill, setLatest } from '../../src/hub/store/skills.js';
import { findUserByHandle, insertUser } from '../../src/hub/store/users.js';
import { insertVersion, putBlob } from '../../src/hub/store/versions.js';

export interface LoadedStore {
  /** slug -> document ids that share it (the first document with a slug owns it). */
  idsBySlug: Map<string, string[]>;
  slugById: Map<string, string>;
  loaded: number;
}

export async function loadIntoStore(
  db: Db,
  docs: readonly SearchDocument[],
  vectors: readonly Float32Array[] | null,
  embedder: Embedder | null,
): Promise<LoadedStore> {
  let user = await findUserByHandle(db, 'bench');
  if (!user) {
    await insertUser(db, 'bench', 'user');
    user = await findUserByHandle(db, 'bench');
  }
  const blob = Buffer.from('bench');
  const sha = createHash('sha256').update(blob).digest('hex');
  await putBlob(db, sha, blob);
  const idsBySlug = new Map<string, string[]>();
  const slugById = new Map<string, string>();
  const skeletons = new Set<string>();
  let loaded = 0;
  const BATCH = 200;
  for (let start = 0; start < docs.length; start += BATCH) {
    await db.tx(async (q) => {
      for (let i = start; i < Math.min(docs.length, start + BATCH); i++) {
        const d = docs[i]!;
        const skeleton = slugSkeleton(d.slug);
        slugById.set(d.id, d.slug);
        idsBySlug.set(d.slug, [...(idsBySlug.get(d.slug) ?? []), d.id]);
        if (skeletons.has(skeleton)) continue; // same or confusable slug: the registry keeps the first
        skeletons.add(skeleton);
        const skillId = await insertSkill(q, {
          slug: d.slug,
          skeleton,
          displayName: d.name,
          summary: d.description.slice(0, 1000),
          ownerId: user!.id,
        });
        const versionId = await insertVersion(q, {
          skillId,
          version: '1.0.0',
          status: 'active',
          fingerprint: sha,
          archiveSha256: sha,
          files: [],
          signature: null,
          publicKey: null,
          keyId: null,
          verdict: 'pass',
          findings: [],
          scanner: 'bench',
          changelog: '',
          manifest: { name: d.name, description: d.description },
          readme: d.body.slice(0, 20_000),
          publisherId: user!.id,
        });
        await setLatest(q, skillId, {
          version: '1.0.0',
          displayName: d.name,
          summary: d.description.slice(0, 1000),
          readme: d.body,
        });
        if (vectors && embedder) await putEmbedding(q, versionId, embedder.modelId, vectors[i]!);
        loaded++;
      }
    });
  }
  return { idsBySlug, slugById, loaded };
}

export function benchContext(db: Db): HubContext {
  return {
    db,
    allowUnsigned: true,
    scan: async () => ({ verdict: 'pass', findings: [], scanner: 'bench' }),
    limits: {
      read: { limit: 0, windowSec: 1 },
      write: { limit: 0, windowSec: 1 },
      download: { limit: 0, windowSec: 1 },
      enabled: false,
    },
    baseUrl: '',
    log: { info() {}, warn() {}, error() {} },
  };
}

/**
 * Bench-only scale-up: copies the first `originals` skills (with their latest version, full-text
 * document and embedding) server-side, `copies` times, with slug suffix `-cN`. Loading 10k skills
 * row by row through WASM PostgreSQL takes many minutes on a shared 2-core machine; search
 * latency depends on row count and index size, not on how the rows arrived.
 */
export async function replicateSkills(db: Db, originals: number, copies: number): Promise<number> {
  let added = 0;
  for (let n = 1; n <= copies; n++) {
    await db.tx(async (q) => {
      const suffix = `-c${n}`;
      const rows = await q.query<{ n: number }>(
        `WITH ins AS (
           INSERT INTO skills (slug, skeleton, display_name, summary, owner_id, latest_version, tags, search_text, search_doc)
           SELECT left(slug, 56) || $1, skeleton || $1, display_name, summary, owner_id, latest_version, tags,
                  search_text, search_doc
             FROM skills WHERE id <= $2 RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [suffix, originals],
      );
      await q.query(
        `INSERT INTO versions (skill_id, version, status, fingerprint, archive_sha256, files, verdict, findings,
                               scanner, changelog, manifest, readme, publisher_id)
         SELECT c.id, v.version, v.status, v.fingerprint, v.archive_sha256, v.files, v.verdict, v.findings,
                v.scanner, v.changelog, v.manifest, v.readme, v.publisher_id
           FROM versions v JOIN skills o ON o.id = v.skill_id
           JOIN skills c ON c.slug = left(o.slug, 56) || $1
          WHERE o.id <= $2`,
        [suffix, originals],
      );
      await q.query(
        `INSERT INTO version_embeddings (version_id, model, embedding)
         SELECT cv.id, e.model, e.embedding
           FROM version_embeddings e JOIN versions v ON v.id = e.version_id
           JOIN skills o ON o.id = v.skill_id
           JOIN skills c ON c.slug = left(o.slug, 56) || $1
           JOIN versions cv ON cv.skill_id = c.id
          WHERE o.id <= $2`,
        [suffix, originals],
      );
      added += rows[0]?.n ?? 0;
    });
  }
  return added;
}

/** Drops the HNSW index (bulk loads are faster without it) and returns a function that rebuilds it. */
export async function suspendHnsw(db: Db): Promise<() => Promise<number>> {
  await db.query('DROP INDEX IF EXISTS version_embeddings_hnsw');
  return async () => {
    const t0 = performance.now();
    await db.query(
      'CREATE INDEX IF NOT EXISTS version_embeddings_hnsw ON version_embeddings USING hnsw (embedding vector_cosine_ops)',
    );
    return performance.now() - t0;
  };
}
