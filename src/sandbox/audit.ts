import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { statePaths } from '../config/paths.js';

/** Events the sandbox (and the agent, gateway, monitors) record. */
export type AuditEventName =
  | 'policy.resolve'
  | 'tool.gate'
  | 'backend.select'
  | 'backend.degraded'
  | 'spawn'
  | 'net.decision'
  | 'fs.deny'
  | 'limit.hit'
  | 'exit'
  | 'setup.error'
  | (string & {});

/** SPEC §5: one JSON object per line. */
export interface AuditEvent {
  ts: string;
  runId: string;
  agentId: string | null;
  skill: string | null;
  tool: string | null;
  event: AuditEventName;
  decision: 'allow' | 'deny' | 'info' | 'error';
  reason: string;
  policyHash: string | null;
  backend: string | null;
  layers: string[];
  detail: Record<string, unknown>;
}

export type AuditInput = Partial<Omit<AuditEvent, 'ts' | 'event'>> & { event: AuditEventName };

export interface AuditLog {
  path: string;
  record(event: AuditInput): void;
  close(): void;
}

export interface AuditLogOptions {
  /** directory (default statePaths().auditDir) */
  dir?: string;
  /** rotate when the active file passes this size (default 10 MiB) */
  maxBytes?: number;
  /** rotated files kept: audit.1.jsonl .. audit.N.jsonl (default 5) */
  keep?: number;
  env?: NodeJS.ProcessEnv;
}

export const AUDIT_FILE = 'audit.jsonl';

/**
 * Keys whose values are never written, wherever they appear in `detail`.
 * The sandbox logs an argv hash and env *names* only; this is the backstop.
 */
const SECRET_KEYS =
  /^(env|environment|token|secret|password|passwd|authorization|cookie|apiKey|api_key|key|privateKey|argv|stdin|value|values)$/i;

export function scrubDetail(v: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (Array.isArray(v)) return v.slice(0, 200).map((x) => scrubDetail(x, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out[k] = SECRET_KEYS.test(k) ? '[redacted]' : scrubDetail(x, depth + 1);
    }
    return out;
  }
  if (typeof v === 'string' && v.length > 2000) return `${v.slice(0, 2000)}…`;
  return v;
}

export function newRunId(): string {
  return randomUUID();
}

/**
 * Append-only JSONL audit log through pino (synchronous destination: an audit
 * line must be on disk before the run it describes proceeds). Size-capped
 * rotation: when the file passes maxBytes it becomes audit.1.jsonl, and so on.
 */
export function openAuditLog(opts: AuditLogOptions = {}): AuditLog {
  const dir = opts.dir ?? statePaths(opts.env).auditDir;
  const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
  const keep = Math.max(1, opts.keep ?? 5);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, AUDIT_FILE);

  let dest = pino.destination({ dest: path, sync: true, append: true, mkdir: true });
  let size = existsSync(path) ? statSync(path).size : 0;
  // pino writes `{<level>,<fields>}`; the level slot carries `ts` so each line
  // is exactly the SPEC §5 object, ts first.
  const make = () =>
    pino(
      { base: null, timestamp: false, formatters: { level: () => ({ ts: new Date().toISOString() }) } },
      dest,
    );
  let logger = make();
  let closed = false;

  function rotate(): void {
    dest.flushSync();
    dest.end();
    for (let i = keep; i >= 1; i--) {
      const from = i === 1 ? path : join(dir, `audit.${i - 1}.jsonl`);
      const to = join(dir, `audit.${i}.jsonl`);
      if (i === keep) rmSync(to, { force: true });
      if (existsSync(from)) renameSync(from, to);
    }
    dest = pino.destination({ dest: path, sync: true, append: true, mkdir: true });
    logger = make();
    size = 0;
  }

  return {
    path,
    record(input: AuditInput): void {
      if (closed) return;
      const e: Omit<AuditEvent, 'ts'> = {
        runId: input.runId ?? 'none',
        agentId: input.agentId ?? null,
        skill: input.skill ?? null,
        tool: input.tool ?? null,
        event: input.event,
        decision: input.decision ?? 'info',
        reason: input.reason ?? '',
        policyHash: input.policyHash ?? null,
        backend: input.backend ?? null,
        layers: input.layers ?? [],
        detail: scrubDetail(input.detail ?? {}) as Record<string, unknown>,
      };
      const line = JSON.stringify(e);
      if (size > 0 && size + line.length + 1 > maxBytes) rotate();
      logger.info(e);
      size += Buffer.byteLength(line) + 40;
    },
    close(): void {
      if (closed) return;
      closed = true;
      dest.flushSync();
      dest.end();
    },
  };
}

/** Read the active audit file (tests, `weft sandbox audit`). Bad lines are skipped. */
export function readAuditLog(dir: string): AuditEvent[] {
  let text = '';
  try {
    text = readFileSync(join(dir, AUDIT_FILE), 'utf8');
  } catch {
    return [];
  }
  const out: AuditEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as AuditEvent);
    } catch {
      // a torn last line from a crashed writer; ignore it
    }
  }
  return out;
}
