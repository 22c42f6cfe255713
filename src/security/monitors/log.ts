import { appendFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAuditLines } from './index.js';
import type { Alert, AuditEvent } from './types.js';

export const ALERTS_FILE = 'alerts.jsonl';

/** Audit log files in a directory, oldest first (rotated files before the live one). */
export async function auditLogFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter(
    (n) => /\.(jsonl|log)(\.\d+)?$/.test(n) && n !== ALERTS_FILE,
  );
  const withTime = await Promise.all(
    names.map(async (n) => ({
      p: join(dir, n),
      t: (await stat(join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0,
    })),
  );
  return withTime.sort((a, b) => a.t - b.t || a.p.localeCompare(b.p)).map((x) => x.p);
}

/** Read recent events (bounded: at most `maxBytes` from the end of each file). */
export async function readAuditEvents(
  dir: string,
  opts: { sinceMs?: number; maxBytes?: number } = {},
): Promise<AuditEvent[]> {
  const max = opts.maxBytes ?? 32 * 1024 * 1024;
  const events: AuditEvent[] = [];
  for (const f of await auditLogFiles(dir)) {
    let text = await readFile(f, 'utf8').catch(() => '');
    if (text.length > max) text = text.slice(text.indexOf('\n', text.length - max) + 1);
    events.push(...parseAuditLines(text));
  }
  const since = opts.sinceMs;
  const filtered = since
    ? events.filter((e) => (typeof e.ts === 'number' ? e.ts : Date.parse(e.ts)) >= since)
    : events;
  return filtered.sort((a, b) => toMs(a.ts) - toMs(b.ts));
}

const toMs = (ts: string | number) => (typeof ts === 'number' ? ts : Date.parse(ts));

/** Alerts are audit records too (event "alert"), kept in their own file so re-reading the log does not re-alert. */
export async function appendAlerts(dir: string, alerts: Alert[]): Promise<void> {
  if (alerts.length === 0) return;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const lines = alerts.map((a) =>
    JSON.stringify({
      ts: a.ts,
      runId: a.runId ?? null,
      agentId: a.agentId ?? null,
      skill: null,
      tool: null,
      event: 'alert',
      decision: 'alert',
      reason: a.message,
      detail: { monitor: a.monitor, alertId: a.alertId, severity: a.severity, evidence: a.evidence },
    }),
  );
  await appendFile(join(dir, ALERTS_FILE), `${lines.join('\n')}\n`, { mode: 0o600 });
}
