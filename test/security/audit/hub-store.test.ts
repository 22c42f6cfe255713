import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { authenticate, createToken, revokeToken } from '../../../src/hub/services/auth.js';
import type { Db, StoreLocation } from '../../../src/hub/store/db.js';
import { openStore } from '../../../src/hub/store/index.js';
import { type AuditReport, evaluate, runAudit } from '../../../src/security/audit/index.js';
import { takeSnapshot } from '../../../src/security/audit/snapshot.js';
import { runHarden } from '../../../src/security/harden/apply.js';
import { embeddedLocation, postgresLocation } from '../../helpers/hub.js';
import { tempDir } from '../../helpers/tmp.js';

/**
 * `weft security audit` reading a real hub store (embedded PGlite and
 * PostgreSQL): token expiry and staleness, unsigned versions, quarantined
 * tags. The store is only read, and a store in use by a hub is skipped.
 */

interface Planted {
  tokens: Record<string, { id: number; secret: string }>;
}

/** Users, tokens of every kind, and versions: one problem per check, plus clean controls. */
async function plant(db: Db): Promise<Planted> {
  await db.query(`INSERT INTO users (handle, role) VALUES ('root', 'admin'), ('alice', 'user')`);
  const tokens: Planted['tokens'] = {};
  const make = async (name: string, handle: string, scope: 'read' | 'publish' | 'admin', days?: number) => {
    const t = await createToken(db, { handle, scope, label: name, ...(days ? { expiresDays: days } : {}) });
    const id = (
      await db.query<{ id: number }>(`SELECT id::float8 AS id FROM tokens WHERE label = $1`, [name])
    )[0]!.id;
    tokens[name] = { id, secret: t.token };
  };
  await make('root-forever', 'root', 'admin');
  await make('ci-forever', 'alice', 'publish');
  await make('reader-forever', 'alice', 'read');
  await make('old-publish', 'alice', 'publish', 365);
  await make('fresh-publish', 'alice', 'publish', 30);
  await make('revoked', 'alice', 'publish');
  await db.query(
    `UPDATE tokens SET created_at = now() - interval '200 days', last_used_at = now() - interval '1 day' WHERE label = 'old-publish'`,
  );
  // fresh-publish: young, used, expiring: no finding.
  await authenticate(db, tokens['fresh-publish']!.secret);
  await revokeToken(db, tokens.revoked!.id);

  const owner = (
    await db.query<{ id: number }>(`SELECT id::float8 AS id FROM users WHERE handle = 'alice'`)
  )[0]!.id;
  await db.query(`INSERT INTO blobs (sha256, size, bytes) VALUES ('b', 1, '\\x00')`);
  const skill = async (slug: string, latest: string, tags: Record<string, string>) =>
    (
      await db.query<{ id: number }>(
        `INSERT INTO skills (slug, skeleton, display_name, owner_id, latest_version, tags)
         VALUES ($1, $1, $1, $2, $3, $4::jsonb) RETURNING id::float8 AS id`,
        [slug, owner, latest, JSON.stringify(tags)],
      )
    )[0]!.id;
  const version = (skillId: number, v: string, status: string, signed: boolean, verdict = 'pass') =>
    db.query(
      `INSERT INTO versions (skill_id, version, status, fingerprint, archive_sha256, files, signature, verdict,
                             scanner, manifest, publisher_id)
       VALUES ($1, $2, $3, 'f', 'b', '[]'::jsonb, $4, $5, 'test', '{}'::jsonb, $6)`,
      [skillId, v, status, signed ? 'c2ln' : null, verdict, owner],
    );
  const loose = await skill('loose', '1.0.0', { latest: '1.0.0' });
  await version(loose, '1.0.0', 'active', false);
  await version(loose, '0.9.0', 'yanked', false); // yanked: not installable, not reported
  const bad = await skill('bad-tag', '1.0.0', { latest: '2.0.0', beta: '1.0.0' });
  await version(bad, '1.0.0', 'active', true);
  await version(bad, '2.0.0', 'quarantined', true, 'block');
  const clean = await skill('clean', '1.0.0', { latest: '1.0.0' });
  await version(clean, '1.0.0', 'active', true);
  return { tokens };
}

type Findings = Pick<AuditReport, 'findings'>;
const byCheck = (r: Findings, id: string) => r.findings.filter((f) => f.checkId === id);

/** What a store says, for "the audit changed nothing": every token row, hashes included. */
async function tokenRows(loc: StoreLocation): Promise<string> {
  const db = await openStore(loc);
  try {
    return JSON.stringify(await db.query('SELECT * FROM tokens ORDER BY id'));
  } finally {
    await db.close();
  }
}

