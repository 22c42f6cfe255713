import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { WeftError } from '../errors.js';
import type { DEFAULT_RATE_LIMITS } from './context.js';
import { silentLogger } from './context.js';
import type { EmbedderConfig } from './search/embed/index.js';
import { addUser, createToken, type Principal, revokeToken } from './services/auth.js';
import { rotateKey } from './services/keys.js';
import type { ScanFn } from './services/scan.js';
import { securityScan } from './services/scan.js';
import type { Db } from './store/db.js';
import { openStore, type StoreLocation } from './store/index.js';
import type { Role, Scope } from './store/users.js';
import { findUserByHandle } from './store/users.js';

/** Offline operations on a store (the CLI's `weft hub user|token|key|import`). Library code: never prints. */

async function withStore<T>(loc: StoreLocation, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openStore(loc);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function userAdd(loc: StoreLocation, handle: string, role: Role = 'user') {
  return withStore(loc, (db) => addUser(db, handle, role));
}

export function tokenCreate(
  loc: StoreLocation,
  o: { handle: string; scope: Scope; expiresDays?: number; label?: string },
) {
  return withStore(loc, (db) => createToken(db, o));
}

export function tokenRevoke(loc: StoreLocation, id: number) {
  return withStore(loc, (db) => revokeToken(db, id));
}

export function keyRotate(loc: StoreLocation, o: { handle: string; newPublicKey: string; proof?: string }) {
  return withStore(loc, (db) => db.tx((q) => rotateKey(q, { ...o, asAdmin: !o.proof })));
}

export interface ImportProgress {
  done: number;
  total: number;
  failed: number;
}

export interface ImportResult {
  imported: number;
  skipped: number;
  failed: { dir: string; code: string; message: string }[];
  ms: number;
}

/**
 * Bulk import a folder of skill folders (mirrors, tests). Each skill goes
 * through the normal publish pipeline (scan, fingerprint, one transaction),
 * signed with the hub's import key and owned by the `import` user.
 */
export async function importSkills(
  loc: StoreLocation,
  dir: string,
  o: {
    scan?: ScanFn;
    onProgress?: (p: ImportProgress) => void;
    keyName?: string;
    /** Embedder for the search index; null skips embedding; default from WEFT_EMBEDDER. */
    embedder?: EmbedderConfig | null;
  } = {},
): Promise<ImportResult> {
  const started = Date.now();
  const dirs = await skillDirs(dir);
  const [{ loadSkillDir }, { slugify }, { signSkill }, keys, { publishSkill }] = await Promise.all([
    import('../skills/load.js'),
    import('../skills/manifest.js'),
    import('../signing/signature.js'),
    import('../signing/keys.js'),
    import('./services/publish.js'),
  ]);
  const keyName = o.keyName ?? 'hub-import';
  const key = await keys.loadPrivateKey(keyName).catch(async () => {
    await keys.generateKey(keyName);
    return keys.loadPrivateKey(keyName);
  });
  return withStore(loc, async (db) => {
    const user =
      (await findUserByHandle(db, 'import')) ??
      (await addUser(db, 'import', 'admin').then(() => findUserByHandle(db, 'import')));
    if (!user) throw new WeftError('E_INTERNAL', 'cannot create the import user');
    const principal: Principal = { user, scopes: ['admin'], tokenId: 0 };
    const limits: typeof DEFAULT_RATE_LIMITS = {
      read: { limit: 0, windowSec: 1 },
      write: { limit: 0, windowSec: 1 },
      download: { limit: 0, windowSec: 1 },
      enabled: false,
    };
    const { createSearchRuntime } = await import('./search/runtime.js');
    const { embedderConfigFromEnv } = await import('./search/embed/index.js');
    const ctx = {
      db,
      allowUnsigned: false,
      scan: o.scan ?? securityScan,
      limits,
      baseUrl: '',
      log: silentLogger,
      search: createSearchRuntime({
        config: o.embedder === undefined ? embedderConfigFromEnv() : o.embedder,
      }),
    };
    const res: ImportResult = { imported: 0, skipped: 0, failed: [], ms: 0 };
    for (const [i, d] of dirs.entries()) {
      try {
        const skill = await loadSkillDir(d);
        const fromName = slugify(skill.manifest.slug);
        const slug = fromName || slugify(basename(d));
        const version = skill.manifest.version ?? '1.0.0';
        const signature = signSkill(key, slug, version, skill.bundle.fingerprint);
        await publishSkill(ctx, principal, { files: skill.bundle.files, slug, version, signature });
        res.imported++;
      } catch (err) {
        const e = err as WeftError;
        if (e.code === 'E_VERSION_EXISTS') res.skipped++;
        else res.failed.push({ dir: d, code: e.code ?? 'E_INTERNAL', message: e.message });
      }
      o.onProgress?.({ done: i + 1, total: dirs.length, failed: res.failed.length });
    }
    res.ms = Date.now() - started;
    return res;
  });
}

async function skillDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err) => {
    throw new WeftError('E_NOT_FOUND', `${dir}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (
      await stat(join(p, 'SKILL.md')).then(
        () => true,
        () => false,
      )
    )
      out.push(p);
  }
  return out;
}
