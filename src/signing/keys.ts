import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/files.js';
import { statePaths } from '../config/paths.js';
import { WeftError } from '../errors.js';

/**
 * Ed25519 keys. On disk: PKCS#8 PEM private key (0600) and SPKI PEM public key.
 * On the wire: the raw 32-byte public key in base64, and a short key id
 * (first 16 hex chars of its sha256) that people can compare by eye.
 */

export interface KeyPairInfo {
  name: string;
  privateKeyPath: string;
  publicKeyPath: string;
  publicKey: string; // base64 raw 32 bytes
  keyId: string;
}

export function keyPaths(name: string, env: NodeJS.ProcessEnv = process.env): { priv: string; pub: string } {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    throw new WeftError('E_USAGE', `invalid key name ${JSON.stringify(name)}: use letters, digits, - and _`);
  }
  const dir = statePaths(env).keysDir;
  return { priv: join(dir, `${name}.key`), pub: join(dir, `${name}.pub`) };
}

export async function generateKey(
  name = 'default',
  opts: { force?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<KeyPairInfo> {
  const { priv, pub } = keyPaths(name, opts.env);
  if (!opts.force && (await exists(priv))) {
    throw new WeftError('E_KEY_EXISTS', `key ${name} already exists at ${priv} (use --force to replace it)`, {
      path: priv,
    });
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await writeFileAtomic(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
  await writeFileAtomic(pub, publicKey.export({ type: 'spki', format: 'pem' }) as string, 0o644);
  const raw = rawPublicKey(publicKey);
  return {
    name,
    privateKeyPath: priv,
    publicKeyPath: pub,
    publicKey: raw.toString('base64'),
    keyId: keyIdOf(raw),
  };
}

export interface LoadedPrivateKey {
  privateKey: KeyObject;
  publicKey: string;
  keyId: string;
  path: string;
}

export async function loadPrivateKey(
  pathOrName = 'default',
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedPrivateKey> {
  const path =
    pathOrName.includes('/') || pathOrName.endsWith('.key') ? pathOrName : keyPaths(pathOrName, env).priv;
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (err) {
    throw new WeftError(
      'E_KEY_MISSING',
      `no signing key at ${path} (run: weft skill keygen)`,
      { path },
      { cause: err },
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (err) {
    throw new WeftError('E_KEY_INVALID', `${path}: not a PEM private key`, { path }, { cause: err });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new WeftError(
      'E_KEY_INVALID',
      `${path}: expected an Ed25519 key, got ${privateKey.asymmetricKeyType}`,
    );
  }
  const raw = rawPublicKey(createPublicKey(privateKey));
  return { privateKey, publicKey: raw.toString('base64'), keyId: keyIdOf(raw), path };
}

export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' }) as { x?: string };
  if (!jwk.x) throw new WeftError('E_KEY_INVALID', 'not an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

/** Parse a base64 raw Ed25519 public key strictly: exactly 32 bytes, canonical base64. */
export function publicKeyFromBase64(b64: string): KeyObject {
  const raw = strictBase64(b64, 32, 'public key');
  try {
    return createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    });
  } catch (err) {
    throw new WeftError('E_KEY_INVALID', 'invalid Ed25519 public key', undefined, { cause: err });
  }
}

export function keyIdOf(raw: Uint8Array | string): string {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw;
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/**
 * Decode base64 and insist it is the one canonical encoding of the expected
 * length. Accepting alternate encodings lets one signature have many spellings.
 */
export function strictBase64(b64: string, length: number, what: string): Buffer {
  const code = what === 'signature' ? 'E_SIGNATURE_INVALID' : 'E_KEY_INVALID';
  if (typeof b64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
    throw new WeftError(code, `${what} is not base64`);
  }
  const buf = Buffer.from(b64, 'base64');
  if (buf.length !== length || buf.toString('base64') !== b64) {
    throw new WeftError(code, `${what} must be ${length} bytes in canonical base64`);
  }
  return buf;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
