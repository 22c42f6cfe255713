import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HubContext } from '../../../src/hub/context.js';
import { lexicalSearch, pagesStale, statisticsStale } from '../../../src/hub/services/search.js';
import { openStore } from '../../../src/hub/store/index.js';
import { insertSkill, setLatest } from '../../../src/hub/store/skills.js';
import { findUserByHandle, insertUser } from '../../../src/hub/store/users.js';
import { tempDir } from '../../helpers/tmp.js';

describe('search statistics on the embedded store', () => {
  it('counts a drift of more than a fifth (and 50 skills) as stale', () => {
    assert.equal(statisticsStale(0, 0), false);
    assert.equal(statisticsStale(40, 0), false, 'a small registry: every word retrieves anyway');
    assert.equal(statisticsStale(120, 0), true, 'never analyzed');
    assert.equal(statisticsStale(1000, 900), false);
    assert.equal(statisticsStale(1000, 500), true, 'a bulk import since the last ANALYZE');
    assert.equal(statisticsStale(500, 1000), true, 'a bulk removal');
    assert.equal(statisticsStale(10, -1), false, 'PostgreSQL reports -1 before the first ANALYZE');
    assert.equal(pagesStale(0, 5), false, 'a few pages: a scan is the right plan anyway');
    assert.equal(pagesStale(0, 40), true, 'never analyzed, now 40 pages');
    assert.equal(pagesStale(100, 120), false);
    assert.equal(pagesStale(100, 130), true);
  });

  it('a search after a bulk import refreshes them once, in the background, and still ranks meanwhile', async () => {
    const db = await openStore({ dataDir: await tempDir('weft-stats-') });
    try {
      await insertUser(db, 'bulk', 'user');
      const owner = (await findUserByHandle(db, 'bulk'))!;
      await db.tx(async (q) => {
        for (let i = 0; i < 120; i++) {
          const slug = `bulk-skill-${i}`;
          const summary =
            i === 7 ? 'Keep the laptop awake while a long task runs' : `Keep notes about topic ${i}`;
          const id = await insertSkill(q, {
            slug,
            skeleton: slug,
            displayName: slug,
            summary,
            ownerId: owner.id,
          });
          await setLatest(q, id, { version: '1.0.0', displayName: slug, summary, readme: summary });
        }
      });
      const before = await db.query<{ n: number }>(
        `SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'skills'::regclass`,
      );
      assert.ok((before[0]?.n ?? 0) < 50, 'nothing analyzed the import yet');
      const ctx = { db } as HubContext;
      const hits = await lexicalSearch(ctx, 'keep the laptop awake', 10);
      const top = [...hits].sort((a, b) => b.text_rank - a.text_rank)[0];
      assert.equal(top?.slug, 'bulk-skill-7', 'the rare words win without statistics too');
      let analyzed = 0;
      for (let i = 0; i < 100 && analyzed < 100; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const [r] = await db.query<{ n: number }>(
          `SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'skills'::regclass`,
        );
        analyzed = r?.n ?? 0;
      }
      assert.equal(analyzed, 120, 'ANALYZE ran after the search');
    } finally {
      await db.close();
    }
  });
});
