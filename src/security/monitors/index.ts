import { apiCallsMonitor } from './api-calls.js';
import { type FileAccessOptions, fileAccessMonitor } from './file-access.js';
import { toolUsageMonitor } from './tool-usage.js';
import type { Alert, AuditEvent, Monitor } from './types.js';

export type { Alert, AuditEvent, Monitor } from './types.js';

export function defaultMonitors(opts: { fileAccess?: FileAccessOptions } = {}): Monitor[] {
  return [toolUsageMonitor(), apiCallsMonitor(), fileAccessMonitor(opts.fileAccess)];
}

/** Feed events (already in time order) through every monitor; alerts come out in event order. */
export function runMonitors(events: Iterable<AuditEvent>, monitors: Monitor[] = defaultMonitors()): Alert[] {
  const alerts: Alert[] = [];
  for (const e of events) {
    if (e.event === 'alert') continue; // our own output, when re-reading a log
    for (const m of monitors) alerts.push(...m.feed(e));
  }
  return alerts;
}

/** Parse JSON lines leniently: a torn last line or foreign line is skipped, not fatal. */
export function parseAuditLines(text: string): AuditEvent[] {
  const out: AuditEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as Partial<AuditEvent> & { time?: number | string };
      const ts = o.ts ?? o.time;
      if (ts === undefined || typeof o.event !== 'string') continue;
      out.push({ ...o, ts, event: o.event } as AuditEvent);
    } catch {
      // skip
    }
  }
  return out;
}
