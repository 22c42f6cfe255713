import assert from 'node:assert/strict';
import { it } from 'node:test';
import { api, type Harness, publish } from '../../helpers/hub.js';

/** Search, catalog, community, auth and operational routes. */
export function readSuite(h: () => Harness): void {
  it('serves health, readiness and an OpenAPI 3.1 document', async () => {
    assert.equal((await api(h(), 'GET', '/health')).status, 200);
    const ready = await api(h(), 'GET', '/ready');
    assert.equal(ready.body.data.status, 'ready');
    const doc = await api(h(), 'GET', '/api/v1/openapi.json');
    assert.equal(doc.body.openapi, '3.1.0');
    for (const p of [
      '/api/v1/skills/search',
      '/api/v1/skills/{slug}/download',
      '/api/v1/skills/publish',
      '/api/v1/resolve',
    ]) {
      assert.ok(doc.body.paths[p], p);
    }
  });

  it('ranks an exact slug first and explains the signals', async () => {
    for (const [slug, description] of <[string, string][]>[
      ['email-summary', 'Summarize unread email from your inbox'],
      ['email-sender', 'Send email through SMTP'],
      ['calendar-sync', 'Sync calendar events and email invites'],
    ]) {
      const r = await publish(h(), { slug, version: '1.0.0', description });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const exact = await api(h(), 'GET', '/api/v1/skills/search?q=email-sender&explain=1');
    assert.equal(exact.body.data[0].slug, 'email-sender');
    assert.equal(exact.body.data[0].signals.exact, 1);
    for (const key of [
      'slug',
      'name',
      'description',
      'version',
      'publisher',
      'stars',
      'downloads',
      'verdict',
      'score',
    ]) {
      assert.ok(key in exact.body.data[0], key);
    }
    const nl = await api(h(), 'GET', '/api/v1/skills/search?q=summarize%20my%20unread%20email');
    assert.equal(nl.body.data[0].slug, 'email-summary');
    const typo = await api(h(), 'GET', '/api/v1/skills/search?q=calender-sync');
    assert.equal(typo.body.data[0]?.slug, 'calendar-sync', 'trigram typo tolerance');
    const page = await api(h(), 'GET', '/api/v1/skills/search?q=email&limit=1&offset=1');
    assert.equal(page.body.data.length, 1);
    assert.equal(page.body.pagination.limit, 1);
    assert.ok(page.body.pagination.total >= 3);
    const compat = await api(h(), 'GET', '/api/v1/search?q=email-sender');
    assert.equal(compat.body.results[0].slug, 'email-sender');
    assert.equal(typeof compat.body.results[0].score, 'number');
  });

  it('lists the catalog since a timestamp', async () => {
    const all = await api(h(), 'GET', '/api/v1/skills/catalog?since=0&limit=500');
    assert.ok(all.body.pagination.total >= 3);
    const future = await api(
      h(),
      'GET',
      `/api/v1/skills/catalog?since=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    assert.equal(future.body.data.length, 0);
    assert.equal((await api(h(), 'GET', '/api/v1/skills/catalog?since=yesterday')).status, 400);
  });

  it('stars and unstars, idempotently, through both route styles', async () => {
    const t = h().tokens.bob;
    assert.equal(
      (await api(h(), 'POST', '/api/v1/skills/email-sender/star', { token: t })).body.data.changed,
      true,
    );
    const again = await api(h(), 'POST', '/api/v1/stars/email-sender', { token: t });
    assert.equal(again.body.alreadyStarred, true);
    assert.equal((await api(h(), 'GET', '/api/v1/skills/email-sender')).body.data.stars, 1);
    assert.equal(
      (await api(h(), 'DELETE', '/api/v1/skills/email-sender/star', { token: t })).body.data.changed,
      true,
    );
    assert.equal((await api(h(), 'GET', '/api/v1/skills/email-sender')).body.data.stars, 0);
    assert.equal((await api(h(), 'POST', '/api/v1/skills/email-sender/star')).status, 401);
  });

  it('posts, lists and deletes comments (own, or as moderator)', async () => {
    const post = await api(h(), 'POST', '/api/v1/skills/email-sender/comments', {
      token: h().tokens.bob,
      json: { body: 'works well' },
    });
    assert.equal(post.status, 201);
    const id = post.body.data.id;
    const list = await api(h(), 'GET', '/api/v1/skills/email-sender/comments');
    assert.equal(list.body.data[0].author, 'bob');
    const notYours = await api(h(), 'DELETE', `/api/v1/skills/email-sender/comments/${id}`, {
      token: h().tokens.alice,
    });
    assert.equal(notYours.status, 403);
    const byMod = await api(h(), 'DELETE', `/api/v1/skills/email-sender/comments/${id}`, {
      token: h().tokens.mod,
    });
    assert.equal(byMod.status, 200);
    assert.equal((await api(h(), 'GET', '/api/v1/skills/email-sender/comments')).body.pagination.total, 0);
    const empty = await api(h(), 'POST', '/api/v1/skills/email-sender/comments', {
      token: h().tokens.bob,
      json: { body: '  ' },
    });
    assert.equal(empty.status, 400);
  });

  it('records installs and reports', async () => {
    const inst = await api(h(), 'POST', '/api/v1/skills/install', {
      json: { slug: 'email-sender', version: '1.0.0' },
    });
    assert.equal(inst.status, 200);
    assert.equal((await api(h(), 'GET', '/api/v1/skills/email-sender')).body.data.installs, 1);
    const missing = await api(h(), 'POST', '/api/v1/skills/install', {
      json: { slug: 'email-sender', version: '7.0.0' },
    });
    assert.equal(missing.status, 404);
    const rep = await api(h(), 'POST', '/api/v1/skills/email-sender/report', {
      token: h().tokens.bob,
      json: { reason: 'phishing link' },
    });
    assert.equal(rep.status, 201);
  });

  it('answers whoami in both shapes', async () => {
    const me = await api(h(), 'GET', '/api/v1/whoami', { token: h().tokens.alice });
    assert.equal(me.body.data.handle, 'alice');
    assert.equal(me.body.user.handle, 'alice');
    assert.equal((await api(h(), 'GET', '/api/v1/whoami')).status, 401);
  });

  it('resolves a version by fingerprint (ClawHub resolve)', async () => {
    const v = await api(h(), 'GET', '/api/v1/skills/email-sender/versions/1.0.0');
    const r = await api(h(), 'GET', `/api/v1/resolve?slug=email-sender&hash=${v.body.data.fingerprint}`);
    assert.equal(r.body.match.version, '1.0.0');
    assert.equal(r.body.latestVersion.version, '1.0.0');
  });

  it('rate-limits per token with RateLimit-* and Retry-After, counted in the store', async () => {
    const limits = h().hub.ctx.limits;
    const saved = limits.read;
    limits.read = { limit: 3, windowSec: 60 };
    try {
      const t = h().tokens.mod;
      let last = await api(h(), 'GET', '/api/v1/whoami', { token: t });
      assert.equal(last.headers.get('ratelimit-limit'), '3');
      for (let i = 0; i < 3; i++) last = await api(h(), 'GET', '/api/v1/whoami', { token: t });
      assert.equal(last.status, 429);
      assert.equal(last.body.error.code, 'E_RATE_LIMITED');
      assert.ok(Number(last.headers.get('retry-after')) >= 1);
      assert.equal(last.headers.get('ratelimit-remaining'), '0');
      const rows = await h().hub.db.query<{ hits: number }>(
        `SELECT hits FROM rate_limits WHERE bucket = 'read' ORDER BY hits DESC LIMIT 1`,
      );
      assert.ok(rows[0]!.hits >= 4);
    } finally {
      limits.read = saved;
    }
  });
}