function assertFindings(r: Findings, p: Planted, storeFlag: RegExp) {
  const noExpiry = byCheck(r, 'hub.token_no_expiry');
  const idOf = (name: string) => p.tokens[name]!.id;
  const find = (list: typeof noExpiry, name: string) =>
    list.find((f) => f.detail.startsWith(`token ${idOf(name)} `));
  assert.equal(noExpiry.length, 3, JSON.stringify(noExpiry, null, 1));
  assert.equal(find(noExpiry, 'root-forever')?.severity, 'high');
  assert.equal(find(noExpiry, 'ci-forever')?.severity, 'medium');
  assert.equal(find(noExpiry, 'reader-forever')?.severity, 'low');
  assert.equal(find(noExpiry, 'revoked'), undefined, 'a revoked token stays in the table and is fine');
  const ci = find(noExpiry, 'ci-forever')!;
  assert.match(ci.detail, /user alice, scope publish, label "ci-forever"/);
  assert.match(
    ci.fix,
    new RegExp(
      `weft hub token create --user alice --scope publish --expires 90 --label 'ci-forever' ${storeFlag.source}`,
    ),
  );
  assert.match(ci.fix, new RegExp(`weft hub token revoke ${idOf('ci-forever')} ${storeFlag.source}`));

  const stale = byCheck(r, 'hub.token_stale');
  assert.ok(find(stale, 'old-publish'), 'created 200 days ago');
  assert.match(find(stale, 'old-publish')!.detail, /over 90 days ago/);
  assert.equal(find(stale, 'fresh-publish'), undefined);
  assert.equal(find(stale, 'reader-forever'), undefined, 'read-only tokens are not stale-checked');

  assert.deepEqual(
    byCheck(r, 'hub.unsigned_versions').map((f) => f.detail.split(' (store')[0]),
    ['loose: 1.0.0 unsigned'],
  );
  assert.deepEqual(
    byCheck(r, 'hub.quarantined_latest').map((f) => f.detail.split(' (store')[0]),
    ['bad-tag: tag latest -> 2.0.0, which is quarantined'],
  );
  assert.equal(byCheck(r, 'hub.store_skipped').length, 0);
  // Evidence names tokens by id; secrets and hashes never appear.
  const text = JSON.stringify(r);
  for (const t of Object.values(p.tokens))
    assert.ok(!text.includes(t.secret), 'no token secret in the report');
  assert.ok(!/[0-9a-f]{64}/.test(text), 'no token hash in the report');
}

// Locally skips with a reason when no PostgreSQL is reachable; in CI that throws (helpers/hub.ts).
const pg = await postgresLocation();

