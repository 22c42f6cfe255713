import {
  type Alert,
  type AuditEvent,
  eventTime,
  evidence,
  hostOf,
  isAllowed,
  isNetwork,
  iso,
  type Monitor,
  pathOf,
  SENSITIVE_PATH,
} from './types.js';

export interface ToolUsageOptions {
  /** bucket length for rate tracking */
  windowMs?: number;
  /** a bucket alerts when it exceeds both this floor and `factor` × the rolling baseline */
  minSpike?: number;
  factor?: number;
  /** how long a secret read stays "armed" for the exfiltration chain */
  chainWindowMs?: number;
}

/**
 * Tool-usage spikes per agent (rate over a rolling baseline) and the
 * read-a-secret-then-talk-to-the-network chain that exfiltration needs.
 */
export function toolUsageMonitor(opts: ToolUsageOptions = {}): Monitor {
  const windowMs = opts.windowMs ?? 60_000;
  const minSpike = opts.minSpike ?? 30;
  const factor = opts.factor ?? 4;
  const chainWindow = opts.chainWindowMs ?? 5 * 60_000;
  const rate = new Map<string, { bucket: number; count: number; baseline: number; alerted: boolean }>();
  const armed = new Map<string, { at: number; e: AuditEvent; path: string }>();

  return {
    name: 'tool_usage',
    feed(e) {
      const alerts: Alert[] = [];
      const t = eventTime(e);
      const agent = e.agentId ?? '-';
      if (e.tool) {
        const bucket = Math.floor(t / windowMs);
        let r = rate.get(agent);
        if (!r) {
          r = { bucket, count: 0, baseline: 0, alerted: false };
          rate.set(agent, r);
        }
        if (bucket !== r.bucket) {
          // Fold finished buckets (and empty ones in between) into an EWMA baseline.
          const gap = Math.min(bucket - r.bucket, 60);
          r.baseline = r.baseline * 0.7 ** gap + r.count * 0.3 * 0.7 ** (gap - 1);
          r.bucket = bucket;
          r.count = 0;
          r.alerted = false;
        }
        r.count++;
        if (!r.alerted && r.count > minSpike && r.count > factor * Math.max(r.baseline, 1)) {
          r.alerted = true;
          alerts.push({
            monitor: 'tool_usage',
            alertId: 'tool_usage.spike',
            severity: 'medium',
            ts: iso(t),
            agentId: agent,
            ...(e.runId ? { runId: e.runId } : {}),
            message: `${r.count} tool calls in ${windowMs / 1000}s (baseline ${r.baseline.toFixed(1)})`,
            evidence: [evidence(e)],
          });
        }
      }
      const key = e.runId ?? agent;
      const p = pathOf(e);
      if (p && SENSITIVE_PATH.test(p) && isAllowed(e) && !isNetwork(e)) {
        armed.set(key, { at: t, e, path: p });
      } else if (isNetwork(e) && isAllowed(e)) {
        const a = armed.get(key);
        if (a && t - a.at <= chainWindow) {
          armed.delete(key);
          alerts.push({
            monitor: 'tool_usage',
            alertId: 'tool_usage.exfil_chain',
            severity: 'critical',
            ts: iso(t),
            agentId: agent,
            ...(e.runId ? { runId: e.runId } : {}),
            message: `read of ${a.path} followed by network egress to ${hostOf(e) ?? e.tool ?? 'the network'} within ${Math.round((t - a.at) / 1000)}s`,
            evidence: [evidence(a.e), evidence(e)],
          });
        }
      }
      return alerts;
    },
  };
}
