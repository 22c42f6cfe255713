import semver from 'semver';
import { WeftError } from '../../errors.js';
import type { SkillSignature } from '../../signing/signature.js';
import { verifySkillSignature } from '../../signing/signature.js';
import { packBundle, unpackArchive } from '../../skills/archive.js';
import { type Bundle, bundleFromFiles } from '../../skills/bundle.js';
import { sha256Hex } from '../../skills/fingerprint.js';
import { manifestOf } from '../../skills/load.js';
import { type SkillManifest, validateSlug, validateVersion } from '../../skills/manifest.js';
import type { HubContext } from '../context.js';
import type { Queryable } from '../store/db.js';
import { putEmbedding } from '../store/embeddings.js';
import { findSkill, findSkillBySkeleton, insertSkill, setLatest, setTag } from '../store/skills.js';
import { findActiveKey, findKeyByPublicKey, insertKey } from '../store/users.js';
import { insertVersion, putBlob } from '../store/versions.js';
import { type Principal, requireScope } from './auth.js';
import type { ScanResult } from './scan.js';
import { embedForPublish, manifestTags } from './search-index.js';
import { assertNotReserved, slugSkeleton } from './slug-policy.js';

export interface PublishInput {
  /** a zip archive of the bundle, or the bundle's files (ClawHub's multipart form) */
  archive?: Uint8Array;
  files?: { path: string; bytes: Uint8Array }[];
  signature?: Partial<SkillSignature> & Pick<SkillSignature, 'signature' | 'publicKey'>;
  slug?: string;
  version?: string;
  changelog?: string;
  tags?: string[];
  /** fingerprint the client computed; must match ours when given */
  fingerprint?: string;
}

export interface PublishResult {
  slug: string;
  version: string;
  fingerprint: string;
  status: 'active' | 'quarantined';
  verdict: ScanResult['verdict'];
  signed: boolean;
  keyId: string | null;
  latest: string | null;
  skillId: string;
  versionId: string;
  url: string;
}

/**
 * The publish pipeline: checks that need no database first (auth, limits and
 * paths, manifest, fingerprint, signature, scan), then one transaction for
 * everything that writes. A crash anywhere leaves no partial version.
 */
export async function publishSkill(
  ctx: HubContext,
  principal: Principal | undefined,
  input: PublishInput,
): Promise<PublishResult> {
  const who = requireScope(principal, 'publish');
  const bundle = toBundle(input);
  const manifest = manifestOf(bundle);
  const slug = validateSlug(input.slug ?? manifest.slug);
  if (input.slug && manifest.slug !== input.slug && manifest.name !== input.slug) {
    // ClawHub lets the form name the slug; we accept that but keep it explicit.
    ctx.log.info({ slug, manifestSlug: manifest.slug }, 'publish slug differs from SKILL.md name');
  }
  const version = validateVersion(requireVersion(input.version ?? manifest.version));
  const fingerprint = bundle.fingerprint;
  if (input.fingerprint && input.fingerprint !== fingerprint) {
    throw new WeftError(
      'E_FINGERPRINT_MISMATCH',
      'the uploaded files do not match the declared fingerprint',
      {
        expected: input.fingerprint,
        actual: fingerprint,
      },
    );
  }
  assertNotReserved(slug);
  const signed = verifySignature(ctx, input, { slug, version, fingerprint }, who);
  const scan = await ctx.scan(bundle, manifest);
  const archive = packBundle(bundle);
  const archiveSha = sha256Hex(archive);
  const status = scan.verdict === 'block' ? 'quarantined' : 'active';
  // Embedding is CPU work: done before the transaction, stored inside it. Quarantined versions are
  // never searchable, so they get none.
  const embedding =
    status === 'active'
      ? await embedForPublish(ctx, {
          slug,
          displayName: manifest.name,
          description: manifest.description,
          tags: manifestTags(manifest.frontmatter),
          readme: manifest.body,
        })
      : null;

  const out = await retryOnConflict(() =>
    ctx.db.tx(async (q) => {
      const skill = await ensureSkill(q, who, slug, manifest);
      if (signed) await bindKey(q, who, signed.publicKey, signed.keyId);
      await putBlob(q, archiveSha, archive);
      const versionId = await insertVersion(q, {
        skillId: skill.id,
        version,
        status,
        fingerprint,
        archiveSha256: archiveSha,
        files: bundle.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })),
        signature: signed?.signature ?? null,
        publicKey: signed?.publicKey ?? null,
        keyId: signed?.keyId ?? null,
        verdict: scan.verdict,
        findings: scan.findings,
        scanner: scan.scanner,
        changelog: (input.changelog ?? '').slice(0, 10_000),
        manifest: manifestSummary(manifest),
        readme: manifest.body.slice(0, 20_000),
        publisherId: who.user.id,
      });
      if (!versionId) {
        throw new WeftError(
          'E_VERSION_EXISTS',
          `${slug}@${version} already exists (versions are immutable)`,
          {
            slug,
            version,
          },
        );
      }
      if (embedding) await putEmbedding(q, versionId, embedding.model, embedding.vector);
      let latest = skill.latest;
      if (status === 'active' && (latest === null || semver.gt(version, latest))) {
        await setLatest(q, skill.id, {
          version,
          displayName: manifest.name,
          summary: manifest.description.slice(0, 1000),
          readme: manifest.body,
          tagNames: input.tags ?? [],
        });
        latest = version;
      }
      if (status === 'active') {
        for (const tag of input.tags ?? []) if (tag !== 'latest') await setTag(q, skill.id, tag, version);
      }
      await testCrashPoint();
      return { skillId: skill.id, versionId, latest };
    }),
  );
  if (status === 'quarantined') {
    ctx.log.warn({ slug, version, findings: scan.findings.length }, 'publish quarantined by the scanner');
  }
  return {
    slug,
    version,
    fingerprint,
    status,
    verdict: scan.verdict,
    signed: Boolean(signed),
    keyId: signed?.keyId ?? null,
    latest: out.latest,
    skillId: String(out.skillId),
    versionId: String(out.versionId),
    url: `${ctx.baseUrl}/api/v1/skills/${slug}`,
  };
}

