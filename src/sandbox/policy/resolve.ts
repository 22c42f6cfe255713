import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { clawftHome } from '../../config/paths.js';
import type { SandboxSection } from '../../config/policy-schema.js';
import { SandboxSectionSchema } from '../../config/policy-schema.js';
import { WeftError } from '../../errors.js';
import type { SkillPermissions } from '../../skills/manifest.js';
import {
  DEFAULT_LIMITS,
  defaultSandboxType,
  isLoaderVar,
  MANDATORY_DENY_NAMES,
  MANDATORY_READONLY_NAMES,
  MiB,
  mandatoryDenyPaths,
} from './defaults.js';
import { hostMatches, normalizeHost } from './hosts.js';
import type { NetGrant, ResolvedLimits, ResolvedPolicy } from './types.js';

export interface SkillInput {
  slug: string;
  /** the skill's `permissions` block; absent means the skill is granted nothing */
  permissions?: SkillPermissions | undefined;
}

export interface ResolveOptions {
  /** relative policy paths resolve against this (default: process.cwd()) */
  baseDir?: string;
  home?: string;
  platform?: NodeJS.Platform;
  agentId?: string | null;
  env?: NodeJS.ProcessEnv;
}

type Dropped = ResolvedPolicy['dropped'];

/** `~` expansion, then absolute, then realpath of the longest existing prefix. */
export function canonicalPath(p: string, baseDir: string, home: string): string {
  let s = p;
  if (s === '~') s = home;
  else if (s.startsWith('~/')) s = join(home, s.slice(2));
  const abs = isAbsolute(s) ? resolve(s) : resolve(baseDir, s);
  // Walk up until something exists, realpath it, and re-append the rest, so a
  // not-yet-created path under a symlinked dir still lands where it really is.
  const tail: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      const real = realpathSync.native(cur);
      return tail.length ? join(real, ...tail.reverse()) : real;
    } catch {
      const parent = resolve(cur, '..');
      if (parent === cur) return abs;
      tail.push(cur.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      cur = parent;
    }
  }
}

const SYSTEM_PATHS = [
  '/usr',
  '/etc',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/boot',
  '/var/lib',
  '/opt',
];

/** `/` itself, or inside the OS's own trees. */
export function isSystemPath(p: string): boolean {
  return p === '/' || SYSTEM_PATHS.some((s) => isWithin(p, s));
}

export function isWithin(child: string, parent: string): boolean {
  if (parent === '/') return true;
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function dedupeRoots(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of sorted) if (!out.some((o) => isWithin(p, o))) out.push(p);
  return out.sort();
}

function limitsFrom(l: SandboxSection['limits']): ResolvedLimits {
  return {
    wallMs: l.wall_seconds !== undefined ? Math.round(l.wall_seconds * 1000) : DEFAULT_LIMITS.wallMs,
    cpuSeconds: l.cpu_seconds ?? DEFAULT_LIMITS.cpuSeconds,
    memoryBytes: l.memory_mb !== undefined ? l.memory_mb * MiB : DEFAULT_LIMITS.memoryBytes,
    pids: l.pids ?? DEFAULT_LIMITS.pids,
    fsizeBytes: l.fsize_mb !== undefined ? l.fsize_mb * MiB : DEFAULT_LIMITS.fsizeBytes,
    nofile: l.nofile ?? DEFAULT_LIMITS.nofile,
    outputBytes: l.output_bytes ?? DEFAULT_LIMITS.outputBytes,
  };
}

interface FsGrant {
  path: string;
  writable: boolean;
}

function canonicalFs(rules: { path: string; writable: boolean }[], base: string, home: string): FsGrant[] {
  return rules.map((r) => ({ path: canonicalPath(r.path, base, home), writable: r.writable }));
}

