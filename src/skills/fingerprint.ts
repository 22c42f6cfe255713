import { createHash } from 'node:crypto';

export interface FileDigest {
  path: string;
  sha256: string;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Bundle fingerprint, identical to ClawHub's: sort by path with
 * `localeCompare`, hash the lines `<path>:<sha256>` joined by `\n`.
 * The collator is pinned to `en` so the order does not follow the host locale.
 */
export function bundleFingerprint(files: readonly FileDigest[]): string {
  const lines = [...files]
    .filter((f) => f.path && f.sha256)
    .sort((a, b) => a.path.localeCompare(b.path, 'en'))
    .map((f) => `${f.path}:${f.sha256}`);
  return sha256Hex(lines.join('\n'));
}
