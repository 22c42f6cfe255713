import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../config/files.js';
import { WeftError } from '../errors.js';
import { SIGNATURE_FORMAT, type SkillSignature } from './signature.js';

/** The detached signature file a signed skill folder carries. A dot-path, so it is outside the fingerprint. */
export const SIGNATURE_FILE = '.clawft-signature.json';

export const SignatureFileSchema = z.strictObject({
  format: z.literal(SIGNATURE_FORMAT),
  slug: z.string(),
  version: z.string(),
  fingerprint: z.string(),
  publicKey: z.string(),
  keyId: z.string(),
  signature: z.string(),
});

export async function writeSignatureFile(dir: string, sig: SkillSignature): Promise<string> {
  const path = join(dir, SIGNATURE_FILE);
  await writeFileAtomic(path, `${JSON.stringify(sig, null, 2)}\n`, 0o644);
  return path;
}

export async function readSignatureFile(dir: string): Promise<SkillSignature> {
  const path = join(dir, SIGNATURE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new WeftError('E_SIGNATURE_MISSING', `${path}: no signature (run: weft skill sign ${dir})`, {
      path,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WeftError('E_SIGNATURE_INVALID', `${path}: not valid JSON`, { path });
  }
  const parsed = SignatureFileSchema.safeParse(json);
  if (!parsed.success)
    throw new WeftError('E_SIGNATURE_INVALID', `${path}: malformed signature file`, { path });
  return parsed.data;
}
