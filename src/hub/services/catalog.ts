import semver from 'semver';
import { WeftError } from '../../errors.js';
import type { HubContext } from '../context.js';
import type { Queryable } from '../store/db.js';
import { bumpCounter, findSkill, listCatalog, type SkillRow, setLatest, setTag } from '../store/skills.js';
import {
  activeVersions,
  findVersion,
  findVersionByFingerprint,
  getBlob,
  listVersions,
  setVersionStatus,
  type VersionRow,
} from '../store/versions.js';
import { isModerator, type Principal, requireScope } from './auth.js';
import { type ScanFinding, summarizeFindings } from './scan.js';

/** Read side of the registry: skills, versions, downloads; plus tag moves and yank/restore. */

export interface Page {
  total: number;
  offset: number;
  limit: number;
}

export function skillView(s: SkillRow, latest?: VersionRow) {
  return {
    slug: s.slug,
    name: s.display_name,
    description: s.summary,
    publisher: s.owner_handle,
    version: s.latest_version,
    tags: s.tags,
    stars: s.stars,
    downloads: s.downloads,
    installs: s.installs,
    verdict: latest?.verdict ?? null,
    signed: latest ? Boolean(latest.signature) : null,
    createdAt: new Date(s.created_ms).toISOString(),
    updatedAt: new Date(s.updated_ms).toISOString(),
  };
}

export function versionView(v: VersionRow, withFiles: boolean) {
  return {
    version: v.version,
    status: v.status,
    fingerprint: v.fingerprint,
    publisher: v.publisher_handle,
    signature: v.signature,
    publicKey: v.public_key,
    keyId: v.key_id,
    verdict: v.verdict,
    scanner: v.scanner,
    findings: summarizeFindings(v.findings as ScanFinding[]),
    changelog: v.changelog,
    createdAt: new Date(v.created_ms).toISOString(),
    ...(withFiles ? { files: v.files } : {}),
  };
}

export async function requireSkill(q: Queryable, slug: string, forUpdate = false): Promise<SkillRow> {
  const s = await findSkill(q, slug, forUpdate);
  // "skill not found" is the phrase the clawhub CLI matches to treat a 404 as "new skill".
  if (!s) throw new WeftError('E_NOT_FOUND', `skill not found: ${slug}`, { slug });
  return s;
}

export async function getSkillDetail(ctx: HubContext, slug: string) {
  const s = await requireSkill(ctx.db, slug);
  const latest = s.latest_version ? await findVersion(ctx.db, s.id, s.latest_version) : undefined;
  return { skill: s, latest };
}

export async function getVersions(ctx: HubContext, slug: string, page: { limit: number; offset: number }) {
  const s = await requireSkill(ctx.db, slug);
  const { rows, total } = await listVersions(ctx.db, s.id, page);
  return { skill: s, rows, total };
}

export async function getVersion(ctx: HubContext, slug: string, version: string) {
  const s = await requireSkill(ctx.db, slug);
  const v = await findVersion(ctx.db, s.id, version);
  if (!v) throw new WeftError('E_NOT_FOUND', `no version ${slug}@${version}`, { slug, version });
  return { skill: s, version: v };
}

export async function getCatalog(ctx: HubContext, o: { sinceMs: number; limit: number; offset: number }) {
  return listCatalog(ctx.db, o);
}

export interface Download {
  slug: string;
  version: string;
  fingerprint: string;
  bytes: Buffer;
  signature: string | null;
  publicKey: string | null;
  verdict: string;
}

