/**
 * npm run build:hub-snapshot: writes models/hub/pglite-store.{zip.br,json}, an empty embedded hub
 * store with every migration applied, which `weft hub serve` restores for a new --data directory
 * instead of running initdb and the migrations. Rerun after adding a migration (a test fails
 * until you do).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSnapshot } from '../../src/hub/store/snapshot.js';

process.env.WEFT_HUB_SNAPSHOT = 'off'; // build from scratch, never from the previous snapshot
const { openStore } = await import('../../src/hub/store/index.js');
const dir = await mkdtemp(join(tmpdir(), 'weft-hub-snapshot-'));
try {
  const db = await openStore({ dataDir: dir });
  await db.query('VACUUM FREEZE');
  await db.query('CHECKPOINT');
  const ids = (await db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')).map((r) =>
    Number(r.id),
  );
  await db.close();
  const meta = await writeSnapshot(join(dir, 'pg'), ids);
  console.log(
    `models/hub/pglite-store.zip.br: PGlite ${meta.pglite}, migrations ${ids.join(',')}, sha256 ${meta.sha256}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
