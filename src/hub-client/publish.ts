import { WeftError } from '../errors.js';
import { loadPrivateKey } from '../signing/keys.js';
import { signSkill } from '../signing/signature.js';
import { packBundle } from '../skills/archive.js';
import { loadSkillDir, validateLoadedSkill } from '../skills/load.js';
import type { HubClient } from './client.js';
import { findingLines, type ScanFn, type ScanOutcome } from './scan.js';

/**
 * Publish pipeline (author side): validate -> scan -> sign -> pack -> upload.
 * Everything before the upload runs for --dry-run too, so a dry run fails
 * exactly where a real publish would.
 */

export interface PublishRequest {
  dir: string;
  version?: string;
  tags?: string[];
  changelog?: string;
  dryRun?: boolean;
  /** Signing key name or path (default `default`, from `weft skill keygen`). */
  key?: string;
  /** Publish despite a local `block` verdict (the registry may still refuse). */
  force?: boolean;
}

export interface PublishOutcome {
  slug: string;
  version: string;
  fingerprint: string;
  keyId: string;
  files: number;
  archiveBytes: number;
  scan: ScanOutcome;
  dryRun: boolean;
  url: string | null;
  registryVerdict: string | null;
}

export async function publishSkillDir(
  req: PublishRequest,
  deps: { client: HubClient; scan: ScanFn; env?: NodeJS.ProcessEnv },
): Promise<PublishOutcome> {
  const skill = await loadSkillDir(req.dir);
  const summary = validateLoadedSkill(skill, req.version);
  const version = summary.version;
  if (!version) {
    throw new WeftError('E_SEMVER_INVALID', `${req.dir}: no version in SKILL.md; pass --version`, {
      dir: req.dir,
    });
  }
  const scan = await deps.scan(skill.bundle, skill.manifest);
  if (scan.verdict === 'block' && !req.force) {
    throw new WeftError(
      'E_SCAN_BLOCKED',
      `${summary.slug}@${version}: the security scan blocked this skill (${scan.findings} findings); fix them before publishing${findingLines(scan)}`,
      { findings: scan.summary },
    );
  }
  // Load the key before packing so a missing key fails fast, dry run or not.
  const key = await loadPrivateKey(req.key ?? 'default', deps.env);
  const signature = signSkill(key, summary.slug, version, summary.fingerprint);
  const archive = packBundle(skill.bundle);
  const base: PublishOutcome = {
    slug: summary.slug,
    version,
    fingerprint: summary.fingerprint,
    keyId: key.keyId,
    files: summary.files,
    archiveBytes: archive.byteLength,
    scan,
    dryRun: Boolean(req.dryRun),
    url: null,
    registryVerdict: null,
  };
  if (req.dryRun) return base;
  const metadata: {
    slug: string;
    version: string;
    fingerprint: string;
    tags?: string[];
    changelog?: string;
  } = {
    slug: summary.slug,
    version,
    fingerprint: summary.fingerprint,
  };
  if (req.tags?.length) metadata.tags = req.tags;
  if (req.changelog) metadata.changelog = req.changelog;
  const res = await deps.client.publish({ archive, signature, metadata });
  const url = res.url
    ? new URL(res.url, `${deps.client.registry}/`).toString()
    : `${deps.client.registry}/skills/${encodeURIComponent(summary.slug)}`;
  return { ...base, url, registryVerdict: res.verdict ?? null };
}
