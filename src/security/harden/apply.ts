import { chmod, lstat, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../config/files.js';
import { statePaths } from '../../config/paths.js';
import { WeftError } from '../../errors.js';
import { evaluate } from '../audit/index.js';
import { takeSnapshot } from '../audit/snapshot.js';
import { type ManualStep, planManualSteps } from './manual.js';
import { type Change, filesToRead, planHarden } from './plan.js';

export interface HardenOptions {
  env?: NodeJS.ProcessEnv;
  dryRun?: boolean;
  force?: boolean;
  agent?: string;
}

export interface HardenResult {
  dryRun: boolean;
  changes: Change[];
  backupDir: string | null;
  /** fixes to run by hand (token rotation): printed, never applied */
  manual: ManualStep[];
}

interface BackupEntry {
  change: Change;
  /** mode of the file before the change, null if it did not exist */
  modeBefore: number | null;
}

function backupsDir(env?: NodeJS.ProcessEnv): string {
  return join(statePaths(env).home, 'backups');
}

async function readIfFile(path: string): Promise<string | undefined> {
  const st = await lstat(path).catch(() => undefined);
  if (!st?.isFile()) return undefined; // never follow a symlink planted where a config should be
  return readFile(path, 'utf8');
}

export async function runHarden(opts: HardenOptions = {}): Promise<HardenResult> {
  const snapshot = await takeSnapshot({ env: opts.env, ...(opts.agent ? { agent: opts.agent } : {}) });
  const files = new Map<string, string>();
  for (const p of filesToRead(snapshot, opts.env)) {
    const text = await readIfFile(p);
    if (text !== undefined) files.set(p, text);
  }
  const changes = planHarden({
    snapshot,
    findings: evaluate(snapshot),
    files,
    env: opts.env,
    force: opts.force,
    agent: opts.agent,
  });
  const manual = planManualSteps(snapshot);
  if (opts.dryRun || changes.length === 0)
    return { dryRun: Boolean(opts.dryRun), changes, backupDir: null, manual };

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(backupsDir(opts.env), `harden-${stamp}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const entries: BackupEntry[] = [];
  for (const c of changes) {
    const st = await stat(c.path).catch(() => undefined);
    entries.push({ change: c, modeBefore: st ? st.mode & 0o7777 : null });
  }
  // The manifest (with every "before") is written first: an interrupted harden can still be undone.
  await writeFileAtomic(
    join(dir, 'manifest.json'),
    JSON.stringify({ version: 1, createdAt: stamp, entries }, null, 2),
    0o600,
  );
  for (const c of changes) {
    if (c.kind === 'chmod') await chmod(c.path, c.to);
    else await writeFileAtomic(c.path, c.after, c.mode);
  }
  return { dryRun: false, changes, backupDir: dir, manual };
}

export interface UndoResult {
  backupDir: string;
  reverted: number;
}

/** Revert the most recent harden run, newest change first, then drop its backup. */
export async function undoHarden(opts: { env?: NodeJS.ProcessEnv } = {}): Promise<UndoResult> {
  const root = backupsDir(opts.env);
  const runs = (await readdir(root).catch(() => [] as string[]))
    .filter((n) => n.startsWith('harden-'))
    .sort();
  const latest = runs.at(-1);
  if (!latest) throw new WeftError('E_NOT_FOUND', `no harden backup under ${root}`);
  const dir = join(root, latest);
  let manifest: { entries: BackupEntry[] };
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  } catch (err) {
    throw new WeftError('E_IO', `${dir}/manifest.json is unreadable; nothing was undone`, undefined, {
      cause: err,
    });
  }
  for (const { change: c, modeBefore } of [...manifest.entries].reverse()) {
    if (c.kind === 'chmod') {
      await chmod(c.path, c.from).catch(() => undefined);
    } else if (c.before === null) {
      await rm(c.path, { force: true });
    } else {
      await writeFileAtomic(c.path, c.before, modeBefore ?? 0o600);
    }
  }
  await rm(dir, { recursive: true, force: true });
  return { backupDir: dir, reverted: manifest.entries.length };
}

/** A change as a person reads it: chmod with modes, or a line diff of the file. */
export function describeChange(c: Change): string {
  if (c.kind === 'chmod')
    return `chmod ${c.path}: 0${(c.from & 0o777).toString(8)} -> 0${c.to.toString(8)}  (${c.reason})`;
  const head = `${c.before === null ? 'create' : 'edit'} ${c.path}  (${c.reason})`;
  const before = c.before === null ? [] : c.before.split('\n');
  const after = c.after.split('\n');
  const removed = before.filter((l) => !after.includes(l)).map((l) => `  - ${l}`);
  const added = after.filter((l) => !before.includes(l)).map((l) => `  + ${l}`);
  const body =
    c.before === null
      ? after
          .slice(0, 3)
          .map((l) => `  + ${l}`)
          .concat(after.length > 3 ? ['  + …'] : [])
      : [...removed, ...added];
  return [head, ...body].join('\n');
}
