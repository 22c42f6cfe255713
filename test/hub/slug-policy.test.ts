import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { WeftError } from '../../src/errors.js';
import { assertNotReserved, slugSkeleton } from '../../src/hub/services/slug-policy.js';

it('maps look-alike slugs to the same skeleton', () => {
  const base = slugSkeleton('web-search');
  for (const s of ['websearch', 'web-5earch', 'vveb-search', 'web--search', 'w-e-b-search'])
    assert.equal(slugSkeleton(s), base, s);
  assert.equal(slugSkeleton('rnail'), slugSkeleton('mail'));
  assert.equal(slugSkeleton('g00gle'), slugSkeleton('google'));
  assert.notEqual(slugSkeleton('web-scrape'), base);
});

it('refuses reserved names and their look-alikes', () => {
  for (const s of ['admin', 'adm1n', 'open-claw', 'c-lawft', 'weft']) {
    assert.throws(
      () => assertNotReserved(s),
      (e: WeftError) => e.code === 'E_SLUG_RESERVED',
      s,
    );
  }
  assert.doesNotThrow(() => assertNotReserved('pdf-tools'));
});
