import { z } from 'zod';

/**
 * Response shapes of the hub API v1, as the client relies on them. Objects
 * are loose (a newer hub may add fields) but every field the client reads is
 * typed here, so a hub that changes a shape fails validation with
 * E_REGISTRY_RESPONSE instead of surfacing as `undefined` three calls later.
 */

export const VerdictSchema = z.enum(['pass', 'warn', 'block']);
export type Verdict = z.output<typeof VerdictSchema>;

const nullish = <T extends z.ZodType>(s: T) => s.nullish().transform((v) => v ?? undefined);

export const ErrorBodySchema = z.looseObject({ code: z.string(), message: z.string() });

export const PaginationSchema = z.looseObject({
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().nonnegative(),
});
export type Pagination = z.output<typeof PaginationSchema>;

export const EnvelopeSchema = z.looseObject({
  ok: z.boolean(),
  data: z.unknown().optional(),
  error: ErrorBodySchema.nullish(),
  pagination: PaginationSchema.nullish(),
});

/** Publisher: hubs may send a handle string or an object with one. */
const PublisherSchema = z
  .union([z.string(), z.looseObject({ handle: z.string().optional(), name: z.string().optional() })])
  .transform((p) => (typeof p === 'string' ? p : (p.handle ?? p.name ?? '')));

export const SearchResultSchema = z.looseObject({
  slug: z.string(),
  name: nullish(z.string()),
  description: nullish(z.string()),
  version: nullish(z.string()),
  publisher: nullish(PublisherSchema),
  stars: z.number().int().nonnegative().default(0),
  downloads: z.number().int().nonnegative().default(0),
  /** Recorded installs (weft's hub counts them apart from downloads). */
  installs: nullish(z.number().int().nonnegative()),
  verdict: nullish(VerdictSchema),
  score: nullish(z.number()),
  signed: nullish(z.boolean()),
  /** Per-signal scores, present with `explain=1`. */
  signals: z.record(z.string(), z.number()).optional(),
  explain: z.unknown().optional(),
});
export type SearchResult = z.output<typeof SearchResultSchema>;

export const SearchDataSchema = z
  .union([
    z.array(SearchResultSchema),
    z.looseObject({
      results: z.array(SearchResultSchema),
      mode: nullish(z.string()),
      note: nullish(z.string()),
    }),
  ])
  .transform((d) => (Array.isArray(d) ? { results: d, mode: undefined, note: undefined } : d));

export const CatalogEntrySchema = z.looseObject({
  slug: z.string(),
  version: nullish(z.string()),
  updatedAt: nullish(z.union([z.string(), z.number()])),
});
export const CatalogDataSchema = z
  .union([z.array(CatalogEntrySchema), z.looseObject({ skills: z.array(CatalogEntrySchema) })])
  .transform((d) => (Array.isArray(d) ? d : d.skills));

export const SkillDetailSchema = z
  .looseObject({
    slug: z.string(),
    name: nullish(z.string()),
    description: nullish(z.string()),
    publisher: nullish(PublisherSchema),
    /** weft's hub sends the latest version's record here; other hubs may send the version string. */
    latestVersion: nullish(z.union([z.string(), z.looseObject({ version: z.string() })])),
    version: nullish(z.string()),
    tags: z.record(z.string(), z.string()).default({}),
    stars: z.number().int().nonnegative().default(0),
    downloads: z.number().int().nonnegative().default(0),
    installs: nullish(z.number().int().nonnegative()),
    verdict: nullish(VerdictSchema),
    signed: nullish(z.boolean()),
    starred: nullish(z.boolean()),
    createdAt: nullish(z.union([z.string(), z.number()])),
    updatedAt: nullish(z.union([z.string(), z.number()])),
  })
  .transform(({ latestVersion, ...s }) => ({
    ...s,
    latestVersion:
      (typeof latestVersion === 'string' ? latestVersion : latestVersion?.version) ??
      s.tags.latest ??
      s.version,
  }));
export type SkillDetail = z.output<typeof SkillDetailSchema>;

