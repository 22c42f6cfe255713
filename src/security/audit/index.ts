import { statePaths } from '../../config/paths.js';
import { packageVersion } from '../../version.js';
import { defaultMonitors, runMonitors } from '../monitors/index.js';
import { readAuditEvents } from '../monitors/log.js';
import type { AuditCheck, AuditContext } from './check.js';
import { agentChecks } from './checks/agents.js';
import { fileChecks } from './checks/files.js';
import { hostChecks } from './checks/host.js';
import { hubStoreChecks } from './checks/hub-store.js';
import { serviceChecks } from './checks/services.js';
import { skillChecks } from './checks/skills.js';
import { type Snapshot, type SnapshotOptions, takeSnapshot } from './snapshot.js';
import { type AuditFinding, SEVERITIES, type Severity, severityRank } from './types.js';

export const AUDIT_CHECKS: AuditCheck[] = [
  ...fileChecks,
  ...agentChecks,
  ...serviceChecks,
  ...hubStoreChecks,
  ...skillChecks,
  ...hostChecks,
];

export interface AuditOptions extends SnapshotOptions {
  deep?: boolean;
  context?: AuditContext;
}

export interface AuditReport {
  tool: { name: 'weft'; version: string };
  home: string;
  generatedAt: string;
  durationMs: number;
  deep: boolean;
  summary: Record<Severity, number> & { total: number; fixable: number };
  agents: string[];
  findings: AuditFinding[];
}

/** Run the checks over a snapshot (pure; the tests call this directly). */
export function evaluate(snapshot: Snapshot, checks: AuditCheck[] = AUDIT_CHECKS): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const c of checks) {
    for (const hit of c.run(snapshot)) {
      const f: AuditFinding = {
        checkId: c.id,
        severity: hit.severity ?? c.severity,
        title: c.title,
        detail: hit.detail,
        fix: hit.fix ?? c.fix,
        fixable: c.fixable,
      };
      if (hit.path) f.path = hit.path;
      if (hit.agentId) f.agentId = hit.agentId;
      findings.push(f);
    }
  }
  return findings.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.checkId.localeCompare(b.checkId),
  );
}

export async function runAudit(opts: AuditOptions = {}): Promise<AuditReport> {
  const started = performance.now();
  const snapshot = await takeSnapshot(opts);
  const findings = evaluate(snapshot);
  if (opts.deep) findings.push(...(await deepFindings(snapshot, opts)));
  findings.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.checkId.localeCompare(b.checkId),
  );
  const summary = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as AuditReport['summary'];
  for (const f of findings) summary[f.severity]++;
  summary.total = findings.length;
  summary.fixable = findings.filter((f) => f.fixable).length;
  return {
    tool: { name: 'weft', version: packageVersion() },
    home: snapshot.home,
    generatedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    deep: Boolean(opts.deep),
    summary,
    agents: snapshot.agents.map((a) => a.id),
    findings,
  };
}

/** --deep: rescan installed skills (when a scanner is wired in) and run the monitors over the recent audit log. */
async function deepFindings(s: Snapshot, opts: AuditOptions): Promise<AuditFinding[]> {
  const out: AuditFinding[] = [];
  const rescan = opts.context?.rescan;
  if (rescan) {
    for (const sk of s.skills) {
      if (sk.readError) continue;
      const verdict = await rescan(sk.path);
      const recorded = sk.lock?.scan?.verdict;
      if (verdict === 'block' || (recorded && verdict !== recorded)) {
        out.push({
          checkId: verdict === 'block' ? 'skills.rescan_block' : 'skills.verdict_drift',
          severity: verdict === 'block' ? 'critical' : 'medium',
          title:
            verdict === 'block'
              ? 'Installed skill is now blocked by the scanner'
              : 'Scan verdict changed since install',
          detail: `${sk.slug}: verdict ${recorded ?? 'unknown'} at install, ${verdict} now`,
          fix: `Review with: weft security scan ${sk.path}`,
          fixable: false,
          path: sk.path,
        });
      }
    }
  }
  const dir = statePaths(opts.env).auditDir;
  const events = await readAuditEvents(dir, { sinceMs: Date.now() - 7 * 24 * 3_600_000 });
  const workspaces = Object.fromEntries(s.agents.map((a) => [a.id, a.workspace]));
  for (const a of runMonitors(events, defaultMonitors({ fileAccess: { workspaces } }))) {
    const f: AuditFinding = {
      checkId: `monitor.${a.alertId}`,
      severity: a.severity,
      title: `Runtime alert: ${a.alertId.replace(/^[^.]+\./, '').replace(/_/g, ' ')}`,
      detail: `${a.ts} ${a.message}`,
      fix: 'Inspect the run in the audit log (weft security monitor --json) and tighten the agent policy.',
      fixable: false,
    };
    if (a.agentId) f.agentId = a.agentId;
    out.push(f);
  }
  return out;
}
