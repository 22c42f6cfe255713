import { lstat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { statePaths } from '../../config/paths.js';
import type { HubConfig } from '../../config/services.js';
import { isWeftError } from '../../errors.js';

/**
 * What `weft security audit` reads from a hub's store: API tokens (never
 * their hashes), unsigned versions and tags that point at quarantined
 * versions. Read-only and without starting the server: PostgreSQL is read in
 * a READ ONLY transaction; an embedded store is read from a private copy
 * and skipped (with the reason) while a hub holds it.
 */

export interface HubTokenFact {
  id: number;
  user: string;
  scopes: string[];
  label: string | null;
  createdMs: number;
  lastUsedMs: number | null;
  expiresMs: number | null;
}

export interface HubStoreFacts {
  kind: 'pglite' | 'postgres';
  /** the data dir, or the PostgreSQL URL without its password */
  where: string;
  /** how `weft hub ...` commands address this store, e.g. `--data /srv/hub` */
  storeFlag: string;
  /** set when the store was not read; the checks then report only this */
  skipped?: string;
  nowMs: number;
  /** tokens with publish/admin scope older than this, or unused this long, are stale */
  maxAgeDays: number;
  tokens: HubTokenFact[];
  unsignedVersions: { slug: string; version: string; status: string }[];
  quarantinedTags: { slug: string; tag: string; version: string }[];
}

export const DEFAULT_TOKEN_MAX_AGE_DAYS = 90;

interface Located {
  kind: 'pglite' | 'postgres';
  target: string;
  where: string;
  storeFlag: string;
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

/**
 * Where the hub keeps its data, as `weft hub serve` would find it:
 * hub.toml's `database_url_env`, then WEFT_DATABASE_URL, then hub.toml's
 * `data_dir`, then `~/.clawft/hub` if a store exists there.
 */
export async function locateHubStore(
  env: NodeJS.ProcessEnv,
  config: HubConfig | undefined,
): Promise<Located | undefined> {
  const h = config?.hub;
  const urlVar = h?.database_url_env && env[h.database_url_env] ? h.database_url_env : undefined;
  const envName = urlVar ?? (env.WEFT_DATABASE_URL ? 'WEFT_DATABASE_URL' : undefined);
  if (envName) {
    const url = env[envName]!;
    return {
      kind: 'postgres',
      target: url,
      where: redactUrl(url),
      storeFlag: `--database-url "$${envName}"`,
    };
  }
  const home = statePaths(env).home;
  const explicit = h?.data_dir
    ? isAbsolute(h.data_dir)
      ? h.data_dir
      : resolve(home, h.data_dir)
    : undefined;
  const dir = explicit ?? statePaths(env).hubDataDir;
  const present = await lstat(resolve(dir, 'pg')).then(
    (st) => st.isDirectory(),
    () => false,
  );
  if (!present) return undefined;
  return { kind: 'pglite', target: dir, where: dir, storeFlag: `--data ${shellQuote(dir)}` };
}

export async function readHubStore(
  env: NodeJS.ProcessEnv,
  config: HubConfig | undefined,
  opts: { maxAgeDays?: number; now?: number } = {},
): Promise<HubStoreFacts | undefined> {
  const loc = await locateHubStore(env, config);
  if (!loc) return undefined;
  const facts: HubStoreFacts = {
    kind: loc.kind,
    where: loc.where,
    storeFlag: loc.storeFlag,
    nowMs: opts.now ?? Date.now(),
    maxAgeDays: opts.maxAgeDays ?? DEFAULT_TOKEN_MAX_AGE_DAYS,
    tokens: [],
    unsignedVersions: [],
    quarantinedTags: [],
  };
  const skip = (why: string) => ({ ...facts, skipped: why });
  const [pglite, { openDb }, q] = await Promise.all([
    import('../../hub/store/pglite.js'),
    import('../../hub/store/db.js'),
    import('../../hub/store/audit.js'),
  ]);
  if (loc.kind === 'pglite') {
    const pid = await pglite.dataDirOwner(loc.target);
    if (pid) {
      return skip(
        `the embedded store ${loc.where} is in use by process ${pid} (a running hub); it was not opened, so the hub is undisturbed. Stop the hub and re-run the audit, or move the hub to PostgreSQL.`,
      );
    }
  }
  let db: Awaited<ReturnType<typeof openDb>>;
  try {
    db =
      loc.kind === 'pglite'
        ? await pglite.openPgliteCopy(loc.target)
        : await openDb({ databaseUrl: loc.target, connectTimeoutMs: 5000 });
  } catch (err) {
    return skip(`cannot open the hub store ${loc.where}: ${isWeftError(err) ? err.message : String(err)}`);
  }
  try {
    const read = await db.tx(async (t) => {
      // No write can slip through, whatever the queries say.
      await t.query('SET TRANSACTION READ ONLY');
      // A shared server may be busy (a migration holding a lock): give up rather than hang the audit.
      if (loc.kind === 'postgres') await t.query(`SET LOCAL statement_timeout = '10s'`);
      if (!(await q.hasHubSchema(t))) return undefined;
      return {
        tokens: await q.tokensForAudit(t),
        unsigned: await q.unsignedVersions(t),
        tags: await q.quarantinedTags(t),
      };
    });
    if (!read) return skip(`${loc.where} has no hub schema yet (the hub has never started on it)`);
    facts.tokens = read.tokens.map((r) => ({
      id: Number(r.id),
      user: r.handle,
      scopes: r.scopes,
      label: r.label,
      createdMs: Number(r.created_ms),
      lastUsedMs: r.last_used_ms === null ? null : Number(r.last_used_ms),
      expiresMs: r.expires_ms === null ? null : Number(r.expires_ms),
    }));
    facts.unsignedVersions = read.unsigned;
    facts.quarantinedTags = read.tags;
  } catch (err) {
    return skip(`cannot read the hub store ${loc.where}: ${(err as Error).message}`);
  } finally {
    await db.close().catch(() => undefined);
  }
  // A hub that started while we copied may have been mid-write: the copy could be torn.
  if (loc.kind === 'pglite') {
    const pid = await pglite.dataDirOwner(loc.target);
    if (pid)
      return skip(`a hub (process ${pid}) started on ${loc.where} while the audit read it; re-run the audit`);
  }
  return facts;
}
