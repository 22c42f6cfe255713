import { WeftError } from '../errors.js';
import { type Bundle, type BundleOptions, findFile, readBundleDir } from './bundle.js';
import { parseSkillMd, type SkillManifest, validateSlug, validateVersion } from './manifest.js';

export const SKILL_FILE = 'SKILL.md';

export interface LoadedSkill {
  dir: string;
  manifest: SkillManifest;
  bundle: Bundle;
}

/** Read a skill folder: bundle rules first (so hostile trees fail early), then SKILL.md. */
export async function loadSkillDir(dir: string, opts?: BundleOptions): Promise<LoadedSkill> {
  const bundle = await readBundleDir(dir, opts);
  return { dir, bundle, manifest: manifestOf(bundle, `${dir}/${SKILL_FILE}`) };
}

export function manifestOf(bundle: Bundle, label = SKILL_FILE): SkillManifest {
  const file = findFile(bundle, SKILL_FILE);
  if (!file)
    throw new WeftError('E_MANIFEST_MISSING', `${label}: missing (a skill needs a SKILL.md at its root)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new WeftError('E_MANIFEST_PARSE', `${label}: not valid UTF-8`);
  }
  return parseSkillMd(text, label);
}

export interface SkillSummary {
  slug: string;
  name: string;
  version: string | null;
  description: string;
  fingerprint: string;
  files: number;
  bytes: number;
}

/** The checks `weft skill validate` and publish share: a usable slug and, when present, a semver version. */
export function validateLoadedSkill(skill: LoadedSkill, versionOverride?: string): SkillSummary {
  const slug = validateSlug(skill.manifest.slug);
  const version = versionOverride ?? skill.manifest.version;
  if (version !== undefined) validateVersion(version);
  return {
    slug,
    name: skill.manifest.name,
    version: version ?? null,
    description: skill.manifest.description,
    fingerprint: skill.bundle.fingerprint,
    files: skill.bundle.files.length,
    bytes: skill.bundle.totalBytes,
  };
}
