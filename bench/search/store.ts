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
