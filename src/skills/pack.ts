import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../config/files.js';
import { WeftError } from '../errors.js';
import { packBundle, unpackArchive } from './archive.js';
import { writeBundleAtomic } from './extract.js';
import { loadSkillDir, manifestOf, validateLoadedSkill } from './load.js';
import { BUNDLE_LIMITS } from './paths.js';

export async function packSkillDir(dir: string, out?: string) {
  const skill = await loadSkillDir(dir);
  const s = validateLoadedSkill(skill);
  const bytes = packBundle(skill.bundle);
  const path = resolve(out ?? `${s.slug}-${s.version ?? '0.0.0'}.zip`);
  await writeFileAtomic(path, bytes, 0o644);
  return {
    path,
    bytes: bytes.byteLength,
    files: s.files,
    fingerprint: s.fingerprint,
    slug: s.slug,
    version: s.version,
  };
}

/** Read an archive (size-capped before reading), verify it fully in memory, then extract atomically. */
export async function unpackArchiveFile(archive: string, dir: string) {
  const st = await stat(archive).catch((err) => {
    throw new WeftError('E_NOT_FOUND', `${archive}: no such file`, { path: archive }, { cause: err });
  });
  // A compressed archive is never larger than its content plus per-entry overhead.
  if (st.size > BUNDLE_LIMITS.maxBundleBytes + 1024 * 1024) {
    throw new WeftError('E_BUNDLE_TOO_LARGE', `${archive}: ${st.size} bytes exceeds the bundle limit`);
  }
  const bundle = unpackArchive(await readFile(archive));
  manifestOf(bundle, `${archive}:SKILL.md`);
  const target = resolve(dir);
  await writeBundleAtomic(bundle, target);
  return { dir: target, files: bundle.files.length, fingerprint: bundle.fingerprint };
}