/** Paths both sides grant: the narrower of each overlapping pair; writable only if both say so. */
function intersectFs(a: FsGrant[], b: FsGrant[], dropped: Dropped): FsGrant[] {
  const out: FsGrant[] = [];
  for (const s of b) {
    let matched = false;
    for (const g of a) {
      if (isWithin(s.path, g.path)) {
        out.push({ path: s.path, writable: s.writable && g.writable });
        matched = true;
      } else if (isWithin(g.path, s.path)) {
        out.push({ path: g.path, writable: s.writable && g.writable });
        matched = true;
      }
    }
    if (!matched)
      dropped.push({ kind: 'fs', value: s.path, reason: 'skill asks for a path the agent does not grant' });
  }
  return out;
}

function canonicalNet(
  rules: { host: string; ports: number[]; require_tls: boolean }[],
  dropped: Dropped,
): NetGrant[] {
  const out: NetGrant[] = [];
  for (const r of rules) {
    const host = normalizeHost(r.host);
    if (!host) {
      dropped.push({ kind: 'net', value: r.host, reason: 'not a valid host name' });
      continue;
    }
    out.push({ host, ports: [...new Set(r.ports)].sort((x, y) => x - y), requireTls: r.require_tls });
  }
  return out;
}

function intersectNet(a: NetGrant[], b: NetGrant[], dropped: Dropped): NetGrant[] {
  const out: NetGrant[] = [];
  for (const s of b) {
    let matched = false;
    for (const g of a) {
      const host = hostMatches(g.host, s.host) ? s.host : hostMatches(s.host, g.host) ? g.host : null;
      if (!host) continue;
      const ports = s.ports.filter((p) => g.ports.includes(p));
      if (ports.length === 0) continue;
      out.push({ host, ports, requireTls: s.requireTls || g.requireTls });
      matched = true;
    }
    if (!matched)
      dropped.push({ kind: 'net', value: s.host, reason: 'skill asks for a host the agent does not grant' });
  }
  return out;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

/** Is every name `inner` matches also matched by `outer`? */
function patternCovers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  if (inner === '*') return false;
  if (!outer.endsWith('*')) return outer === inner;
  return inner.startsWith(outer.slice(0, -1));
}

function intersectEnv(a: string[], b: string[], dropped: Dropped): string[] {
  const out: string[] = [];
  for (const s of b) {
    const narrower = a.flatMap((g) => (patternCovers(g, s) ? [s] : patternCovers(s, g) ? [g] : []));
    if (narrower.length === 0) {
      dropped.push({ kind: 'env', value: s, reason: 'skill asks for a variable the agent does not allow' });
    }
    out.push(...narrower);
  }
  return out;
}

/** Is this env var name passed through under the policy? Loader variables never are. */
export function envAllowed(policy: ResolvedPolicy, name: string): boolean {
  if (isLoaderVar(name)) return false;
  return policy.env.allow.some((p) => patternMatches(p, name));
}

