import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it, type TestContext } from 'node:test';
import { createEmbedder } from '../../../src/hub/search/embed/index.js';
import { createSearchRuntime } from '../../../src/hub/search/runtime.js';
import { backfillEmbeddings } from '../../../src/hub/services/search-index.js';
import type { StoreLocation } from '../../../src/hub/store/db.js';
import { countEmbeddings } from '../../../src/hub/store/embeddings.js';
import { isShortQuery, lexicalCandidates } from '../../../src/hub/store/skills.js';
import {
  api,
  BLOCK_MARKER,
  embeddedLocation,
  type Harness,
  postgresLocation,
  publish,
  startTestHub,
} from '../../helpers/hub.js';

// Hybrid search through the real API, on the embedded store (PGlite + pgvector HNSW) and PostgreSQL.
const SKILLS: Array<[string, string]> = [
  ['inbox-digest', 'Summarize unread messages from your mailbox every morning'],
  ['cluster-pilot', 'Operate Kubernetes clusters, pods, deployments and rollouts'],
  ['photo-tidy', 'Sort and deduplicate pictures in a photo library'],
];
const QUERY = encodeURIComponent('summarize my unread email');

for (const store of ['pglite', 'postgres'] as const) {
  describe(`hybrid search with the local embedder (${store})`, () => {
    let h: Harness;
    let drop: (() => Promise<void>) | undefined;
    let skip: string | undefined;
    before(async () => {
      let loc: StoreLocation;
      if (store === 'postgres') {
        // Reachable PostgreSQL is required in CI (postgresLocation throws there); locally it may be absent.
        const pg = await postgresLocation();
        if (!pg.loc) {
          skip = pg.reason;
          return;
        }
        loc = pg.loc;
        drop = pg.drop;
      } else loc = await embeddedLocation();
      h = await startTestHub(loc, { embedder: { kind: 'local' } });
      for (const [slug, description] of SKILLS) {
        const r = await publish(h, { slug, version: '1.0.0', description });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      // Semantically the closest skill to the query, but the scanner blocks it.
      const q = await publish(h, {
        slug: 'mail-summarizer',
        version: '1.0.0',
        description: `Summarize my unread email inbox ${BLOCK_MARKER}`,
      });
      assert.equal(q.body.data.status, 'quarantined');
    });
    after(async () => {
      await h?.stop();
      await drop?.();
    });
    beforeEach((t) => {
      if (skip) (t as TestContext).skip(skip);
    });

    it('stores one embedding per active version, tagged with the model', async () => {
      assert.equal(await countEmbeddings(h.hub.db, 'use-lite-static-v1'), SKILLS.length);
    });

    it('explains each hit: per-signal rank, score and contribution, and the model', async () => {
      const res = await api(h, 'GET', `/api/v1/skills/search?q=${QUERY}&explain=1`);
      assert.equal(res.status, 200);
      assert.equal(res.body.mode, 'hybrid');
      assert.equal(res.body.model, 'use-lite-static-v1');
      assert.equal(res.body.fallback, undefined);
      const [top] = res.body.data;
      assert.equal(top.slug, 'inbox-digest');
      assert.equal(top.signals.vector.rank, 1);
      assert.equal(top.signals.vector.model, 'use-lite-static-v1');
      assert.ok(top.signals.vector.similarity > 0 && top.signals.vector.similarity <= 1);
      assert.equal(top.signals.lexical.rank, 1);
      assert.ok(top.signals.lexical.signals.text > 0);
      assert.equal(top.signals.exact, 0);
      assert.deepEqual(Object.keys(top.signals.popularity).sort(), ['contribution', 'installs', 'stars']);
      const sum =
        top.signals.lexical.contribution +
        top.signals.vector.contribution +
        top.signals.popularity.contribution;
      assert.ok(Math.abs(top.score - sum) < 1e-5);
      // Found by meaning alone: no keyword in common with the query, so no lexical signal.
      const vectorOnly = res.body.data.find((r: { slug: string }) => r.slug === 'photo-tidy');
      assert.equal(vectorOnly.signals.lexical, null);
      assert.ok(vectorOnly.signals.vector.rank > 1);
      const plain = await api(h, 'GET', `/api/v1/skills/search?q=${QUERY}`);
      assert.equal(plain.body.data[0].signals, undefined);
    });

    it('never returns a quarantined version, by keyword, by meaning or by exact slug', async () => {
      for (const mode of ['hybrid', 'vector', 'lexical']) {
        for (const q of [QUERY, 'mail-summarizer']) {
          const res = await api(h, 'GET', `/api/v1/skills/search?q=${q}&mode=${mode}`);
          assert.equal(res.status, 200);
          assert.ok(
            !res.body.data.some((r: { slug: string }) => r.slug === 'mail-summarizer'),
            `${mode} ${q}`,
          );
        }
      }
    });

    it('an exact slug is ranked first and flagged', async () => {
      const res = await api(h, 'GET', '/api/v1/skills/search?q=photo-tidy&explain=1');
      assert.equal(res.body.data[0].slug, 'photo-tidy');
      assert.equal(res.body.data[0].signals.exact, 1);
    });

    it('ranks by the rare words of a query, not by the common word that names a skill', async () => {
      // "keep" names a skill and is in every filler document; "laptop" and "sleep" are rare.
      const rows: Array<[string, string]> = [
        ['keep', 'Keep notes and keep lists; keep everything you want to keep'],
        ['caffeine', 'Stop the laptop from going to sleep while a long task runs'],
      ];
      for (let i = 0; i < 8; i++)
        rows.push([`filler-${i}`, `Keep track of chores, tasks and groceries, list ${i}`]);
      for (const [slug, description] of rows) {
        const r = await publish(h, { slug, version: '1.0.0', description });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      const q = encodeURIComponent('keep the laptop from going to sleep');
      const res = await api(h, 'GET', `/api/v1/skills/search?q=${q}&mode=lexical&explain=1`);
      assert.equal(res.status, 200);
      assert.equal(
        res.body.data[0].slug,
        'caffeine',
        JSON.stringify(res.body.data.map((r: { slug: string }) => r.slug)),
      );
      const keep = res.body.data.find((r: { slug: string }) => r.slug === 'keep');
      assert.ok(keep, 'the common word still ranks');
      assert.ok(res.body.data[0].signals.lexical.signals.text > keep.signals.lexical.signals.text);
    });

    it('pins an exact slug even when the capped candidate lists do not hold it', async () => {
      // A slug too long for the trigram retriever (short queries only), behind a denser keyword
      // match: the exact-slug retriever alone must find it, and the search pins it first.
      const slug = 'zq-kubernetes-pods-deployments-rollouts-tool';
      assert.ok(!isShortQuery(slug));
      const r = await publish(h, { slug, version: '1.0.0', description: 'Sort and deduplicate pictures' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const d = await publish(h, {
        slug: 'pods-pilot',
        version: '1.0.0',
        description:
          'Kubernetes pods deployments rollouts, kubernetes pods, kubernetes deployments, rollouts',
      });
      assert.equal(d.status, 201, JSON.stringify(d.body));
      // No full-text words and no trigram retriever: only the exact-slug retriever is left.
      const only = await lexicalCandidates(h.hub.db, { text: slug, tsquery: '', limit: 1 });
      assert.deepEqual(
        only.map((c) => [c.slug, c.exact]),
        [[slug, 1]],
      );
      const res = await api(h, 'GET', `/api/v1/skills/search?q=${slug}&limit=3&explain=1`);
      assert.equal(res.status, 200);
      assert.equal(res.body.data[0].slug, slug);
      assert.equal(res.body.data[0].signals.exact, 1);
    });
  });
}

describe('search falls back to lexical and says so', () => {
  let off: Harness;
  let broken: Harness;
  before(async () => {
    [off, broken] = await Promise.all([
      embeddedLocation().then((l) => startTestHub(l, { embedder: null })),
      embeddedLocation().then((l) =>
        startTestHub(l, { embedder: { kind: 'local', tablePath: '/nonexistent/table.bin' } }),
      ),
    ]);
    for (const hub of [off, broken]) {
      const r = await publish(hub, { slug: 'inbox-digest', version: '1.0.0', description: SKILLS[0]![1] });
      assert.equal(r.status, 201, 'publish works without an embedder');
    }
  });
  after(async () => {
    await off?.stop();
    await broken?.stop();
  });

  it('when semantic search is disabled', async () => {
    const res = await api(off, 'GET', `/api/v1/skills/search?q=${QUERY}&explain=1`);
    assert.equal(res.body.mode, 'lexical');
    assert.match(res.body.fallback, /disabled/);
    assert.equal(res.body.data[0].slug, 'inbox-digest');
    assert.equal(res.body.data[0].signals.vector, null);
  });

  it('when the model cannot load', async () => {
    const res = await api(broken, 'GET', `/api/v1/skills/search?q=${QUERY}`);
    assert.equal(res.body.mode, 'lexical');
    assert.match(res.body.fallback, /embedder unavailable: cannot read static embedding table/);
    assert.equal(res.body.data[0].slug, 'inbox-digest');
    assert.equal(broken.hub.ctx.search?.status().state, 'failed');
  });

  it('lexical mode is not a fallback', async () => {
    const res = await api(off, 'GET', `/api/v1/skills/search?q=${QUERY}&mode=lexical`);
    assert.equal(res.body.mode, 'lexical');
    assert.equal(res.body.fallback, undefined);
  });

  it('the backfill embeds versions published without a model, then hybrid search works', async () => {
    const embedder = await createEmbedder({ kind: 'local' });
    const res = await backfillEmbeddings(off.hub.ctx, { embedder });
    assert.deepEqual([res.embedded, res.model], [1, 'use-lite-static-v1']);
    assert.equal((await backfillEmbeddings(off.hub.ctx, { embedder })).embedded, 0, 'idempotent');
    off.hub.ctx.search = createSearchRuntime({ config: { kind: 'local' } });
    const after = await api(off, 'GET', `/api/v1/skills/search?q=${QUERY}&explain=1`);
    assert.equal(after.body.mode, 'hybrid');
    assert.equal(after.body.data[0].signals.vector.rank, 1);
  });
});