/** Resolve version or tag (default `latest`), refuse quarantined and yanked versions, count the download. */
export async function downloadVersion(
  ctx: HubContext,
  slug: string,
  sel: { version?: string; tag?: string },
): Promise<Download> {
  const s = await requireSkill(ctx.db, slug);
  const version = sel.version ?? s.tags[sel.tag ?? 'latest'];
  if (!version) throw new WeftError('E_NOT_FOUND', `${slug} has no ${sel.tag ?? 'latest'} version`, { slug });
  const v = await findVersion(ctx.db, s.id, version);
  if (!v) throw new WeftError('E_NOT_FOUND', `no version ${slug}@${version}`, { slug, version });
  if (v.status === 'quarantined') {
    throw new WeftError('E_VERSION_QUARANTINED', `${slug}@${version} is quarantined (scan verdict block)`, {
      slug,
      version,
    });
  }
  if (v.status === 'yanked') {
    throw new WeftError('E_VERSION_YANKED', `${slug}@${version} was yanked`, { slug, version });
  }
  const bytes = await getBlob(ctx.db, v.archive_sha256);
  if (!bytes) throw new WeftError('E_INTERNAL', `archive blob missing for ${slug}@${version}`);
  await bumpCounter(ctx.db, s.id, 'downloads');
  return {
    slug,
    version,
    fingerprint: v.fingerprint,
    bytes,
    signature: v.signature,
    publicKey: v.public_key,
    verdict: v.verdict,
  };
}

export async function resolveByFingerprint(ctx: HubContext, slug: string, fingerprint?: string) {
  const s = await requireSkill(ctx.db, slug);
  const match = fingerprint ? await findVersionByFingerprint(ctx.db, s.id, fingerprint) : undefined;
  return { match: match ?? null, latest: s.latest_version };
}

function assertOwnerOrModerator(p: Principal, s: SkillRow): void {
  if (p.user.id !== s.owner_id && !isModerator(p)) {
    throw new WeftError('E_FORBIDDEN', `only ${s.owner_handle} or a moderator can change ${s.slug}`);
  }
}

/** Lock the skill row, check the caller may change it, and find the version (inside a transaction). */
async function lockVersionForOwner(q: Queryable, who: Principal, slug: string, version: string) {
  const s = await requireSkill(q, slug, true);
  assertOwnerOrModerator(who, s);
  const v = await findVersion(q, s.id, version);
  if (!v) throw new WeftError('E_NOT_FOUND', `no version ${slug}@${version}`);
  return { s, v };
}

/** Move a tag. `latest` only moves forward, and only to an installable version. */
export async function moveTag(
  ctx: HubContext,
  principal: Principal | undefined,
  slug: string,
  tag: string,
  version: string,
) {
  const who = requireScope(principal, 'publish');
  return ctx.db.tx(async (q) => {
    const { s, v } = await lockVersionForOwner(q, who, slug, version);
    if (v.status !== 'active') {
      throw new WeftError('E_CONFLICT', `${slug}@${version} is ${v.status} and cannot be tagged`);
    }
    if (tag === 'latest') {
      if (s.latest_version && semver.lt(version, s.latest_version)) {
        throw new WeftError('E_SEMVER_DOWNGRADE', `latest is ${s.latest_version}; it only moves forward`, {
          latest: s.latest_version,
          version,
        });
      }
      await setLatest(q, s.id, { version });
    } else {
      await setTag(q, s.id, tag, version);
    }
    return { slug, tag, version };
  });
}

/** Yank hides a version from installs; restore brings it back. `latest` is recomputed from active versions. */
export async function setYanked(
  ctx: HubContext,
  principal: Principal | undefined,
  slug: string,
  version: string,
  yanked: boolean,
) {
  const who = requireScope(principal, 'publish');
  return ctx.db.tx(async (q) => {
    const { s, v } = await lockVersionForOwner(q, who, slug, version);
    if (v.status === 'quarantined') {
      throw new WeftError(
        'E_VERSION_QUARANTINED',
        `${slug}@${version} is quarantined; only a re-scan can clear it`,
      );
    }
    await setVersionStatus(q, v.id, yanked ? 'yanked' : 'active');
    const best = semver.rsort(await activeVersions(q, s.id))[0] ?? null;
    if (best !== s.latest_version) await setLatest(q, s.id, { version: best });
    return { slug, version, status: yanked ? 'yanked' : 'active', latest: best };
  });
}
