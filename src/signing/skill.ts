import { WeftError } from '../errors.js';
import { loadSkillDir, validateLoadedSkill } from '../skills/load.js';
import { readSignatureFile, writeSignatureFile } from './detached.js';
import { loadPrivateKey } from './keys.js';
import { type SkillSignature, signSkill, verifySkillSignature } from './signature.js';

export interface SignResult {
  path: string;
  signature: SkillSignature;
}

/** Sign a skill folder: fingerprint its bundle and write the detached signature next to SKILL.md. */
export async function signSkillDir(
  dir: string,
  opts: { key?: string; version?: string } = {},
): Promise<SignResult> {
  const skill = await loadSkillDir(dir);
  const summary = validateLoadedSkill(skill, opts.version);
  if (!summary.version) {
    throw new WeftError('E_SEMVER_INVALID', `${dir}: no version in SKILL.md; pass --version`, { dir });
  }
  const key = await loadPrivateKey(opts.key);
  const signature = signSkill(key, summary.slug, summary.version, summary.fingerprint);
  return { path: await writeSignatureFile(dir, signature), signature };
}

export interface VerifyResult {
  slug: string;
  version: string;
  fingerprint: string;
  keyId: string;
  publicKey: string;
}

/** Recompute the fingerprint and check the detached signature against it (and an expected key, if given). */
export async function verifySkillDir(
  dir: string,
  opts: { publicKey?: string; version?: string } = {},
): Promise<VerifyResult> {
  const skill = await loadSkillDir(dir);
  const sig = await readSignatureFile(dir);
  const summary = validateLoadedSkill(skill, opts.version ?? sig.version);
  const version = summary.version ?? sig.version;
  const { keyId, publicKey } = verifySkillSignature(sig, {
    slug: summary.slug,
    version,
    fingerprint: summary.fingerprint,
  });
  if (opts.publicKey && opts.publicKey !== publicKey) {
    throw new WeftError('E_KEY_CHANGED', `signed by key ${keyId}, which is not the expected key`, { keyId });
  }
  return { slug: summary.slug, version, fingerprint: summary.fingerprint, keyId, publicKey };
}
