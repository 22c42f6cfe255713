import { openStore } from '../src/hub/store/index.js';
const t0 = Date.now();
const db = await openStore({ memory: true });
console.log('open+migrate', Date.now() - t0);
console.log(await db.query('select id, name from schema_migrations'));
await db.close();
