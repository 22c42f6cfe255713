import { generateKeyPairSync } from 'node:crypto';
import { hasDist, importDist } from './dist.mjs';
import { registerMicro } from './registry.mjs';

registerMicro({
  id: 'signing.verify',
  title: 'verify one Ed25519 skill signature (canonical message, strict base64, key import)',
  available: async () => hasDist('signing/signature.js') && hasDist('signing/keys.js'),
  setup: async () => {
    const { signSkill, verifySkillSignature } = await importDist('signing/signature.js');
    const { rawPublicKey } = await importDist('signing/keys.js');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pub = rawPublicKey(publicKey).toString('base64');
    const fingerprint = 'a'.repeat(64);
    const sig = signSkill({ privateKey, publicKey: pub }, 'web-search', '1.4.2', fingerprint);
    const expected = { slug: 'web-search', version: '1.4.2', fingerprint };
    return () => verifySkillSignature(sig, expected);
  },
});
