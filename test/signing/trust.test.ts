import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WeftError } from '../../src/errors.js';
import { assertPinned, checkPin, readTrustStore, withPin, writeTrustStore } from '../../src/signing/trust.js';
import { tempDir } from '../helpers/tmp.js';

const K1 = Buffer.alloc(32, 1).toString('base64');
const K2 = Buffer.alloc(32, 2).toString('base64');

describe('trust store (TOFU)', () => {
  it('pins on first use, matches later, refuses a changed key', () => {
    let store = { version: 1 as const, pins: {} };
    assert.equal(checkPin(store, 'http://hub', 'a', K1).status, 'new');
    store = withPin(store, 'http://hub/', 'a', K1, 'alice');
    assert.equal(checkPin(store, 'http://hub', 'a', K1).status, 'match');
    assert.throws(
      () => assertPinned(store, 'http://hub', 'a', K2),
      (e: unknown) => e instanceof WeftError && e.code === 'E_KEY_CHANGED',
    );
    // Pins are per registry: the same slug elsewhere is a different publisher.
    assert.equal(checkPin(store, 'http://other', 'a', K2).status, 'new');
  });

  it('persists with 0600 and round-trips', async () => {
    const path = join(await tempDir(), 'trust.json');
    assert.deepEqual(await readTrustStore(path), { version: 1, pins: {} });
    await writeTrustStore(withPin({ version: 1, pins: {} }, 'r', 's', K1), path);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const back = await readTrustStore(path);
    assert.equal(back.pins['r::s']?.publicKey, K1);
  });

  it('reports a hand-corrupted store clearly and leaves it untouched', async () => {
    const path = join(await tempDir(), 'trust.json');
    await writeFile(path, '{"version":1,"pins":{');
    await assert.rejects(
      readTrustStore(path),
      (e: unknown) => e instanceof WeftError && e.code === 'E_TRUST_STORE_CORRUPT',
    );
    assert.equal(await readFile(path, 'utf8'), '{"version":1,"pins":{');
  });
});
