import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../config/files.js';
import { statePaths } from '../config/paths.js';
import { WeftError } from '../errors.js';
import { keyIdOf } from './keys.js';

/**
 * Trust on first use: the first verified install of a skill pins its
 * publisher key; any later version signed by a different key is refused
 * until the user explicitly re-pins. Pins are per registry and slug.
 */

const PinSchema = z.strictObject({
  publicKey: z.string(),
  keyId: z.string(),
  publisher: z.string().optional(),
  pinnedAt: z.string(),
});

export const TrustStoreSchema = z.strictObject({
  version: z.literal(1),
  pins: z.record(z.string(), PinSchema),
});

export type TrustStore = z.output<typeof TrustStoreSchema>;
export type Pin = z.output<typeof PinSchema>;

export function pinKey(registry: string, slug: string): string {
  return `${registry.replace(/\/+$/, '')}::${slug}`;
}

export async function readTrustStore(path = statePaths().trustFile): Promise<TrustStore> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, pins: {} };
    throw new WeftError('E_IO', `${path}: cannot read trust store`, { path }, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WeftError(
      'E_TRUST_STORE_CORRUPT',
      `${path}: not valid JSON (fix or remove it; pins will be re-learned)`,
      {
        path,
      },
    );
  }
  const parsed = TrustStoreSchema.safeParse(json);
  if (!parsed.success) {
    throw new WeftError('E_TRUST_STORE_CORRUPT', `${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      path,
    });
  }
  return parsed.data;
}

export async function writeTrustStore(store: TrustStore, path = statePaths().trustFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(store, null, 2)}\n`, 0o600);
}

export type PinCheck = { status: 'new' } | { status: 'match'; pin: Pin } | { status: 'changed'; pin: Pin };

export function checkPin(store: TrustStore, registry: string, slug: string, publicKey: string): PinCheck {
  const pin = store.pins[pinKey(registry, slug)];
  if (!pin) return { status: 'new' };
  return pin.publicKey === publicKey ? { status: 'match', pin } : { status: 'changed', pin };
}

export function withPin(
  store: TrustStore,
  registry: string,
  slug: string,
  publicKey: string,
  publisher?: string,
  now = new Date(),
): TrustStore {
  const pin: Pin = { publicKey, keyId: keyIdOf(publicKey), pinnedAt: now.toISOString() };
  if (publisher) pin.publisher = publisher;
  return { version: 1, pins: { ...store.pins, [pinKey(registry, slug)]: pin } };
}

/** Throws E_KEY_CHANGED unless the key matches the pin (or nothing is pinned yet). */
export function assertPinned(store: TrustStore, registry: string, slug: string, publicKey: string): PinCheck {
  const check = checkPin(store, registry, slug, publicKey);
  if (check.status === 'changed') {
    throw new WeftError(
      'E_KEY_CHANGED',
      `publisher key for ${slug} changed: pinned ${check.pin.keyId}, got ${keyIdOf(publicKey)} (re-pin only if you trust the new key)`,
      { slug, pinned: check.pin.keyId, got: keyIdOf(publicKey) },
    );
  }
  return check;
}