describe('security audit: hub store', () => {
  it('embedded store: finds token, signature and tag problems without changing or locking the store', async () => {
    const loc = await embeddedLocation();
    after(() =>
      import('node:fs/promises').then((fs) => fs.rm(loc.dataDir!, { recursive: true, force: true })),
    );
    const db = await openStore(loc);
    const planted = await plant(db);
    // The old token was used recently: only its age is stale. Make another unused for long.
    await db.query(`UPDATE tokens SET created_at = now() - interval '120 days' WHERE label = 'ci-forever'`);
    // authenticate() records use; a revoked token is refused and cannot be revoked twice, but its row stays.
    const used = await db.query<{ label: string }>(
      `SELECT label FROM tokens WHERE last_used_at IS NOT NULL ORDER BY label`,
    );
    assert.deepEqual(
      used.map((u) => u.label),
      ['fresh-publish', 'old-publish'],
    );
    await assert.rejects(authenticate(db, planted.tokens.revoked!.secret), { code: 'E_AUTH_REQUIRED' });
    await assert.rejects(revokeToken(db, planted.tokens.revoked!.id), { code: 'E_NOT_FOUND' });
    await db.close();
    const home = join(await tempDir('weft-audit-hub-'), '.clawft');
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'hub.toml'), `[hub]\ndata_dir = "${loc.dataDir}"\n`);
    const env = { ...process.env, CLAWFT_HOME: home, WEFT_DATABASE_URL: '' };
    const pgFiles = async () => {
      const out: string[] = [];
      for (const f of await readdir(join(loc.dataDir!, 'pg'), { recursive: true })) {
        const st = await stat(join(loc.dataDir!, 'pg', f));
        if (st.isFile()) out.push(`${f}:${st.size}:${st.mtimeMs}`);
      }
      return out.sort().join('\n');
    };
    const filesBefore = await pgFiles();

    const snap = await takeSnapshot({ env });
    const r = { findings: evaluate(snap) };
    assertFindings(r, planted, /--data \S+/);
    const ci = byCheck(r, 'hub.token_stale').find((f) =>
      f.detail.startsWith(`token ${planted.tokens['ci-forever']!.id} `),
    );
    assert.match(ci!.detail, /never used/);
    assert.equal(await pgFiles(), filesBefore, 'not one byte of the store changed');
    await assert.rejects(stat(join(loc.dataDir!, 'hub.lock')), { code: 'ENOENT' });

    // harden prints the rotation commands and revokes nothing.
    const h = await runHarden({ env });
    const revokeRoot = `weft hub token revoke ${planted.tokens['root-forever']!.id} --data ${loc.dataDir}`;
    assert.ok(h.manual.some((m) => m.checkId === 'hub.token_no_expiry' && m.commands.includes(revokeRoot)));
    assert.ok(h.manual.some((m) => m.checkId === 'hub.token_stale'));
    assert.equal(await pgFiles(), filesBefore, 'harden does not revoke tokens');

    // --token-max-age moves the line (checks are pure over the snapshot); --no-hub-store skips the store.
    const lax = evaluate({ ...snap, hubStore: { ...snap.hubStore!, maxAgeDays: 365 } });
    assert.equal(lax.filter((f) => f.checkId === 'hub.token_stale').length, 0);
    const off = await runAudit({ env, noHubStore: true });
    assert.equal(off.findings.filter((f) => f.checkId.startsWith('hub.')).length, 0);
  });

  it('embedded store held by a running hub: skipped with an info finding, the lock left alone', async () => {
    const loc = await embeddedLocation();
    after(() =>
      import('node:fs/promises').then((fs) => fs.rm(loc.dataDir!, { recursive: true, force: true })),
    );
    // A live process owns the store, exactly as `weft hub serve` records itself.
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    after(() => holder.kill('SIGKILL'));
    await writeFile(join(loc.dataDir!, 'hub.lock'), String(holder.pid));
    const env = { ...process.env, CLAWFT_HOME: join(loc.dataDir!, 'home'), WEFT_DATABASE_URL: '' };
    await mkdir(env.CLAWFT_HOME, { recursive: true });
    await writeFile(join(env.CLAWFT_HOME, 'hub.toml'), `[hub]\ndata_dir = "${loc.dataDir}"\n`);
    const r = await runAudit({ env });
    const skipped = byCheck(r, 'hub.store_skipped');
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0]!.severity, 'info');
    assert.match(skipped[0]!.detail, new RegExp(`in use by process ${holder.pid}`));
    assert.equal(await readFile(join(loc.dataDir!, 'hub.lock'), 'utf8'), String(holder.pid));
  });

  it('PostgreSQL: the same findings, read in a read-only transaction; password never shown', {
    skip: pg.reason ?? false,
  }, async () => {
    after(() => pg.drop?.());
    const db = await openStore(pg.loc!);
    let planted: Planted;
    try {
      planted = await plant(db);
    } finally {
      await db.close();
    }
    const home = join(await tempDir('weft-audit-pg-'), '.clawft');
    const env = { ...process.env, CLAWFT_HOME: home, WEFT_DATABASE_URL: pg.loc!.databaseUrl! };
    const before = await tokenRows(pg.loc!);
    const r = await runAudit({ env });
    assertFindings(r, planted, /--database-url "\$WEFT_DATABASE_URL"/);
    assert.equal(await tokenRows(pg.loc!), before);
    const password = new URL(pg.loc!.databaseUrl!).password;
    if (password) assert.ok(!JSON.stringify(r).includes(`:${password}@`), 'the URL password is redacted');

    // hub.toml can name another variable; an unreachable server is an info finding, not a crash.
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'hub.toml'), '[hub]\ndatabase_url_env = "HUB_DB"\n');
    const down = await runAudit({
      env: { ...env, HUB_DB: 'postgres://weft:s3cret-pw@127.0.0.1:1/nope' },
    });
    const skipped = byCheck(down, 'hub.store_skipped');
    assert.equal(skipped.length, 1);
    assert.match(
      skipped[0]!.detail,
      /cannot open the hub store postgres:\/\/weft:\*\*\*@127\.0\.0\.1:1\/nope/,
    );
    assert.ok(!JSON.stringify(down).includes('s3cret-pw'));
  });
});
