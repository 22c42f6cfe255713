import semver from 'semver';
import { isMap, parseDocument } from 'yaml';
import { z } from 'zod';
import { WeftError } from '../errors.js';

/**
 * SKILL.md = YAML frontmatter between `---` lines, then markdown. The schema
 * accepts what OpenClaw and ClawHub accept (their metadata aliases, free-form
 * extra keys) and is strict only where weft depends on a field.
 */

export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const StringList = z.union([z.array(z.string()), z.string()]).transform((v) =>
  Array.isArray(v)
    ? v
    : v
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
);

export const OpenClawMetadataSchema = z.looseObject({
  emoji: z.string().optional(),
  homepage: z.string().optional(),
  always: z.boolean().optional(),
  skillKey: z.string().optional(),
  primaryEnv: z.string().optional(),
  os: StringList.optional(),
  requires: z
    .looseObject({
      bins: StringList.optional(),
      anyBins: StringList.optional(),
      env: StringList.optional(),
      config: StringList.optional(),
    })
    .optional(),
  install: z.array(z.looseObject({ kind: z.string().optional(), id: z.string().optional() })).optional(),
});
export type OpenClawMetadata = z.output<typeof OpenClawMetadataSchema>;

const NetPermission = z.union([
  z.string().transform((s) => {
    const m = /^([^:\s]+)(?::(\d+))?$/.exec(s.trim());
    return { host: m?.[1] ?? s, ports: m?.[2] ? [Number(m[2])] : [443], require_tls: true };
  }),
  z.strictObject({
    host: z.string().min(1),
    ports: z.array(z.number().int().min(1).max(65535)).default([443]),
    require_tls: z.boolean().default(true),
  }),
]);

/** A skill's requested sandbox grants (SPEC §3). Converted to a policy by src/sandbox/policy. */
export const PermissionsSchema = z.strictObject({
  tools: StringList.optional(),
  fs: z
    .strictObject({
      read: z.array(z.string().min(1)).default([]),
      write: z.array(z.string().min(1)).default([]),
    })
    .optional(),
  net: z.array(NetPermission).optional(),
  env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*\*?$/, 'env entries are NAME or PREFIX*')).optional(),
});
export type SkillPermissions = z.output<typeof PermissionsSchema>;

export const FrontmatterSchema = z.looseObject({
  name: z.string().trim().min(1, 'name is required').max(128),
  description: z.string().trim().min(1, 'description is required').max(4096),
  version: z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .refine((v) => semver.valid(v) !== null, { message: 'version must be semver (e.g. 1.2.3)' })
    .optional(),
  license: z.string().optional(),
  homepage: z.string().optional(),
  'allowed-tools': StringList.optional(),
  metadata: z.unknown().optional(),
  permissions: PermissionsSchema.optional(),
});

export interface SkillManifest {
  name: string;
  /** `slug` from the frontmatter, else `name`, unmodified: validateSlug() decides if it is usable */
  slug: string;
  description: string;
  version?: string;
  license?: string;
  homepage?: string;
  allowedTools?: string[];
  openclaw?: OpenClawMetadata;
  permissions?: SkillPermissions;
  /** the raw frontmatter object, for fields weft does not model */
  frontmatter: Record<string, unknown>;
  body: string;
  /** 1-based line where the markdown body starts in SKILL.md */
  bodyLine: number;
}

export interface SplitSkillMd {
  yaml: string;
  body: string;
  bodyLine: number;
}

export function splitFrontmatter(text: string, file = 'SKILL.md'): SplitSkillMd {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(src);
  if (!m) {
    throw new WeftError(
      'E_MANIFEST_PARSE',
      `${file}: missing YAML frontmatter (the file must start with a --- block)`,
      {
        file,
      },
    );
  }
  const yamlText = m[1]!;
  const bodyLine = yamlText.split('\n').length + 3;
  return { yaml: yamlText, body: src.slice(m[0].length), bodyLine };
}

export function parseSkillMd(text: string, file = 'SKILL.md'): SkillManifest {
  const { yaml, body, bodyLine } = splitFrontmatter(text, file);
  // toJS maxAliasCount (below) guards against billion-laughs alias expansion.
  const doc = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = (e.linePos?.[0]?.line ?? 0) + 1; // +1 for the opening ---
    throw new WeftError(
      'E_MANIFEST_PARSE',
      `${file}:${line}: invalid YAML frontmatter: ${e.message.split('\n')[0]}`,
      {
        file,
        line,
      },
    );
  }
  if (!isMap(doc.contents)) {
    throw new WeftError('E_MANIFEST_INVALID', `${file}: frontmatter must be a YAML mapping`, { file });
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new WeftError('E_MANIFEST_PARSE', `${file}: invalid YAML frontmatter: ${(err as Error).message}`, {
      file,
    });
  }
  const parsed = FrontmatterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.map(String).join('.');
    const code = key === 'version' ? 'E_SEMVER_INVALID' : 'E_MANIFEST_INVALID';
    throw new WeftError(code, `${file}: ${key || 'frontmatter'}: ${issue.message}`, { file, key });
  }
  const fm = parsed.data;
  const manifest: SkillManifest = {
    name: fm.name,
    slug: typeof fm.slug === 'string' ? fm.slug : fm.name,
    description: fm.description,
    frontmatter: raw as Record<string, unknown>,
    body,
    bodyLine,
  };
  if (fm.version !== undefined) manifest.version = fm.version;
  if (fm.license !== undefined) manifest.license = fm.license;
  if (fm.homepage !== undefined) manifest.homepage = fm.homepage;
  if (fm['allowed-tools'] !== undefined) manifest.allowedTools = fm['allowed-tools'];
  if (fm.permissions !== undefined) manifest.permissions = fm.permissions;
  const openclaw = extractOpenClawMetadata(raw as Record<string, unknown>);
  if (openclaw) manifest.openclaw = openclaw;
  return manifest;
}

/** metadata.openclaw, or its older names clawdbot/clawdis; metadata may also be a JSON string. */
export function extractOpenClawMetadata(fm: Record<string, unknown>): OpenClawMetadata | undefined {
  let meta = fm.metadata;
  if (typeof meta === 'string') {
    try {
      meta = JSON.parse(meta);
    } catch {
      meta = undefined;
    }
  }
  const holder = (meta && typeof meta === 'object' ? meta : {}) as Record<string, unknown>;
  const candidate =
    holder.openclaw ?? holder.clawdbot ?? holder.clawdis ?? fm.openclaw ?? fm.clawdbot ?? fm.clawdis;
  if (!candidate || typeof candidate !== 'object') return undefined;
  const parsed = OpenClawMetadataSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

/** Derive a registry slug from a skill name: lowercase, `-` separated. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
}

export function validateSlug(slug: string): string {
  if (!SLUG_RE.test(slug)) {
    throw new WeftError(
      'E_SLUG_INVALID',
      `invalid slug ${JSON.stringify(slug)}: use 1-64 lowercase letters, digits and '-', starting and ending with a letter or digit`,
      { slug },
    );
  }
  return slug;
}

export function validateVersion(version: string): string {
  const v = semver.valid(version);
  if (!v || v !== version) {
    throw new WeftError(
      'E_SEMVER_INVALID',
      `invalid version ${JSON.stringify(version)}: expected semver such as 1.2.3`,
      {
        version,
      },
    );
  }
  return v;
}
