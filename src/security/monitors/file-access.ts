import { dirname } from 'node:path';
import {
  type Alert,
  eventTime,
  evidence,
  isAllowed,
  iso,
  type Monitor,
  pathOf,
  SENSITIVE_PATH,
} from './types.js';

export interface FileAccessOptions {
  /** agent id -> workspace root; events may also carry detail.workspace */
  workspaces?: Record<string, string>;
  enumerationDirs?: number;
  enumerationWindowMs?: number;
}

function inside(root: string, p: string): boolean {
  const r = root.endsWith('/') ? root : `${root}/`;
  return p === root || p.startsWith(r);
}

/** Access outside the workspace, to sensitive paths, and directory enumeration sweeps. */
export function fileAccessMonitor(opts: FileAccessOptions = {}): Monitor {
  const enumDirs = opts.enumerationDirs ?? 50;
  const enumWindow = opts.enumerationWindowMs ?? 60_000;
  const seen = new Map<string, { start: number; dirs: Set<string>; alerted: boolean }>();

  return {
    name: 'file_access',
    feed(e) {
      const p = pathOf(e);
      if (!p) return [];
      const alerts: Alert[] = [];
      const t = eventTime(e);
      const agent = e.agentId ?? '-';
      const base = {
        monitor: 'file_access' as const,
        ts: iso(t),
        agentId: agent,
        ...(e.runId ? { runId: e.runId } : {}),
      };
      const allowed = isAllowed(e);
      if (SENSITIVE_PATH.test(p)) {
        alerts.push({
          ...base,
          alertId: 'file_access.sensitive_path',
          severity: allowed ? 'high' : 'medium',
          message: `${allowed ? 'access to' : 'attempted access to'} sensitive path ${p}`,
          evidence: [evidence(e)],
        });
      }
      const ws = typeof e.detail?.workspace === 'string' ? e.detail.workspace : opts.workspaces?.[agent];
      if (ws && p.startsWith('/') && !inside(ws, p)) {
        alerts.push({
          ...base,
          alertId: 'file_access.outside_workspace',
          severity: allowed ? 'medium' : 'low',
          message: `${allowed ? 'access' : 'denied access'} outside the workspace: ${p}`,
          evidence: [evidence(e)],
        });
      }
      let w = seen.get(agent);
      if (!w || t - w.start > enumWindow) {
        w = { start: t, dirs: new Set(), alerted: false };
        seen.set(agent, w);
      }
      w.dirs.add(e.tool === 'Glob' || e.detail?.op === 'list' ? p : dirname(p));
      if (!w.alerted && w.dirs.size > enumDirs) {
        w.alerted = true;
        alerts.push({
          ...base,
          alertId: 'file_access.enumeration',
          severity: 'medium',
          message: `${w.dirs.size} distinct directories touched within ${enumWindow / 1000}s`,
          evidence: [evidence(e)],
        });
      }
      return alerts;
    },
  };
}
