import { WeftError } from '../../errors.js';

/**
 * Slug squatting rules. Slugs are already limited to [a-z0-9-] (validateSlug),
 * so Unicode homoglyphs cannot appear in a slug; what remains are ASCII
 * look-alikes (0/o, 1/l/i, rn/m, vv/w, 5/s) and separator games
 * (`web-search` vs `websearch`). Each slug maps to a skeleton; two slugs with
 * the same skeleton are confusable and only the first one is accepted.
 */
export const RESERVED_SLUGS = new Set([
  'admin',
  'api',
  'clawft',
  'clawhub',
  'clawdhub',
  'hub',
  'login',
  'logout',
  'official',
  'openclaw',
  'register',
  'root',
  'search',
  'security',
  'settings',
  'support',
  'system',
  'weft',
  'well-known',
  'www',
]);

export function slugSkeleton(slug: string): string {
  return slug
    .toLowerCase()
    .replace(/-/g, '')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/cl/g, 'd')
    .replace(/[0]/g, 'o')
    .replace(/[1il|]/g, 'l')
    .replace(/5/g, 's')
    .replace(/8/g, 'b')
    .replace(/3/g, 'e');
}

export function assertNotReserved(slug: string): void {
  const skel = slugSkeleton(slug);
  for (const r of RESERVED_SLUGS) {
    if (slug === r || skel === slugSkeleton(r)) {
      throw new WeftError('E_SLUG_RESERVED', `slug ${JSON.stringify(slug)} is reserved`, { slug });
    }
  }
}