export function toolPatternMatches(pattern: string, tool: string): boolean {
  return patternMatches(pattern, tool);
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function policyHash(p: Omit<ResolvedPolicy, 'hash' | 'source'>): string {
  const { version, type, privileged, tools, fs, net, env, limits } = p;
  const body = canonicalJson({ version, type, privileged, tools, fs, net, env, limits });
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/**
 * Agent `[sandbox]` section (already parsed, or a raw object) ∩ a skill's
 * `permissions`, with secure defaults filled in. Deny wins: a tool, path, host
 * or variable survives only if both sides allow it, and the mandatory deny
 * list is applied last. Pure apart from realpath lookups.
 */
export function resolvePolicy(
  agent: SandboxSection | unknown,
  skill?: SkillInput,
  opts: ResolveOptions = {},
): ResolvedPolicy {
  const parsed = SandboxSectionSchema.safeParse(agent ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WeftError(
      'E_POLICY_INVALID',
      `sandbox policy: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    );
  }
  const a = parsed.data;
  const home = opts.home ?? homedir();
  const base = opts.baseDir ?? process.cwd();
  const dropped: Dropped = [];

  let fs = canonicalFs(a.filesystem.rules, base, home);
  let net = canonicalNet(a.network.rules, dropped);
  let env = a.environment.rules.map((r) => r.pattern);
  let allowed: string[] | null = a.tools.allowed ?? null;
  const denied = [...a.tools.denied];

  if (skill) {
    const p = skill.permissions ?? {};
    const skillFs: FsGrant[] = [
      ...canonicalFs(
        (p.fs?.read ?? []).map((path) => ({ path, writable: false })),
        base,
        home,
      ),
      ...canonicalFs(
        (p.fs?.write ?? []).map((path) => ({ path, writable: true })),
        base,
        home,
      ),
    ];
    fs = intersectFs(fs, skillFs, dropped);
    net = intersectNet(net, canonicalNet(p.net ?? [], dropped), dropped);
    env = intersectEnv(env, p.env ?? [], dropped);
    if (p.tools) {
      const want = p.tools;
      allowed = allowed === null ? want : want.filter((t) => allowed!.some((g) => patternMatches(g, t)));
      for (const t of want)
        if (!allowed.includes(t))
          dropped.push({ kind: 'tool', value: t, reason: 'agent does not allow this tool' });
    }
  }

  const deny = mandatoryDenyPaths(home, clawftHome(opts.env)).map((d) => canonicalPath(d, base, home));
  const kept: FsGrant[] = [];
  for (const g of fs) {
    const kernel = ['/proc', '/sys', '/dev'].find((k) => isWithin(g.path, k));
    if (kernel) {
      dropped.push({ kind: 'fs', value: g.path, reason: `kernel interface ${kernel} cannot be granted` });
      continue;
    }
    const inside = deny.find((d) => isWithin(g.path, d));
    if (inside) {
      dropped.push({ kind: 'fs', value: g.path, reason: `inside the mandatory deny list (${inside})` });
    } else if (g.writable && isSystemPath(g.path)) {
      // Writing the OS itself is never a skill's business: keep the grant read-only.
      dropped.push({ kind: 'fs', value: g.path, reason: 'system path: write access downgraded to read' });
      kept.push({ path: g.path, writable: false });
    } else kept.push(g);
  }
  const write = dedupeRoots(kept.filter((g) => g.writable).map((g) => g.path));
  const read = dedupeRoots(kept.filter((g) => !g.writable).map((g) => g.path)).filter(
    (r) => !write.some((w) => isWithin(r, w)),
  );
  const droppedEnv = env.filter((e) => !e.endsWith('*') && isLoaderVar(e));
  for (const e of droppedEnv)
    dropped.push({ kind: 'env', value: e, reason: 'loader variable, always dropped' });

  const type = a.sandbox_type ?? defaultSandboxType(opts.platform);
  const body: Omit<ResolvedPolicy, 'hash' | 'source'> = {
    version: 1,
    type,
    privileged: a.privileged,
    tools: { allowed: allowed ? [...new Set(allowed)].sort() : null, denied: [...new Set(denied)].sort() },
    fs: {
      read,
      write,
      deny: [...new Set(deny)].sort(),
      denyNames: [...MANDATORY_DENY_NAMES],
      readonlyNames: [...MANDATORY_READONLY_NAMES],
    },
    net: { rules: net.sort((x, y) => x.host.localeCompare(y.host)) },
    env: { allow: [...new Set(env.filter((e) => !droppedEnv.includes(e)))].sort() },
    limits: limitsFrom(a.limits),
    dropped,
  };
  return {
    ...body,
    source: { agentId: opts.agentId ?? null, skill: skill?.slug ?? null },
    hash: policyHash(body),
  };
}

/** Narrow a resolved policy's limits (e.g. a tool call with a shorter timeout). Never widens. */
export function tightenLimits(p: ResolvedPolicy, l: Partial<ResolvedLimits>): ResolvedPolicy {
  const limits = { ...p.limits };
  for (const k of Object.keys(l) as (keyof ResolvedLimits)[]) {
    const v = l[k];
    if (typeof v === 'number' && v > 0 && v < limits[k]) limits[k] = v;
  }
  const next = { ...p, limits };
  return { ...next, hash: policyHash(next) };
}
