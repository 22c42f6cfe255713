import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/hub/store/index.js';
import { bufferPoolMb } from '../../../src/hub/store/pglite.js';
import { tempDir } from '../../helpers/tmp.js';

describe('embedded store buffer pool', () => {
  it('is 70% of the database in 16 MB steps, between 32 and 256 MB', () => {
    const MB = 1 << 20;
    assert.equal(bufferPoolMb(0), 32, 'a new store starts with the smallest pool');
    assert.equal(bufferPoolMb(23 * MB), 32);
    assert.equal(bufferPoolMb(134 * MB), 96, 'the 10k-skill bench store');
    assert.equal(bufferPoolMb(10_000 * MB), 256);
    assert.equal(bufferPoolMb(Number.NaN), 32);
    assert.equal(bufferPoolMb(-1), 32);
  });

  it('opens a store with the size from the data directory, or the one WEFT_PGLITE_SHARED_BUFFERS sets', async () => {
    const dir = await tempDir('weft-pool-');
    const show = async () => {
      const db = await openStore({ dataDir: dir });
      try {
        const [r] = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
        return r?.shared_buffers;
      } finally {
        await db.close();
      }
    };
    assert.equal(await show(), '32MB');
    process.env.WEFT_PGLITE_SHARED_BUFFERS = '48MB';
    try {
      assert.equal(await show(), '48MB');
      process.env.WEFT_PGLITE_SHARED_BUFFERS = 'lots';
      await assert.rejects(openStore({ dataDir: join(dir, 'other') }), { code: 'E_CONFIG_INVALID' });
    } finally {
      delete process.env.WEFT_PGLITE_SHARED_BUFFERS;
    }
  });
});
