import { type Db, openDb, type StoreLocation } from './db.js';
import { migrate } from './migrations.js';

export type { Db, Queryable, StoreLocation } from './db.js';

/** Open a store and bring its schema up to date. */
export async function openStore(loc: StoreLocation): Promise<Db> {
  const db = await openDb(loc);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return db;
}
