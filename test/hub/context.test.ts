import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DEFAULT_RATE_LIMITS, parseRateLimits } from '../../src/hub/context.js';

it('parses --rate-limits specs and rejects malformed ones', () => {
  assert.equal(parseRateLimits('off').enabled, false);
  const r = parseRateLimits('read=10/1, download=5/30');
  assert.deepEqual(r.read, { limit: 10, windowSec: 1 });
  assert.deepEqual(r.download, { limit: 5, windowSec: 30 });
  assert.deepEqual(r.write, DEFAULT_RATE_LIMITS.write);
  for (const bad of ['read=10', 'upload=1/1', 'read=0/60', 'read=1/0', 'read=-1/60']) {
    assert.throws(() => parseRateLimits(bad), bad);
  }
});
