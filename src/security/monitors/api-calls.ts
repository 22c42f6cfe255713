import { type Alert, eventTime, evidence, isNetwork, iso, type Monitor } from './types.js';

export interface ApiCallOptions {
  burstCount?: number;
  burstWindowMs?: number;
  /** calls per agent per hour before a budget alert */
  hourlyBudget?: number;
}

const isApiCall = (event: string) => event === 'model' || event === 'api' || event === 'llm';

/** Bursts of network or model calls, and an hourly budget per agent. */
export function apiCallsMonitor(opts: ApiCallOptions = {}): Monitor {
  const burstCount = opts.burstCount ?? 20;
  const burstWindow = opts.burstWindowMs ?? 10_000;
  const budget = opts.hourlyBudget ?? 500;
  const recent = new Map<string, number[]>();
  const hourly = new Map<string, { hour: number; count: number; alerted: boolean }>();
  const burstAlertedUntil = new Map<string, number>();

  return {
    name: 'api_calls',
    feed(e) {
      if (!isNetwork(e) && !isApiCall(e.event)) return [];
      const alerts: Alert[] = [];
      const t = eventTime(e);
      const agent = e.agentId ?? '-';
      const times = (recent.get(agent) ?? []).filter((x) => t - x < burstWindow);
      times.push(t);
      recent.set(agent, times);
      if (times.length > burstCount && (burstAlertedUntil.get(agent) ?? 0) < t) {
        burstAlertedUntil.set(agent, t + burstWindow);
        alerts.push({
          monitor: 'api_calls',
          alertId: 'api_calls.burst',
          severity: 'high',
          ts: iso(t),
          agentId: agent,
          ...(e.runId ? { runId: e.runId } : {}),
          message: `${times.length} network/API calls within ${burstWindow / 1000}s`,
          evidence: [evidence(e)],
        });
      }
      const hour = Math.floor(t / 3_600_000);
      let h = hourly.get(agent);
      if (!h || h.hour !== hour) {
        h = { hour, count: 0, alerted: false };
        hourly.set(agent, h);
      }
      h.count++;
      if (!h.alerted && h.count > budget) {
        h.alerted = true;
        alerts.push({
          monitor: 'api_calls',
          alertId: 'api_calls.budget_exceeded',
          severity: 'medium',
          ts: iso(t),
          agentId: agent,
          message: `more than ${budget} network/API calls this hour`,
          evidence: [evidence(e)],
        });
      }
      return alerts;
    },
  };
}
