import { join } from 'node:path';
import { statePaths } from '../../config/paths.js';
import { pinKey, type TrustStore, withPin } from '../../signing/trust.js';
import type { Snapshot } from '../audit/snapshot.js';
import type { AuditFinding } from '../audit/types.js';
import { ROLE_PROFILES } from './profiles.js';

/** One reversible change. Plans are data: shown with --dry-run, applied and backed up by apply.ts. */
export type Change =
  | { kind: 'chmod'; path: string; from: number; to: number; reason: string }
  | { kind: 'write'; path: string; before: string | null; after: string; mode: number; reason: string };

const CHMOD_FIXES: Record<string, number> = {
  'fs.state_dir.perms_open': 0o700,
  'fs.keys.dir_perms_open': 0o700,
  'fs.keys.perms_world_readable': 0o600,
  'fs.keys.perms_group_readable': 0o600,
  'fs.credentials.perms_readable': 0o600,
  'fs.trust.perms_writable': 0o600,
  'fs.agent_config.perms_writable': 0o600,
  'audit.dir_writable_by_others': 0o700,
};

/** Replace the first `key = ...` line of `[table]` (or insert it), keeping every other byte and comment. */
export function setTomlKey(text: string, table: string, key: string, value: string | null): string {
  const lines = text.split('\n');
  let current = '';
  let tableLine = -1;
  for (let i = 0; i < lines.length; i++) {
    const h = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(lines[i]!);
    if (h) {
      current = h[1]!.replace(/\s+/g, '');
      if (current === table && !lines[i]!.trim().startsWith('[[')) tableLine = i;
      continue;
    }
    if (current === table && new RegExp(`^\\s*${key}\\s*=`).test(lines[i]!)) {
      if (value === null) lines.splice(i, 1);
      else lines[i] = `${key} = ${value}`;
      return lines.join('\n');
    }
  }
  if (value === null) return text;
  if (tableLine >= 0) {
    lines.splice(tableLine + 1, 0, `${key} = ${value}`);
    return lines.join('\n');
  }
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${text}${sep}${text ? '\n' : ''}[${table}]\n${key} = ${value}\n`;
}

export interface PlanInput {
  snapshot: Snapshot;
  findings: AuditFinding[];
  files: Map<string, string>; // current text of files we may edit
  env?: NodeJS.ProcessEnv;
  force?: boolean;
  agent?: string;
}

export function planHarden(input: PlanInput): Change[] {
  const { snapshot: s, findings, files } = input;
  const changes: Change[] = [];
  const chmodSeen = new Set<string>();
  const chmod = (path: string, from: number, to: number, reason: string) => {
    if (chmodSeen.has(path) || (from & 0o777) === to) return;
    chmodSeen.add(path);
    changes.push({ kind: 'chmod', path, from: from & 0o7777, to, reason });
  };
  const modeOf = (path: string) =>
    [
      s.stateDir,
      s.keysDir,
      s.credentials,
      s.trust,
      s.auditDir,
      ...s.privateKeys,
      ...s.auditFiles,
      ...s.agents.flatMap((a) => (a.configFile ? [a.configFile] : [])),
    ].find((f) => f.path === path)?.mode ?? 0;
  const edits = new Map<string, { before: string; after: string; reasons: string[] }>();
  const edit = (path: string, reason: string, f: (t: string) => string) => {
    const cur = edits.get(path) ?? {
      before: files.get(path) ?? '',
      after: files.get(path) ?? '',
      reasons: [],
    };
    const next = f(cur.after);
    if (next !== cur.after) {
      cur.after = next;
      cur.reasons.push(reason);
      edits.set(path, cur);
    }
  };

  for (const f of findings) {
    if (input.agent && input.agent !== 'all' && f.agentId && f.agentId !== input.agent) continue;
    const to = CHMOD_FIXES[f.checkId];
    if (to !== undefined && f.path) chmod(f.path, modeOf(f.path), to, f.checkId);
    if (f.checkId === 'audit.log_world_readable' && f.path) {
      chmod(f.path, modeOf(f.path), f.path === s.auditDir.path ? 0o700 : 0o600, f.checkId);
    }
    if (f.checkId === 'sandbox.agent.privileged_unused' && f.path) {
      edit(f.path, f.checkId, (t) => setTomlKey(t, 'sandbox', 'privileged', null));
    }
    if (f.checkId === 'hub.allow_unsigned_enabled' && f.path)
      edit(f.path, f.checkId, (t) => setTomlKey(t, 'hub', 'allow_unsigned', 'false'));
    if (f.checkId === 'hub.block_override_allowed' && f.path) {
      edit(f.path, f.checkId, (t) => setTomlKey(t, 'hub', 'allow_block_override', 'false'));
    }
    if (f.checkId === 'hub.rate_limits_disabled' && f.path)
      edit(f.path, f.checkId, (t) => setTomlKey(t, 'hub', 'rate_limits', 'true'));
  }

  // Secure defaults made explicit: every agent states its sandbox type, so a later default change cannot loosen it.
  for (const a of s.agents) {
    if (input.agent && input.agent !== 'all' && a.id !== input.agent) continue;
    if (a.configError) continue;
    if (!a.config || a.config.sandbox.sandbox_type === undefined) {
      const type = process.platform === 'linux' ? '"os"' : '"wasm"';
      edit(a.configPath, 'sandbox.agent.implicit_defaults', (t) =>
        setTomlKey(t, 'sandbox', 'sandbox_type', type),
      );
    }
  }

  for (const [path, e] of edits) {
    changes.push({
      kind: 'write',
      path,
      before: files.has(path) ? e.before : null,
      after: e.after,
      mode: 0o600,
      reason: e.reasons.join(', '),
    });
  }

  // Pin publisher keys recorded in lockfiles.
  const unpinned = findings.filter((f) => f.checkId === 'skills.key_unpinned');
  if (unpinned.length > 0 && s.trustStore) {
    let store: TrustStore = s.trustStore;
    for (const sk of s.skills) {
      if (!sk.lock?.publicKey || !unpinned.some((f) => f.path === sk.path)) continue;
      const registry = sk.lock.registry ?? 'local';
      if (!store.pins[pinKey(registry, sk.slug)])
        store = withPin(store, registry, sk.slug, sk.lock.publicKey);
    }
    const path = s.trust.path;
    changes.push({
      kind: 'write',
      path,
      before: files.get(path) ?? null,
      after: `${JSON.stringify(store, null, 2)}\n`,
      mode: 0o600,
      reason: 'skills.key_unpinned',
    });
  }

  // Role profiles for `weft sandbox run --policy`.
  const profilesDir = statePaths(input.env).profilesDir;
  for (const [role, text] of Object.entries(ROLE_PROFILES)) {
    const path = join(profilesDir, `${role}.toml`);
    const before = files.get(path) ?? null;
    if (before === text || (before !== null && !input.force)) continue;
    changes.push({ kind: 'write', path, before, after: text, mode: 0o644, reason: `profile ${role}` });
  }
  return changes;
}

/** Files a plan may read or edit, so the caller can load them first (plans stay pure). */
export function filesToRead(s: Snapshot, env?: NodeJS.ProcessEnv): string[] {
  const profilesDir = statePaths(env).profilesDir;
  return [
    ...s.agents.map((a) => a.configPath),
    s.hub.path,
    s.trust.path,
    ...Object.keys(ROLE_PROFILES).map((r) => join(profilesDir, `${r}.toml`)),
  ];
}