export const VersionSummarySchema = z.looseObject({
  version: z.string(),
  createdAt: nullish(z.union([z.string(), z.number()])),
  changelog: nullish(z.string()),
  verdict: nullish(VerdictSchema),
  status: nullish(z.string()),
  yanked: nullish(z.boolean()),
  fingerprint: nullish(z.string()),
});
export type VersionSummary = z.output<typeof VersionSummarySchema>;
export const VersionListSchema = z
  .union([z.array(VersionSummarySchema), z.looseObject({ versions: z.array(VersionSummarySchema) })])
  .transform((d) => (Array.isArray(d) ? d : d.versions));

export const VersionFileSchema = z.looseObject({
  path: z.string(),
  sha256: z.string(),
  size: nullish(z.number().int().nonnegative()),
});

/** The detached signature as the hub returns it: the record, or just its base64 signature. */
export const SignatureRecordSchema = z.looseObject({
  signature: z.string(),
  publicKey: nullish(z.string()),
  keyId: nullish(z.string()),
  format: nullish(z.string()),
  slug: nullish(z.string()),
  version: nullish(z.string()),
  fingerprint: nullish(z.string()),
});

export const ScanSummarySchema = z.looseObject({
  verdict: VerdictSchema,
  findings: z
    .union([z.number().int().nonnegative(), z.array(z.unknown()), z.record(z.string(), z.unknown())])
    .optional(),
});

export const VersionDetailSchema = z.looseObject({
  slug: nullish(z.string()),
  version: z.string(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'fingerprint must be 64 hex characters'),
  files: z.array(VersionFileSchema).default([]),
  signature: nullish(z.union([z.string(), SignatureRecordSchema])),
  publicKey: nullish(z.string()),
  keyId: nullish(z.string()),
  publisher: nullish(PublisherSchema),
  scan: nullish(ScanSummarySchema),
  verdict: nullish(VerdictSchema),
  /** active | yanked | quarantined (weft's hub); older hubs send `yanked` alone. */
  status: nullish(z.string()),
  yanked: nullish(z.boolean()),
  findings: z.unknown().optional(),
  changelog: nullish(z.string()),
  createdAt: nullish(z.union([z.string(), z.number()])),
});
export type VersionDetail = z.output<typeof VersionDetailSchema>;

export const PublishResultSchema = z.looseObject({
  slug: z.string(),
  version: z.string(),
  fingerprint: nullish(z.string()),
  verdict: nullish(VerdictSchema),
  url: nullish(z.string()),
  status: nullish(z.string()),
});
export type PublishResult = z.output<typeof PublishResultSchema>;

export const StarResultSchema = z.looseObject({
  starred: nullish(z.boolean()),
  stars: nullish(z.number().int().nonnegative()),
});

export const CommentSchema = z
  .looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    author: nullish(PublisherSchema),
    user: nullish(PublisherSchema),
    body: nullish(z.string()),
    text: nullish(z.string()),
    createdAt: nullish(z.union([z.string(), z.number()])),
  })
  .transform((c) => ({
    id: c.id,
    author: c.author ?? c.user ?? '',
    body: c.body ?? c.text ?? '',
    createdAt: c.createdAt,
  }));
export type Comment = z.output<typeof CommentSchema>;
export const CommentListSchema = z
  .union([z.array(CommentSchema), z.looseObject({ comments: z.array(CommentSchema) })])
  .transform((d) => (Array.isArray(d) ? d : d.comments));

export const WhoamiSchema = z
  .looseObject({
    user: nullish(
      z.union([z.string(), z.looseObject({ handle: nullish(z.string()), name: nullish(z.string()) })]),
    ),
    handle: nullish(z.string()),
    name: nullish(z.string()),
    scopes: z.array(z.string()).default([]),
  })
  .transform((w) => {
    const u = w.user;
    const handle = typeof u === 'string' ? u : (u?.handle ?? u?.name ?? w.handle ?? w.name ?? undefined);
    return { handle, scopes: w.scopes };
  });
export type Whoami = z.output<typeof WhoamiSchema>;

export const AnyObjectSchema = z.unknown();
