import type { SkillRow } from '../store/skills.js';
import type { VersionRow } from '../store/versions.js';

/**
 * ClawHub's response shapes (openclaw/clawhub packages/schema), produced from
 * our rows. They sit at the top level of our envelope so the official
 * `clawhub` CLI parses the same response weft clients read `data` from.
 */

export function clawhubSkill(s: SkillRow) {
  return {
    slug: s.slug,
    displayName: s.display_name,
    summary: s.summary || null,
    tags: s.tags,
    stats: {
      stars: s.stars,
      downloads: s.downloads,
      installsAllTime: s.installs,
      installsCurrent: s.installs,
    },
    createdAt: s.created_ms,
    updatedAt: s.updated_ms,
  };
}

export function clawhubVersion(v: VersionRow, withFiles = false) {
  return {
    version: v.version,
    createdAt: v.created_ms,
    changelog: v.changelog,
    license: null,
    ...(withFiles ? { files: v.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })) } : {}),
  };
}

export function clawhubModeration(v: VersionRow | undefined) {
  const verdict = v?.verdict ?? 'pass';
  return {
    isSuspicious: verdict === 'warn',
    isMalwareBlocked: verdict === 'block',
    verdict: verdict === 'pass' ? 'clean' : verdict === 'warn' ? 'suspicious' : 'malicious',
    reasonCodes: [],
    updatedAt: v?.created_ms ?? null,
    engineVersion: v?.scanner ?? null,
    summary: null,
  };
}

export function clawhubDetail(s: SkillRow, latest: VersionRow | undefined) {
  return {
    skill: clawhubSkill(s),
    latestVersion: latest ? clawhubVersion(latest) : null,
    owner: { handle: s.owner_handle, displayName: s.owner_handle, image: null },
    moderation: clawhubModeration(latest),
  };
}
