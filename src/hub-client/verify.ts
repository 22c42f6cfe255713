import { WeftError } from '../errors.js';
import { verifySkillSignature } from '../signing/signature.js';
import { unpackArchive } from '../skills/archive.js';
import type { Bundle } from '../skills/bundle.js';
import type { HubClient } from './client.js';
import type { InstallEvent } from './install.js';
import type { VersionDetail } from './schemas.js';

/** The integrity half of install: fetch a version and prove it is what its publisher signed. */

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new WeftError('E_ABORTED', 'interrupted; nothing was changed');
}

function signatureOf(detail: VersionDetail): { signature: string; publicKey: string } | undefined {
  const s = detail.signature;
  if (!s) return undefined;
  if (typeof s === 'string') {
    return detail.publicKey ? { signature: s, publicKey: detail.publicKey } : undefined;
  }
  const publicKey = s.publicKey ?? detail.publicKey;
  return publicKey ? { signature: s.signature, publicKey } : undefined;
}

export interface VerifiedDownload {
  bundle: Bundle;
  detail: VersionDetail;
  signature: { signature: string; publicKey: string; keyId: string } | undefined;
}

/**
 * Download a version and prove it is what the registry published: the
 * header fingerprint, the version record's fingerprint and the one
 * recomputed from the bytes must agree, and the signature must verify over
 * the recomputed one. Exported for `weft skill info --verify` and the agent.
 */
export async function downloadVerified(
  client: HubClient,
  slug: string,
  version: string,
  opts: { allowUnsigned?: boolean; signal?: AbortSignal; onProgress?: (ev: InstallEvent) => void } = {},
): Promise<VerifiedDownload> {
  const detail = await client.version(slug, version);
  if (detail.version !== version) {
    throw new WeftError(
      'E_REGISTRY_RESPONSE',
      `asked for ${slug}@${version}, registry described ${detail.version}`,
    );
  }
  if (detail.status === 'quarantined') {
    throw new WeftError(
      'E_SCAN_BLOCKED',
      `${slug}@${version} is quarantined by the registry (scan verdict block)`,
      {
        slug,
        version,
      },
    );
  }
  if (detail.yanked || detail.status === 'yanked') {
    throw new WeftError('E_NOT_FOUND', `${slug}@${version} was yanked by its publisher`, { slug, version });
  }
  throwIfAborted(opts.signal);
  opts.onProgress?.({ phase: 'download', slug, version });
  const dl = await client.download(slug, { version });
  throwIfAborted(opts.signal);
  opts.onProgress?.({ phase: 'verify', slug, version });
  const bundle = unpackArchive(dl.bytes);
  const recomputed = bundle.fingerprint;
  if (dl.fingerprint !== detail.fingerprint || recomputed !== detail.fingerprint) {
    throw new WeftError(
      'E_FINGERPRINT_MISMATCH',
      `${slug}@${version}: downloaded content does not match what the registry published ` +
        `(published ${detail.fingerprint.slice(0, 12)}, download header ${dl.fingerprint.slice(0, 12)}, ` +
        `recomputed ${recomputed.slice(0, 12)}); refusing to install`,
      { slug, version, published: detail.fingerprint, header: dl.fingerprint, recomputed },
    );
  }
  const sig = signatureOf(detail);
  if (!sig) {
    if (!opts.allowUnsigned) {
      throw new WeftError(
        'E_UNSIGNED',
        `${slug}@${version} is not signed; refusing to install (--allow-unsigned is for local development only)`,
        { slug, version },
      );
    }
    return { bundle, detail, signature: undefined };
  }
  const { keyId } = verifySkillSignature(sig, { slug, version, fingerprint: recomputed });
  return { bundle, detail, signature: { ...sig, keyId } };
}
