import { sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { WeftError } from '../errors.js';
import { keyIdOf, publicKeyFromBase64, strictBase64 } from './keys.js';

export const SIGNATURE_FORMAT = 'clawft-skill-v1';

/**
 * The signed message binds slug and version to the content, so a valid
 * signature cannot be replayed onto another name or version (SPEC §4).
 */
export function signingMessage(slug: string, version: string, fingerprint: string): Buffer {
  if (/[\n\r]/.test(slug + version + fingerprint)) {
    throw new WeftError('E_SIGNATURE_INVALID', 'slug, version and fingerprint must not contain line breaks');
  }
  if (!/^[0-9a-f]{64}$/.test(fingerprint)) {
    throw new WeftError('E_FINGERPRINT_MISMATCH', 'fingerprint must be 64 lowercase hex characters');
  }
  return Buffer.from(`${SIGNATURE_FORMAT}\n${slug}\n${version}\n${fingerprint}`, 'utf8');
}

export interface SkillSignature {
  format: typeof SIGNATURE_FORMAT;
  slug: string;
  version: string;
  fingerprint: string;
  publicKey: string;
  keyId: string;
  signature: string;
}

export function signSkill(
  key: { privateKey: KeyObject; publicKey: string },
  slug: string,
  version: string,
  fingerprint: string,
): SkillSignature {
  const sig = edSign(null, signingMessage(slug, version, fingerprint), key.privateKey);
  return {
    format: SIGNATURE_FORMAT,
    slug,
    version,
    fingerprint,
    publicKey: key.publicKey,
    keyId: keyIdOf(key.publicKey),
    signature: sig.toString('base64'),
  };
}

/**
 * Verify a detached signature against what the verifier computed itself
 * (slug, version, fingerprint). Fields inside the signature record are never
 * trusted on their own; a record claiming other values is rejected.
 */
export function verifySkillSignature(
  sig: Pick<SkillSignature, 'signature' | 'publicKey'> & Partial<SkillSignature>,
  expected: { slug: string; version: string; fingerprint: string },
): { keyId: string; publicKey: string } {
  if (sig.format !== undefined && sig.format !== SIGNATURE_FORMAT) {
    throw new WeftError('E_SIGNATURE_INVALID', `unknown signature format ${JSON.stringify(sig.format)}`);
  }
  for (const field of ['slug', 'version', 'fingerprint'] as const) {
    const claimed = sig[field];
    if (claimed !== undefined && claimed !== expected[field]) {
      const code = field === 'fingerprint' ? 'E_FINGERPRINT_MISMATCH' : 'E_SIGNATURE_INVALID';
      throw new WeftError(
        code,
        `signature is for ${field} ${JSON.stringify(claimed)}, not ${JSON.stringify(expected[field])}`,
        {
          field,
        },
      );
    }
  }
  const pub = publicKeyFromBase64(sig.publicKey);
  const raw = strictBase64(sig.signature, 64, 'signature');
  const ok = edVerify(null, signingMessage(expected.slug, expected.version, expected.fingerprint), pub, raw);
  if (!ok)
    throw new WeftError(
      'E_SIGNATURE_INVALID',
      'signature does not verify for this slug, version and content',
    );
  return { keyId: keyIdOf(sig.publicKey), publicKey: sig.publicKey };
}
