import type { HubContext } from '../context.js';
import { embeddingText } from '../search/document.js';
import type { Embedder } from '../search/embed/types.js';
import { putEmbedding, versionsMissingEmbedding } from '../store/embeddings.js';

/**
 * Indexing for semantic search. Publish embeds the new version before its transaction and stores
 * the vector inside it; versions that have no vector from the current model (embedder was down, or
 * the model was swapped) are filled in by `backfillEmbeddings`, which the hub runs in the
 * background at start. Several replicas may backfill at once: the upsert is idempotent.
 */

export interface VersionText {
  slug: string;
  displayName: string;
  description: string;
  tags?: string[];
  readme: string;
}

export function versionEmbeddingText(v: VersionText): string {
  return embeddingText({
    slug: v.slug,
    name: v.displayName,
    description: v.description,
    tags: v.tags ?? [],
    body: v.readme,
  });
}

export interface PreparedEmbedding {
  model: string;
  vector: Float32Array;
}

/**
 * Embeds a version for publish. Returns null (and logs why) when there is no embedder: the publish
 * still succeeds and the backfill indexes it later.
 */
export async function embedForPublish(ctx: HubContext, v: VersionText): Promise<PreparedEmbedding | null> {
  if (!ctx.search || !ctx.db.hasVector) return null;
  const { embedder, reason } = await ctx.search.embedder();
  if (!embedder) {
    ctx.log.warn({ slug: v.slug, reason }, 'published without an embedding; the backfill will add it');
    return null;
  }
  try {
    const [vector] = await embedder.embed([versionEmbeddingText(v)]);
    return { model: embedder.modelId, vector: vector! };
  } catch (err) {
    ctx.log.warn({ slug: v.slug, err: (err as Error).message }, 'embedding failed; the backfill will retry');
    return null;
  }
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Tags worth embedding: frontmatter `tags`/`keywords` (strings), as skills in the wild use both. */
export function manifestTags(frontmatter: Record<string, unknown>): string[] {
  return [...stringList(frontmatter.tags), ...stringList(frontmatter.keywords)].slice(0, 32);
}

export interface BackfillResult {
  embedded: number;
  model: string | null;
  ms: number;
}

/** Embeds every active version lacking a vector from the current model, in batches. */
export async function backfillEmbeddings(
  ctx: HubContext,
  opts: { batch?: number; embedder?: Embedder; shouldStop?: () => boolean } = {},
): Promise<BackfillResult> {
  const t0 = Date.now();
  if (!ctx.db.hasVector) return { embedded: 0, model: null, ms: 0 };
  const embedder = opts.embedder ?? (ctx.search ? (await ctx.search.embedder()).embedder : null);
  if (!embedder) return { embedded: 0, model: null, ms: Date.now() - t0 };
  const batch = opts.batch ?? 64;
  let embedded = 0;
  while (!opts.shouldStop?.()) {
    const rows = await versionsMissingEmbedding(ctx.db, { model: embedder.modelId, limit: batch });
    if (rows.length === 0) break;
    const texts = rows.map((r) =>
      versionEmbeddingText({
        slug: r.slug,
        displayName: typeof r.manifest.name === 'string' ? r.manifest.name : r.display_name,
        description: typeof r.manifest.description === 'string' ? r.manifest.description : '',
        tags: stringList(r.manifest.tags),
        readme: r.readme,
      }),
    );
    const vectors = await embedder.embed(texts);
    await ctx.db.tx(async (q) => {
      for (const [i, r] of rows.entries()) await putEmbedding(q, r.version_id, embedder.modelId, vectors[i]!);
    });
    embedded += rows.length;
    if (rows.length < batch) break;
  }
  return { embedded, model: embedder.modelId, ms: Date.now() - t0 };
}
