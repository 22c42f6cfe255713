import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runAudit } from '../../../src/security/audit/index.js';
import { apiCallsMonitor } from '../../../src/security/monitors/api-calls.js';
import { fileAccessMonitor } from '../../../src/security/monitors/file-access.js';
import { monitorAuditLog } from '../../../src/security/monitors/follow.js';
import { type AuditEvent, parseAuditLines, runMonitors } from '../../../src/security/monitors/index.js';
import { toolUsageMonitor } from '../../../src/security/monitors/tool-usage.js';
import { tempDir } from '../../helpers/tmp.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const ev = (s: number, e: Partial<AuditEvent>): AuditEvent => ({
  ts: new Date(T0 + s * 1000).toISOString(),
  event: 'gate',
  agentId: 'a1',
  runId: 'r1',
  ...e,
});

/** A recorded session: ordinary work, then a planted chain (read a key, then egress). */
function recordedStream(): AuditEvent[] {
  return [
    ev(0, {
      tool: 'Read',
      decision: 'allow',
      detail: { path: '/home/u/.clawft/agents/a1/workspace/README.md' },
    }),
    ev(5, {
      tool: 'WebFetch',
      event: 'net',
      decision: 'allow',
      detail: { host: 'docs.python.org', port: 443 },
    }),
    ev(20, { tool: 'Bash', decision: 'allow', detail: { path: '/home/u/.ssh/id_rsa' } }),
    ev(31, {
      tool: 'Bash',
      event: 'net',
      decision: 'allow',
      detail: { host: 'paste.example.net', port: 443 },
    }),
  ];
}

describe('monitors', () => {
  it('tool_usage flags a secret read followed by egress, not ordinary fetches', () => {
    const alerts = runMonitors(recordedStream(), [toolUsageMonitor()]);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.alertId, 'tool_usage.exfil_chain');
    assert.equal(alerts[0]!.severity, 'critical');
    assert.match(alerts[0]!.message, /\.ssh\/id_rsa.*paste\.example\.net/);
    assert.equal(alerts[0]!.evidence.length, 2);
  });

  it('tool_usage does not chain across runs, through denied reads, or after the window', () => {
    const s = recordedStream();
    assert.equal(runMonitors([s[2]!, { ...s[3]!, runId: 'other' }], [toolUsageMonitor()]).length, 0);
    assert.equal(runMonitors([{ ...s[2]!, decision: 'deny' }, s[3]!], [toolUsageMonitor()]).length, 0);
    const late = ev(20 + 600, {
      tool: 'WebFetch',
      event: 'net',
      decision: 'allow',
      detail: { host: 'x.org' },
    });
    assert.equal(runMonitors([s[2]!, late], [toolUsageMonitor()]).length, 0);
  });

  it('tool_usage flags a spike over the rolling baseline', () => {
    const events: AuditEvent[] = [];
    for (let m = 0; m < 5; m++) for (let i = 0; i < 5; i++) events.push(ev(m * 60 + i, { tool: 'Read' }));
    const quiet = runMonitors(events, [toolUsageMonitor()]);
    assert.equal(quiet.length, 0);
    for (let i = 0; i < 60; i++) events.push(ev(5 * 60 + i / 2, { tool: 'Read' }));
    const alerts = runMonitors(events, [toolUsageMonitor()]);
    assert.deepEqual(
      alerts.map((a) => a.alertId),
      ['tool_usage.spike'],
    );
  });

  it('api_calls flags a burst once per window', () => {
    const events = Array.from({ length: 30 }, (_, i) =>
      ev(i * 0.2, { event: 'net', detail: { host: 'api.x.org' } }),
    );
    const alerts = runMonitors(events, [apiCallsMonitor()]);
    assert.deepEqual(
      alerts.map((a) => a.alertId),
      ['api_calls.burst'],
    );
  });

  it('file_access flags sensitive paths, escapes from the workspace, and enumeration', () => {
    const ws = { a1: '/home/u/.clawft/agents/a1/workspace' };
    const events = [
      ev(0, {
        tool: 'Read',
        decision: 'allow',
        detail: { path: '/home/u/.clawft/agents/a1/workspace/src/x.ts' },
      }),
      ev(1, { tool: 'Read', decision: 'deny', detail: { path: '/home/u/.aws/credentials' } }),
      ev(2, { tool: 'Read', decision: 'allow', detail: { path: '/etc/hosts' } }),
      ...Array.from({ length: 60 }, (_, i) =>
        ev(3 + i / 10, { tool: 'Glob', detail: { path: `/home/u/.clawft/agents/a1/workspace/d${i}` } }),
      ),
    ];
    const ids = runMonitors(events, [fileAccessMonitor({ workspaces: ws })]).map(
      (a) => `${a.alertId}:${a.severity}`,
    );
    assert.deepEqual(ids, [
      'file_access.sensitive_path:medium',
      'file_access.outside_workspace:low',
      'file_access.outside_workspace:medium',
      'file_access.enumeration:medium',
    ]);
  });

  it('parses JSON lines leniently and the audit --deep / monitor commands surface alerts', async () => {
    const home = join(await tempDir(), '.clawft');
    await mkdir(join(home, 'audit'), { recursive: true });
    const lines = recordedStream().map((e) => JSON.stringify(e));
    await writeFile(
      join(home, 'audit', 'audit.jsonl'),
      `${lines.join('\n')}\nnot json\n{"ts":1,"event":"exit"`,
    );
    assert.equal(parseAuditLines(await readFile(join(home, 'audit', 'audit.jsonl'), 'utf8')).length, 4);
    const env = { ...process.env, CLAWFT_HOME: home };
    // Replay with "now" close to the recorded time: use a since far in the past.
    const seen: string[] = [];
    await monitorAuditLog({ env, sinceMs: 0, onAlert: (a) => seen.push(a.alertId) });
    assert.ok(seen.includes('tool_usage.exfil_chain'));
    const alertsLog = await readFile(join(home, 'audit', 'alerts.jsonl'), 'utf8');
    assert.match(alertsLog, /"event":"alert"/);
    // The recorded events are older than --deep's 7-day window, so re-stamp them to now.
    const now = Date.now();
    const fresh = recordedStream().map((e, i) =>
      JSON.stringify({ ...e, ts: new Date(now - 60_000 + i * 1000).toISOString() }),
    );
    await writeFile(join(home, 'audit', 'audit.jsonl'), `${fresh.join('\n')}\n`);
    const report = await runAudit({ env, deep: true });
    assert.ok(
      report.findings.some(
        (f) => f.checkId === 'monitor.tool_usage.exfil_chain' && f.severity === 'critical',
      ),
    );
  });
});
