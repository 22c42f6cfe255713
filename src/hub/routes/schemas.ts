import { z } from '@hono/zod-openapi';
import { SLUG_RE } from '../../skills/manifest.js';

/** Request schemas shared by the routes: one definition gives validation, types and OpenAPI. */

export const SlugString = z.string().regex(SLUG_RE);
export const SlugParam = SlugString.openapi({ param: { name: 'slug', in: 'path' }, example: 'web-search' });

// semver 2.0 with optional prerelease/build; checked again with `semver` in the services.
const SEMVER_RE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
export const VersionString = z.string().max(128).regex(SEMVER_RE);
export const VersionParam = VersionString.openapi({
  param: { name: 'version', in: 'path' },
  example: '1.0.0',
});
export const TagString = z.string().regex(/^[a-z][a-z0-9._-]{0,31}$/);

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
};

export const SearchQuery = z.object({
  q: z.string().min(1).max(200),
  ...PageQuery,
  mode: z.enum(['lexical', 'hybrid', 'vector']).optional(),
  explain: z.enum(['0', '1', 'true', 'false']).optional(),
});

export const CatalogQuery = z.object({
  since: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: 'ISO timestamp or epoch milliseconds; skills updated at or after it' }),
  ...PageQuery,
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const DownloadQuery = z.object({
  version: VersionString.optional(),
  tag: TagString.optional(),
});

export const InstallBody = z.object({ slug: z.string().regex(SLUG_RE), version: VersionString });
export const CommentBody = z.object({ body: z.string().trim().min(1).max(4000) });
export const ReportBody = z.object({
  reason: z.string().trim().min(1).max(4000),
  version: VersionString.optional(),
});
export const TagBody = z.object({ version: VersionString });
export const CommentIdParam = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Envelope, documented once; routes return it through `ok()` / `fail()`. */
export const EnvelopeSchema = z
  .object({
    ok: z.boolean(),
    data: z.unknown(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    pagination: z.object({ total: z.number(), offset: z.number(), limit: z.number() }).optional(),
  })
  .openapi('Envelope');

export const jsonResponses = {
  200: { description: 'success: `{ok: true, data}`' },
  400: { description: 'invalid input (E_BAD_REQUEST and friends)' },
  401: { description: 'missing or invalid token' },
  404: { description: 'not found' },
  429: { description: 'rate limited (see Retry-After)' },
};
