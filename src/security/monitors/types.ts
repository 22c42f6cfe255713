import type { Severity } from '../audit/types.js';

/** An audit-log record as the monitors read it (SPEC §5); unknown fields are ignored. */
export interface AuditEvent {
  ts: string | number;
  runId?: string;
  agentId?: string;
  skill?: string;
  tool?: string;
  event: string;
  decision?: string;
  reason?: string;
  detail?: Record<string, unknown>;
}

export interface Alert {
  monitor: 'tool_usage' | 'api_calls' | 'file_access';
  alertId: string;
  severity: Severity;
  ts: string;
  agentId?: string;
  runId?: string;
  message: string;
  evidence: Pick<AuditEvent, 'ts' | 'event' | 'tool' | 'decision'>[];
}

/** A monitor consumes events in time order and returns the alerts each one triggers. Stateful, so it can follow a live log. */
export interface Monitor {
  name: Alert['monitor'];
  feed(e: AuditEvent): Alert[];
}

export function eventTime(e: AuditEvent): number {
  return typeof e.ts === 'number' ? e.ts : Date.parse(e.ts);
}

export function pathOf(e: AuditEvent): string | undefined {
  const p = e.detail?.path;
  return typeof p === 'string' ? p : undefined;
}

export function hostOf(e: AuditEvent): string | undefined {
  const h = e.detail?.host;
  return typeof h === 'string' ? h : undefined;
}

const NET_TOOLS = new Set(['WebFetch', 'WebSearch']);
/** A network decision, or a tool call whose job is network I/O. */
export function isNetwork(e: AuditEvent): boolean {
  return hostOf(e) !== undefined || e.event === 'net' || e.event === 'network' || NET_TOOLS.has(e.tool ?? '');
}

export function isAllowed(e: AuditEvent): boolean {
  return e.decision === undefined || e.decision === 'allow' || e.decision === 'allowed';
}

/** Paths whose contents are credentials; reading one is the first half of an exfiltration chain. */
export const SENSITIVE_PATH =
  /(?:^|\/)(?:\.ssh|\.aws|\.gnupg|\.kube|\.docker|\.config\/gcloud|\.clawft\/keys)(?:\/|$)|(?:^|\/)(?:\.env(?:\.[\w-]+)?|\.netrc|\.npmrc|\.pypirc|id_rsa|id_ed25519|id_ecdsa|credentials(?:\.json)?|shadow)$/;

export function evidence(e: AuditEvent): Alert['evidence'][number] {
  const out: Alert['evidence'][number] = { ts: e.ts, event: e.event };
  if (e.tool) out.tool = e.tool;
  if (e.decision) out.decision = e.decision;
  return out;
}

export function iso(ms: number): string {
  return new Date(Number.isFinite(ms) ? ms : Date.now()).toISOString();
}
