import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type AgentConfig, parseAgentConfig } from '../../config/agent.js';
import { statePaths } from '../../config/paths.js';
import {
  type GatewayConfig,
  GatewayConfigSchema,
  type HubConfig,
  HubConfigSchema,
  loadServiceConfig,
  serviceConfigPath,
} from '../../config/services.js';
import { isWeftError } from '../../errors.js';
import { detectCapabilities, type HostCapabilities } from '../../sandbox/capabilities.js';
import { readTrustStore, type TrustStore } from '../../signing/trust.js';
import { readBundleDir } from '../../skills/bundle.js';
import type { HubStoreFacts } from './hub-store.js';

/**
 * Everything `weft security audit` looks at, gathered once. Checks are pure
 * functions over this value, so tests build a bad installation on disk,
 * snapshot it, and assert findings without mocking the filesystem.
 */

export interface FileFacts {
  path: string;
  exists: boolean;
  isSymlink: boolean;
  isDir: boolean;
  mode: number;
  uid: number;
}

export interface AgentFacts {
  id: string;
  dir: string;
  configPath: string;
  configText?: string;
  config?: AgentConfig;
  configError?: string;
  configFile?: FileFacts;
  workspace: string;
}

export interface LockEntry {
  version?: string;
  fingerprint?: string;
  signature?: string;
  publicKey?: string;
  registry?: string;
  scan?: { verdict?: string; forced?: boolean };
}

export interface InstalledSkill {
  workdir: string;
  slug: string;
  path: string;
  lock?: LockEntry;
  currentFingerprint?: string;
  readError?: string;
}

export interface ContainerFacts {
  inContainer: boolean;
  seccompMode: number | null;
  noNewPrivs: boolean | null;
}

export interface ServiceFacts<T> {
  path: string;
  config?: T;
  error?: string;
  file?: FileFacts;
}

export interface Snapshot {
  home: string;
  uid: number;
  stateDir: FileFacts;
  keysDir: FileFacts;
  privateKeys: FileFacts[];
  credentials: FileFacts;
  trust: FileFacts;
  trustStore?: TrustStore;
  trustError?: string;
  auditDir: FileFacts;
  auditFiles: FileFacts[];
  agents: AgentFacts[];
  gateway: ServiceFacts<GatewayConfig>;
  hub: ServiceFacts<HubConfig>;
  /** the hub's store, when one is configured or present (tokens, unsigned versions, quarantined tags) */
  hubStore?: HubStoreFacts;
  skills: InstalledSkill[];
  caps: HostCapabilities;
  container: ContainerFacts;
}

export interface SnapshotOptions {
  env?: NodeJS.ProcessEnv;
  /** extra workdirs holding `skills/` + `.clawhub/lock.json` */
  skillDirs?: string[];
  agent?: string;
  /** skip reading the hub's store (tokens, versions) */
  noHubStore?: boolean;
  /** publish/admin tokens older than this, or unused this long, are reported (default 90) */
  tokenMaxAgeDays?: number;
}

export async function facts(path: string): Promise<FileFacts> {
  try {
    const st = await lstat(path);
    return {
      path,
      exists: true,
      isSymlink: st.isSymbolicLink(),
      isDir: st.isDirectory(),
      mode: st.mode & 0o7777,
      uid: st.uid,
    };
  } catch {
    return { path, exists: false, isSymlink: false, isDir: false, mode: 0, uid: -1 };
  }
}

async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

async function readAgents(agentsDir: string, only?: string): Promise<AgentFacts[]> {
  const ids = (await listDir(agentsDir)).filter(
    (id) => !id.startsWith('.') && (!only || only === 'all' || only === id),
  );
  const out: AgentFacts[] = [];
  for (const id of ids.sort()) {
    const dir = join(agentsDir, id);
    const configPath = join(dir, 'config.toml');
    const a: AgentFacts = {
      id,
      dir,
      configPath,
      workspace: join(dir, 'workspace'),
      configFile: await facts(configPath),
    };
    const text = await readFile(configPath, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      a.configText = text;
      try {
        a.config = parseAgentConfig(text, configPath);
      } catch (err) {
        a.configError = isWeftError(err) ? err.message : String(err);
      }
    }
    out.push(a);
  }
  return out;
}

async function readService<T>(path: string, load: () => Promise<T | undefined>): Promise<ServiceFacts<T>> {
  const f: ServiceFacts<T> = { path, file: await facts(path) };
  try {
    const cfg = await load();
    if (cfg !== undefined) f.config = cfg;
  } catch (err) {
    f.error = isWeftError(err) ? err.message : String(err);
  }
  return f;
}

