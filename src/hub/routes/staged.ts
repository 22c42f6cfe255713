import { z } from '@hono/zod-openapi';
import { WeftError } from '../../errors.js';
import { sha256Hex } from '../../skills/fingerprint.js';
import { BUNDLE_LIMITS } from '../../skills/paths.js';
import { ok } from '../http/envelope.js';
import { requireScope } from '../services/auth.js';
import { type PublishInput, publishSkill } from '../services/publish.js';
import { getBlob, putBlob } from '../store/versions.js';
import { type RouteModule, route } from './util.js';

/**
 * ClawHub 0.23's staged publish: ask for an upload URL per file, POST the raw
 * bytes there, then POST /api/v1/skills with JSON naming the uploaded files.
 * Uploads land in the content-addressed blob table (storageId = sha256), so
 * replicas share them; the publish itself runs the normal pipeline.
 */
const Sha = z.string().regex(/^[0-9a-f]{64}$/);

const UploadUrlBody = z.object({
  path: z.string().min(1).max(1024),
  size: z.number().int().min(0).max(BUNDLE_LIMITS.maxFileBytes),
  sha256: Sha,
  contentType: z.string().max(200).optional(),
});

export const StagedPublishBody = z
  .object({
    slug: z.string().max(64),
    version: z.string().max(128).optional(),
    changelog: z.string().max(10_000).optional(),
    tags: z
      .array(z.string().regex(/^[a-z][a-z0-9._-]{0,31}$/))
      .max(10)
      .optional(),
    files: z
      .array(z.object({ path: z.string().min(1).max(1024), storageId: Sha, sha256: Sha }).loose())
      .min(1)
      .max(BUNDLE_LIMITS.maxFiles),
    signature: z
      .object({ signature: z.string().max(200), publicKey: z.string().max(200) })
      .loose()
      .optional(),
  })
  .loose();

export const UPLOAD_PREFIX = '/api/v1/skills/-/upload/';

export const stagedRoutes: RouteModule = (app, ctx) => {
  app.openapi(
    route(
      'post',
      '/api/v1/skills/-/upload-url',
      'clawhub',
      'Staged publish: get an upload URL (ClawHub 0.23)',
      {
        request: { body: { content: { 'application/json': { schema: UploadUrlBody } }, required: true } },
      },
    ),
    async (c) => {
      requireScope(c.get('principal'), 'publish');
      const b = c.req.valid('json');
      const data = { uploadUrl: `${ctx.baseUrl}${UPLOAD_PREFIX}${b.sha256}`, uploadTicket: b.sha256 };
      return ok(c, data, { compat: data });
    },
  );

  app.openapi(
    route('post', `${UPLOAD_PREFIX}{sha256}`, 'clawhub', 'Staged publish: upload one file (raw body)', {
      request: { params: z.object({ sha256: Sha }) },
    }),
    async (c) => {
      requireScope(c.get('principal'), 'publish');
      const expected = c.req.valid('param').sha256;
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > BUNDLE_LIMITS.maxFileBytes) {
        throw new WeftError('E_FILE_TOO_LARGE', `upload exceeds ${BUNDLE_LIMITS.maxFileBytes} bytes`);
      }
      if (sha256Hex(bytes) !== expected) {
        throw new WeftError('E_FINGERPRINT_MISMATCH', 'uploaded bytes do not match the announced sha256');
      }
      await putBlob(ctx.db, expected, bytes);
      return ok(c, { storageId: expected }, { compat: { storageId: expected } });
    },
  );
};

/** Resolve a staged publish body into pipeline input (files read back from the blob table). */
export async function stagedInput(
  ctx: Parameters<RouteModule>[1],
  body: z.infer<typeof StagedPublishBody>,
): Promise<PublishInput> {
  const files: { path: string; bytes: Uint8Array }[] = [];
  for (const f of body.files) {
    const bytes = await getBlob(ctx.db, f.storageId);
    if (!bytes) throw new WeftError('E_BAD_REQUEST', `file ${f.path}: unknown storageId (upload it first)`);
    files.push({ path: f.path, bytes });
  }
  const input: PublishInput = { files, slug: body.slug };
  if (body.version) input.version = body.version;
  if (body.changelog) input.changelog = body.changelog;
  if (body.tags) input.tags = body.tags;
  if (body.signature) input.signature = body.signature as PublishInput['signature'];
  return input;
}

export async function publishStaged(
  ctx: Parameters<RouteModule>[1],
  principal: Parameters<typeof publishSkill>[1],
  raw: unknown,
) {
  const parsed = StagedPublishBody.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WeftError('E_BAD_REQUEST', `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  requireScope(principal, 'publish');
  return publishSkill(ctx, principal, await stagedInput(ctx, parsed.data));
}
