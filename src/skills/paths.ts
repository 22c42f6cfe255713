import { WeftError } from '../errors.js';

/** Hard limits from SPEC §3. Exported so the hub and the client enforce the same numbers. */
export const BUNDLE_LIMITS = {
  maxFileBytes: 10 * 1024 * 1024,
  maxBundleBytes: 50 * 1024 * 1024,
  maxFiles: 2000,
  maxPathLength: 1024,
  maxSegmentLength: 255,
} as const;

export type BundleLimits = { [K in keyof typeof BUNDLE_LIMITS]: number };

/**
 * Why a relative bundle path is unsafe, or undefined when it is fine.
 * Paths are POSIX, relative, with no `.`/`..`/empty segments, no NUL or other
 * control characters and no backslashes (which Windows treats as separators,
 * the classic zip-slip vector).
 */
export function unsafePathReason(path: string): string | undefined {
  if (path.length === 0) return 'empty path';
  if (path.length > BUNDLE_LIMITS.maxPathLength) return 'path too long';
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'control or NUL character in path';
  if (path.includes('\\')) return 'backslash in path';
  if (path.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(path)) return 'drive-letter path';
  for (const seg of path.split('/')) {
    if (seg === '') return 'empty path segment';
    if (seg === '.' || seg === '..') return `'${seg}' segment`;
    if (seg.length > BUNDLE_LIMITS.maxSegmentLength) return 'path segment too long';
  }
  return undefined;
}

export function assertSafeRelPath(path: string): string {
  const reason = unsafePathReason(path);
  if (reason)
    throw new WeftError('E_PATH_UNSAFE', `unsafe path ${JSON.stringify(path)}: ${reason}`, { path, reason });
  return path;
}

/** Dot-paths and node_modules never enter a bundle (same rule as ClawHub's file lister). */
export function isExcludedFromBundle(path: string): boolean {
  return path.split('/').some((seg) => seg.startsWith('.') || seg === 'node_modules');
}

/** Throws on two paths that differ only by case: they collide on macOS and Windows checkouts. */
export function assertNoCaseCollisions(paths: Iterable<string>): void {
  const seen = new Map<string, string>();
  for (const p of paths) {
    const key = p.normalize('NFC').toLowerCase();
    const prior = seen.get(key);
    if (prior !== undefined && prior !== p) {
      throw new WeftError('E_CASE_COLLISION', `paths collide by case: ${prior} and ${p}`, {
        paths: [prior, p],
      });
    }
    seen.set(key, p);
  }
}