/**
 * Two first publishes racing (same new slug, same first key) make one
 * transaction hit a unique index; rerunning it sees the winner's rows and
 * either proceeds or fails with the precise error (403, E_KEY_CHANGED, 409).
 */
async function retryOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 2 || (err as WeftError).code !== 'E_CONFLICT') throw err;
    }
  }
}

function toBundle(input: PublishInput): Bundle {
  if (input.archive) return unpackArchive(input.archive);
  if (input.files && input.files.length > 0) return bundleFromFiles(input.files);
  throw new WeftError('E_BAD_REQUEST', 'publish needs a bundle archive or files');
}

function requireVersion(v: string | undefined): string {
  if (!v) throw new WeftError('E_SEMVER_INVALID', 'no version: set `version` in SKILL.md or in the request');
  return v;
}

function verifySignature(
  ctx: HubContext,
  input: PublishInput,
  expected: { slug: string; version: string; fingerprint: string },
  who: Principal,
): { signature: string; publicKey: string; keyId: string } | undefined {
  if (!input.signature) {
    if (!ctx.allowUnsigned) {
      throw new WeftError(
        'E_SIGNATURE_MISSING',
        'unsigned publish refused: sign the skill (weft skill publish signs it) or run the hub with --allow-unsigned',
      );
    }
    ctx.log.warn(
      { ...expected, user: who.user.handle },
      'accepting an UNSIGNED publish because the hub runs with --allow-unsigned (development only)',
    );
    return undefined;
  }
  const { keyId, publicKey } = verifySkillSignature(input.signature, expected);
  return { signature: input.signature.signature, publicKey, keyId };
}

async function ensureSkill(
  q: Queryable,
  who: Principal,
  slug: string,
  manifest: SkillManifest,
): Promise<{ id: number; latest: string | null }> {
  const existing = await findSkill(q, slug, true);
  if (existing) {
    if (existing.owner_id !== who.user.id && who.user.role !== 'admin') {
      throw new WeftError('E_FORBIDDEN', `${slug} belongs to ${existing.owner_handle}`, { slug });
    }
    return { id: existing.id, latest: existing.latest_version };
  }
  const skeleton = slugSkeleton(slug);
  const clash = await findSkillBySkeleton(q, skeleton);
  if (clash) {
    throw new WeftError('E_SLUG_CONFUSABLE', `slug ${slug} is too close to the existing ${clash}`, {
      slug,
      existing: clash,
    });
  }
  const id = await insertSkill(q, {
    slug,
    skeleton,
    displayName: manifest.name,
    summary: manifest.description.slice(0, 1000),
    ownerId: who.user.id,
  });
  return { id, latest: null };
}

/** A key binds to its publisher on first signed publish; a different key needs `weft hub key rotate`. */
async function bindKey(q: Queryable, who: Principal, publicKey: string, keyId: string): Promise<void> {
  const owner = await findKeyByPublicKey(q, publicKey);
  if (owner && owner.user_id !== who.user.id) {
    throw new WeftError('E_KEY_CHANGED', `key ${keyId} is bound to another publisher`, { keyId });
  }
  if (owner && !owner.active) {
    throw new WeftError('E_KEY_CHANGED', `key ${keyId} was retired by a rotation`, { keyId });
  }
  const active = await findActiveKey(q, who.user.id);
  if (!active) {
    // A concurrent first publish may bind first; the unique index turns that into a retryable 409.
    await insertKey(q, who.user.id, publicKey, keyId);
    return;
  }
  if (active.public_key !== publicKey) {
    throw new WeftError(
      'E_KEY_CHANGED',
      `${who.user.handle} publishes with key ${active.key_id}, not ${keyId} (rotate with: weft hub key rotate)`,
      { expected: active.key_id, actual: keyId },
    );
  }
}

function manifestSummary(m: SkillManifest): Record<string, unknown> {
  return {
    name: m.name,
    description: m.description,
    ...(m.license ? { license: m.license } : {}),
    ...(m.homepage ? { homepage: m.homepage } : {}),
    ...(m.openclaw ? { openclaw: m.openclaw } : {}),
    ...(m.permissions ? { permissions: m.permissions } : {}),
    ...(manifestTags(m.frontmatter).length > 0 ? { tags: manifestTags(m.frontmatter) } : {}),
  };
}

/**
 * Test hook for the kill-mid-publish test: pause inside the transaction,
 * after every write and before COMMIT, so the test can SIGKILL the server there.
 */
async function testCrashPoint(): Promise<void> {
  const ms = Number(process.env.WEFT_HUB_TEST_PUBLISH_PAUSE_MS ?? 0);
  if (ms > 0) {
    process.stderr.write('weft-hub-test: publish paused before commit\n');
    await new Promise((r) => setTimeout(r, ms));
  }
}
