import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WeftError } from '../../src/errors.js';
import { rawPublicKey } from '../../src/signing/keys.js';
import { signingMessage, signSkill, verifySkillSignature } from '../../src/signing/signature.js';

const code = (c: string) => (e: unknown) => e instanceof WeftError && e.code === c;
const FP = 'a'.repeat(64);

function newKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: rawPublicKey(publicKey).toString('base64') };
}

describe('skill signatures', () => {
  const key = newKey();
  const sig = signSkill(key, 'web-search', '1.0.0', FP);

  it('verifies what it signed', () => {
    const res = verifySkillSignature(sig, { slug: 'web-search', version: '1.0.0', fingerprint: FP });
    assert.equal(res.publicKey, key.publicKey);
    assert.equal(res.keyId.length, 16);
  });

  it('binds slug, version and content: replay onto anything else fails', () => {
    const bare = { signature: sig.signature, publicKey: sig.publicKey };
    assert.throws(
      () => verifySkillSignature(bare, { slug: 'web-searc', version: '1.0.0', fingerprint: FP }),
      code('E_SIGNATURE_INVALID'),
    );
    assert.throws(
      () => verifySkillSignature(bare, { slug: 'web-search', version: '1.0.1', fingerprint: FP }),
      code('E_SIGNATURE_INVALID'),
    );
    assert.throws(
      () => verifySkillSignature(bare, { slug: 'web-search', version: '1.0.0', fingerprint: 'b'.repeat(64) }),
      code('E_SIGNATURE_INVALID'),
    );
    // A record that claims other values is rejected before any crypto.
    assert.throws(
      () => verifySkillSignature(sig, { slug: 'web-search', version: '2.0.0', fingerprint: FP }),
      code('E_SIGNATURE_INVALID'),
    );
  });

  it('rejects a signature made by another key', () => {
    const other = newKey();
    const forged = { ...signSkill(other, 'web-search', '1.0.0', FP), publicKey: key.publicKey };
    assert.throws(
      () => verifySkillSignature(forged, { slug: 'web-search', version: '1.0.0', fingerprint: FP }),
      code('E_SIGNATURE_INVALID'),
    );
  });

  it('rejects malleated signatures (S + L) and non-canonical encodings', () => {
    const raw = Buffer.from(sig.signature, 'base64');
    const L = (1n << 252n) + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(raw[32 + i]!);
    let s2 = s + L;
    const mall = Buffer.from(raw);
    for (let i = 0; i < 32; i++) {
      mall[32 + i] = Number(s2 & 0xffn);
      s2 >>= 8n;
    }
    const expected = { slug: 'web-search', version: '1.0.0', fingerprint: FP };
    assert.throws(
      () => verifySkillSignature({ ...sig, signature: mall.toString('base64') }, expected),
      code('E_SIGNATURE_INVALID'),
    );
    // Same bytes, different spelling: url-safe alphabet, missing padding, whitespace.
    for (const spelling of [
      raw.toString('base64url'),
      sig.signature.replace(/=+$/, ''),
      ` ${sig.signature}`,
    ]) {
      assert.throws(
        () => verifySkillSignature({ ...sig, signature: spelling }, expected),
        code('E_SIGNATURE_INVALID'),
      );
    }
    assert.throws(
      () => verifySkillSignature({ ...sig, signature: raw.subarray(0, 63).toString('base64') }, expected),
      code('E_SIGNATURE_INVALID'),
    );
  });

  it('rejects a flipped bit anywhere in the signature', () => {
    const raw = Buffer.from(sig.signature, 'base64');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 511 }), (bit) => {
        const b = Buffer.from(raw);
        b[bit >> 3]! ^= 1 << (bit & 7);
        assert.throws(() =>
          verifySkillSignature(
            { ...sig, signature: b.toString('base64') },
            { slug: 'web-search', version: '1.0.0', fingerprint: FP },
          ),
        );
      }),
      { numRuns: 64 },
    );
  });

  it('refuses line breaks that could make two messages collide', () => {
    assert.throws(() => signingMessage('a\nb', '1.0.0', FP), code('E_SIGNATURE_INVALID'));
    assert.throws(() => signingMessage('a', '1.0.0', 'zz'), code('E_FINGERPRINT_MISMATCH'));
  });
});