async function readInstalledSkills(workdir: string): Promise<InstalledSkill[]> {
  const lockText = await readFile(join(workdir, '.clawhub', 'lock.json'), 'utf8').catch(() => undefined);
  let lockSkills: Record<string, LockEntry> = {};
  if (lockText) {
    try {
      const parsed = JSON.parse(lockText) as { skills?: Record<string, LockEntry> };
      if (parsed && typeof parsed.skills === 'object' && parsed.skills) lockSkills = parsed.skills;
    } catch {
      // A corrupt lockfile is reported per skill below (no lock entry).
    }
  }
  const root = join(workdir, 'skills');
  const slugs = new Set([
    ...(await listDir(root)).filter((s) => !s.startsWith('.')),
    ...Object.keys(lockSkills),
  ]);
  const out: InstalledSkill[] = [];
  for (const slug of [...slugs].sort()) {
    const path = join(root, slug);
    const s: InstalledSkill = { workdir, slug, path };
    const lock = lockSkills[slug];
    if (lock) s.lock = lock;
    try {
      s.currentFingerprint = (await readBundleDir(path)).fingerprint;
    } catch (err) {
      s.readError = isWeftError(err) ? err.message : String(err);
    }
    out.push(s);
  }
  return out;
}

async function detectContainer(): Promise<ContainerFacts> {
  const dockerenv = (await facts('/.dockerenv')).exists || (await facts('/run/.containerenv')).exists;
  const cgroup = await readFile('/proc/1/cgroup', 'utf8').catch(() => '');
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const seccomp = /^Seccomp:\s*(\d)/m.exec(status);
  const nnp = /^NoNewPrivs:\s*(\d)/m.exec(status);
  return {
    inContainer: dockerenv || /docker|containerd|kubepods|libpod/.test(cgroup),
    seccompMode: seccomp ? Number(seccomp[1]) : null,
    noNewPrivs: nnp ? nnp[1] === '1' : null,
  };
}

export async function takeSnapshot(opts: SnapshotOptions = {}): Promise<Snapshot> {
  const env = opts.env ?? process.env;
  const p = statePaths(env);
  const keyNames = (await listDir(p.keysDir)).filter((n) => n.endsWith('.key'));
  const auditNames = await listDir(p.auditDir);
  const agents = await readAgents(p.agentsDir, opts.agent);
  const workdirs = new Set<string>(agents.map((a) => a.workspace));
  for (const a of agents) if (a.config?.skills.dir) workdirs.add(resolve(a.dir, a.config.skills.dir, '..'));
  for (const d of opts.skillDirs ?? []) workdirs.add(resolve(d));
  const skills = (await Promise.all([...workdirs].map(readInstalledSkills))).flat();
  let trustStore: TrustStore | undefined;
  let trustError: string | undefined;
  try {
    trustStore = await readTrustStore(p.trustFile);
  } catch (err) {
    trustError = isWeftError(err) ? err.message : String(err);
  }
  const snap: Snapshot = {
    home: p.home,
    uid: process.getuid?.() ?? -1,
    stateDir: await facts(p.home),
    keysDir: await facts(p.keysDir),
    privateKeys: await Promise.all(keyNames.map((n) => facts(join(p.keysDir, n)))),
    credentials: await facts(p.credentialsFile),
    trust: await facts(p.trustFile),
    auditDir: await facts(p.auditDir),
    auditFiles: await Promise.all(auditNames.map((n) => facts(join(p.auditDir, n)))),
    agents,
    gateway: await readService(serviceConfigPath('gateway', env), () =>
      loadServiceConfig(serviceConfigPath('gateway', env), GatewayConfigSchema),
    ),
    hub: await readService(serviceConfigPath('hub', env), () =>
      loadServiceConfig(serviceConfigPath('hub', env), HubConfigSchema),
    ),
    skills,
    caps: detectCapabilities(),
    container: await detectContainer(),
  };
  if (!opts.noHubStore) {
    // Lazy: the store drivers load only when a store is configured or present.
    const { readHubStore } = await import('./hub-store.js');
    const hubStore = await readHubStore(env, snap.hub.config, { maxAgeDays: opts.tokenMaxAgeDays });
    if (hubStore) snap.hubStore = hubStore;
  }
  if (trustStore) snap.trustStore = trustStore;
  if (trustError) snap.trustError = trustError;
  return snap;
}
