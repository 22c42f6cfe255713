import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { EmbedderConfig } from '../../src/hub/search/embed/index.js';
import { type RunningHub, startHub } from '../../src/hub/server.js';
import { addUser, createToken } from '../../src/hub/services/auth.js';
import type { ScanFn } from '../../src/hub/services/scan.js';
import type { StoreLocation } from '../../src/hub/store/db.js';
import { MIGRATIONS } from '../../src/hub/store/migrations.js';
import { rawPublicKey } from '../../src/signing/keys.js';
import { type SkillSignature, signSkill } from '../../src/signing/signature.js';
import { packBundle } from '../../src/skills/archive.js';
import { bundleFromFiles } from '../../src/skills/bundle.js';

/** Response bodies in tests are read loosely; the assertions pin the shape. */
// biome-ignore lint/suspicious/noExplicitAny: test-only JSON access
export type Json = Record<string, any>;

export const TEST_DATABASE_URL =
  process.env.WEFT_TEST_DATABASE_URL ?? 'postgres://weft:weft@127.0.0.1:5432/weft_test';

/**
 * A fresh embedded store, copied from a migrated template: creating a PGlite
 * cluster (initdb in WASM) takes seconds, copying one takes milliseconds.
 */
export async function embeddedLocation(): Promise<StoreLocation> {
  const schemaHash = createHash('sha256')
    .update(MIGRATIONS.map((m) => `${m.id}:${m.up.toString()}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const template = join(tmpdir(), `weft-hub-template-${schemaHash}`);
  if (!(await exists(join(template, 'ready')))) {
    const building = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const { openStore } = await import('../../src/hub/store/index.js');
    const db = await openStore({ dataDir: building });
    await db.close();
    await mkdir(join(building, 'ready'));
    await rename(building, template).catch(async () => rm(building, { recursive: true, force: true }));
  }
  // Not tempDir(): this often runs inside a before() hook, where after() would fire at the hook's end.
  const dir = await mkdtemp(join(tmpdir(), 'weft-hub-store-'));
  await cp(template, dir, { recursive: true });
  return { dataDir: dir };
}

/**
 * A fresh PostgreSQL schema on the test database, or undefined (with a reason)
 * when no server is reachable. In CI a missing server is a failure, never a skip.
 */
export async function postgresLocation(): Promise<{
  loc?: StoreLocation;
  reason?: string;
  drop?: () => Promise<void>;
}> {
  const pg = await import('pg');
  const Client = pg.default.Client;
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  try {
    await admin.connect();
  } catch (err) {
    const reason = `PostgreSQL not reachable at ${TEST_DATABASE_URL}: ${(err as Error).message}`;
    if (process.env.CI) throw new Error(`${reason} (CI requires it: .ci/setup.d/20-postgres.sh)`);
    return { reason };
  }
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const sep = TEST_DATABASE_URL.includes('?') ? '&' : '?';
  const url = `${TEST_DATABASE_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
  return {
    loc: { databaseUrl: url },
    drop: async () => {
      const c = new Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Test scanner: blocks any skill whose SKILL.md contains the marker. */
export const BLOCK_MARKER = 'TEST-BLOCK-ME';
export const markerScan: ScanFn = async (bundle) => {
  const md = bundle.files.find((f) => f.path === 'SKILL.md');
  const bad = md?.bytes.toString('utf8').includes(BLOCK_MARKER);
  return bad
    ? {
        verdict: 'block',
        findings: [{ checkId: 'TEST-1', title: 'marker', severity: 'critical' }],
        scanner: 'test',
      }
    : { verdict: 'pass', findings: [], scanner: 'test' };
};

export interface TestKey {
  privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'];
  publicKey: string;
}

export function newKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: rawPublicKey(publicKey).toString('base64') };
}

export interface Harness {
  hub: RunningHub;
  /** close the hub and remove an embedded store directory */
  stop(): Promise<void>;
  url: string;
  tokens: { alice: string; bob: string; aliceRead: string; mod: string; expired: string };
  keys: { alice: TestKey; bob: TestKey };
}

export async function startTestHub(
  loc: StoreLocation,
  opts: { allowUnsigned?: boolean; embedder?: EmbedderConfig | null } = {},
): Promise<Harness> {
  const hub = await startHub({
    ...loc,
    ...(opts.embedder !== undefined ? { embedder: opts.embedder } : {}),
    port: 0,
    scan: markerScan,
    allowUnsigned: Boolean(opts.allowUnsigned),
    log: process.env.WEFT_TEST_HUB_LOG
      ? { info() {}, warn() {}, error: (o, m) => console.error('hub error', m, o) }
      : { info() {}, warn() {}, error() {} },
  });
  for (const [h, role] of [
    ['alice', 'user'],
    ['bob', 'user'],
    ['mod', 'moderator'],
  ] as const)
    await addUser(hub.db, h, role);
  const tok = async (handle: string, scope: 'read' | 'publish') =>
    (await createToken(hub.db, { handle, scope })).token;
  const expired = await tok('alice', 'publish');
  await hub.db.query(`UPDATE tokens SET expires_at = now() - interval '1 day' WHERE token_hash = $1`, [
    (await import('../../src/hub/services/auth.js')).hashToken(expired),
  ]);
  return {
    hub,
    stop: async () => {
      await hub.close(1000);
      if (loc.dataDir) await rm(loc.dataDir, { recursive: true, force: true });
    },
    url: hub.url,
    tokens: {
      alice: await tok('alice', 'publish'),
      bob: await tok('bob', 'publish'),
      aliceRead: await tok('alice', 'read'),
      mod: await tok('mod', 'publish'),
      expired,
    },
    keys: { alice: newKey(), bob: newKey() },
  };
}

export function skillMd(
  name: string,
  version: string,
  description = `The ${name} skill does useful things`,
  body = '',
) {
  return `---\nname: ${name}\ndescription: ${description}\nversion: ${version}\n---\n# ${name}\n${body}\n`;
}

export function makeBundle(
  name: string,
  version: string,
  extra: Record<string, string> = {},
  description?: string,
) {
  const files = [
    { path: 'SKILL.md', bytes: Buffer.from(skillMd(name, version, description, extra.__body ?? '')) },
  ];
  for (const [p, c] of Object.entries(extra))
    if (p !== '__body') files.push({ path: p, bytes: Buffer.from(c) });
  return bundleFromFiles(files);
}

export interface PublishArgs {
  token?: string;
  key?: TestKey | null;
  slug: string;
  version: string;
  extra?: Record<string, string>;
  description?: string;
  /** sign for these values instead (replay tests) */
  signAs?: { slug?: string; version?: string };
  archive?: Uint8Array;
  tags?: string[];
}

export function signatureFor(
  key: TestKey,
  slug: string,
  version: string,
  fingerprint: string,
): SkillSignature {
  return signSkill(key, slug, version, fingerprint);
}

export async function publish(h: Harness, a: PublishArgs): Promise<{ status: number; body: Json }> {
  const bundle = makeBundle(a.slug, a.version, a.extra, a.description);
  const fd = new FormData();
  fd.set('bundle', new Blob([a.archive ?? packBundle(bundle)]), 'bundle.zip');
  const key = a.key === undefined ? h.keys.alice : a.key;
  if (key) {
    const sig = signatureFor(
      key,
      a.signAs?.slug ?? a.slug,
      a.signAs?.version ?? a.version,
      bundle.fingerprint,
    );
    fd.set('signature', JSON.stringify({ signature: sig.signature, publicKey: sig.publicKey }));
  }
  if (a.tags) fd.set('metadata', JSON.stringify({ tags: a.tags }));
  const res = await fetch(`${h.url}/api/v1/skills/publish`, {
    method: 'POST',
    body: fd,
    headers: a.token === '' ? {} : { authorization: `Bearer ${a.token ?? h.tokens.alice}` },
  });
  return { status: res.status, body: (await res.json()) as Json };
}

export async function api(
  h: Harness,
  method: string,
  path: string,
  o: { token?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers,
    ...(o.json !== undefined ? { body: JSON.stringify(o.json) } : {}),
  });
  const text = await res.text();
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, headers: res.headers };
}

export async function versionCount(h: Harness, slug?: string): Promise<number> {
  const rows = slug
    ? await h.hub.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM versions v JOIN skills s ON s.id = v.skill_id WHERE s.slug = $1',
        [slug],
      )
    : await h.hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM versions');
  return rows[0]!.n;
}

/** A zip with arbitrary entry names (fflate does not police them; our unpacker must). */
export function rawZip(entries: Record<string, string | Uint8Array>): Uint8Array {
  const tree: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(entries)) tree[k] = typeof v === 'string' ? Buffer.from(v) : v;
  return zipSync(tree);
}
