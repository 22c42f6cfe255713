import { open, stat } from 'node:fs/promises';
import { statePaths } from '../../config/paths.js';
import { defaultMonitors, parseAuditLines, runMonitors } from './index.js';
import { appendAlerts, auditLogFiles, readAuditEvents } from './log.js';
import type { Alert } from './types.js';

export interface MonitorOptions {
  env?: NodeJS.ProcessEnv;
  sinceMs?: number;
  follow?: boolean;
  pollMs?: number;
  signal?: AbortSignal;
  onAlert: (a: Alert) => void;
}

/**
 * Batch-run the monitors over the log, then (with follow) poll for appended
 * lines. Polling, not fs.watch: it behaves the same on every filesystem and
 * survives rotation (a shrunk file is re-read from its start).
 */
export async function monitorAuditLog(opts: MonitorOptions): Promise<void> {
  const dir = statePaths(opts.env).auditDir;
  const monitors = defaultMonitors();
  const emit = async (alerts: Alert[]) => {
    for (const a of alerts) opts.onAlert(a);
    await appendAlerts(dir, alerts);
  };
  await emit(runMonitors(await readAuditEvents(dir, { sinceMs: opts.sinceMs }), monitors));
  if (!opts.follow) return;
  const offsets = new Map<string, number>();
  for (const f of await auditLogFiles(dir)) offsets.set(f, (await stat(f)).size);
  while (!opts.signal?.aborted) {
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
    for (const f of await auditLogFiles(dir)) {
      const size = (await stat(f).catch(() => undefined))?.size ?? 0;
      let from = offsets.get(f) ?? 0;
      if (size < from) from = 0;
      if (size === from) continue;
      const fh = await open(f, 'r');
      const buf = Buffer.alloc(size - from);
      await fh.read(buf, 0, buf.length, from);
      await fh.close();
      const text = buf.toString('utf8');
      const complete = text.lastIndexOf('\n') + 1; // leave a torn last line for the next poll
      offsets.set(f, from + Buffer.byteLength(text.slice(0, complete)));
      await emit(runMonitors(parseAuditLines(text.slice(0, complete)), monitors));
    }
  }
}
