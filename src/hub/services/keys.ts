import { verify as edVerify } from 'node:crypto';
import { WeftError } from '../../errors.js';
import { keyIdOf, publicKeyFromBase64, strictBase64 } from '../../signing/keys.js';
import type { Queryable } from '../store/db.js';
import {
  findActiveKey,
  findKeyByPublicKey,
  findUserByHandle,
  insertKey,
  retireActiveKey,
} from '../store/users.js';

/**
 * Publisher key rotation. The bound key changes only through here: either
 * an admin does it (offline `weft hub key rotate`), or the publisher proves
 * possession of the old key by signing the rotation message with it.
 */
export function rotationMessage(handle: string, newPublicKey: string): Buffer {
  return Buffer.from(`clawft-key-rotate-v1\n${handle}\n${newPublicKey}`, 'utf8');
}

export async function rotateKey(
  q: Queryable,
  o: { handle: string; newPublicKey: string; proof?: string; asAdmin: boolean },
): Promise<{ user: string; keyId: string; previousKeyId: string | null }> {
  publicKeyFromBase64(o.newPublicKey); // validates shape
  const user = await findUserByHandle(q, o.handle);
  if (!user) throw new WeftError('E_NOT_FOUND', `no user ${o.handle}`);
  const active = await findActiveKey(q, user.id);
  if (active && !o.asAdmin) {
    if (!o.proof)
      throw new WeftError('E_SIGNATURE_MISSING', 'key rotation needs a proof signed by the current key');
    const ok = edVerify(
      null,
      rotationMessage(o.handle, o.newPublicKey),
      publicKeyFromBase64(active.public_key),
      strictBase64(o.proof, 64, 'signature'),
    );
    if (!ok)
      throw new WeftError('E_SIGNATURE_INVALID', 'rotation proof does not verify against the current key');
  }
  const taken = await findKeyByPublicKey(q, o.newPublicKey);
  if (taken) throw new WeftError('E_KEY_EXISTS', 'that key is already registered');
  await retireActiveKey(q, user.id);
  const keyId = keyIdOf(o.newPublicKey);
  await insertKey(q, user.id, o.newPublicKey, keyId);
  return { user: o.handle, keyId, previousKeyId: active?.key_id ?? null };
}
