import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/hub/store/index.js';
import { MIGRATIONS, migrate } from '../../../src/hub/store/migrations.js';
import {
  pgliteVersion,
  restoreSnapshot,
  type SnapshotMeta,
  snapshotPaths,
} from '../../../src/hub/store/snapshot.js';
import { tempDir } from '../../helpers/tmp.js';

describe('embedded store snapshot', () => {
  it('is current: made by the installed PGlite with every migration (else: npm run build:hub-snapshot)', async () => {
    const meta = JSON.parse(await readFile(snapshotPaths().meta, 'utf8')) as SnapshotMeta;
    assert.equal(meta.pglite, await pgliteVersion());
    assert.deepEqual(
      meta.migrations,
      MIGRATIONS.map((m) => m.id),
    );
  });

  it('a new --data directory is restored from it and is a working, fully migrated store', async () => {
    const dir = await tempDir('weft-snapshot-');
    const restored = await restoreSnapshot(join(dir, 'pg'));
    assert.deepEqual(
      restored,
      MIGRATIONS.map((m) => m.id),
    );
    const db = await openStore({ dataDir: dir });
    try {
      assert.deepEqual(await migrate(db), [], 'nothing left to migrate');
      await db.query(`INSERT INTO users (handle) VALUES ('snap')`);
      const [u] = await db.query<{ handle: string }>('SELECT handle FROM users');
      assert.equal(u?.handle, 'snap');
      const [v] = await db.query<{ d: number }>(`SELECT ('[1,0]'::vector <=> '[0,1]'::vector)::float8 AS d`);
      assert.equal(v?.d, 1, 'pgvector works');
      const [t] = await db.query<{ s: number }>(`SELECT similarity('weather', 'wether')::float8 AS s`);
      assert.ok((t?.s ?? 0) > 0.3, 'pg_trgm works');
    } finally {
      await db.close();
    }
    // Reopening the restored store is the ordinary existing-store path.
    const again = await openStore({ dataDir: dir });
    assert.equal((await again.query('SELECT handle FROM users')).length, 1);
    await again.close();
  });

  it('an older snapshot is upgraded by the migrations that follow it', async () => {
    const dir = await tempDir('weft-snapshot-');
    await restoreSnapshot(join(dir, 'pg'));
    const last = MIGRATIONS.at(-1)!.id;
    const db = await openStore({ dataDir: dir });
    await db.query('DELETE FROM schema_migrations WHERE id = $1', [last]);
    await db.close();
    const reopened = await openStore({ dataDir: dir });
    try {
      const ids = (await reopened.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')).map(
        (r) => Number(r.id),
      );
      assert.deepEqual(
        ids,
        MIGRATIONS.map((m) => m.id),
      );
    } finally {
      await reopened.close();
    }
  });

  it('is ignored (nothing written) when made by another PGlite or when the archive is damaged', async () => {
    const shipped = snapshotPaths();
    for (const damage of ['version', 'bytes'] as const) {
      const snapDir = await tempDir('weft-snapshot-src-');
      const copy = snapshotPaths(snapDir);
      await copyFile(shipped.zip, copy.zip);
      const meta = JSON.parse(await readFile(shipped.meta, 'utf8')) as SnapshotMeta;
      if (damage === 'version') meta.pglite = '0.0.0';
      else meta.sha256 = '0'.repeat(64);
      await writeFile(copy.meta, JSON.stringify(meta));
      const dir = await tempDir('weft-snapshot-');
      assert.equal(await restoreSnapshot(join(dir, 'pg'), snapDir), null, damage);
      assert.equal(existsSync(join(dir, 'pg')), false, damage);
    }
  });
});
