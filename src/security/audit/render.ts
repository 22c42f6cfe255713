import { AUDIT_CHECKS, type AuditReport } from './index.js';
import { type AuditFinding, SEVERITIES, type Severity } from './types.js';

const COLOURS: Record<Severity, string> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  info: '\u001b[2m',
};

export function renderAuditText(r: AuditReport, opts: { colour?: boolean } = {}): string {
  const c = (s: Severity, t: string) => (opts.colour ? `${COLOURS[s]}${t}\u001b[0m` : t);
  const lines: string[] = [
    `weft security audit: ${r.home} (${r.agents.length} agents, ${r.durationMs} ms${r.deep ? ', deep' : ''})`,
  ];
  for (const sev of SEVERITIES) {
    const group = r.findings.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    lines.push('', c(sev, `${sev.toUpperCase()} (${group.length})`));
    for (const f of group) {
      lines.push(`  ${f.checkId}${f.agentId ? ` [${f.agentId}]` : ''}: ${f.title}`);
      lines.push(`      ${f.detail}`);
      lines.push(`      fix: ${f.fix}${f.fixable ? ' (weft security harden)' : ''}`);
    }
  }
  const s = r.summary;
  lines.push(
    '',
    r.findings.length === 0
      ? 'no findings'
      : `${s.total} findings: ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info; ${s.fixable} fixable by weft security harden`,
  );
  return lines.join('\n');
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

export function renderAuditSarif(r: AuditReport): object {
  const ids = new Set(r.findings.map((f) => f.checkId));
  const rules = [...AUDIT_CHECKS.filter((c) => ids.has(c.id)), ...extraRules(r.findings, ids)].map((c) => ({
    id: c.id,
    name: c.id.replace(/[._](\w)/g, (_, ch: string) => ch.toUpperCase()),
    shortDescription: { text: c.title },
    help: { text: c.fix },
    defaultConfiguration: { level: SARIF_LEVEL[c.severity] },
    properties: { severity: c.severity },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'weft-security-audit',
            version: r.tool.version,
            informationUri: 'https://github.com/clawft/clawft',
            rules,
          },
        },
        results: r.findings.map((f) => ({
          ruleId: f.checkId,
          level: SARIF_LEVEL[f.severity],
          message: { text: `${f.title}: ${f.detail}` },
          ...(f.path
            ? {
                locations: [
                  { physicalLocation: { artifactLocation: { uri: `file://${encodeURI(f.path)}` } } },
                ],
              }
            : {}),
          properties: {
            severity: f.severity,
            fixable: f.fixable,
            ...(f.agentId ? { agentId: f.agentId } : {}),
          },
        })),
      },
    ],
  };
}

function extraRules(findings: AuditFinding[], ids: Set<string>) {
  const known = new Set(AUDIT_CHECKS.map((c) => c.id));
  const seen = new Set<string>();
  return findings
    .filter((f) => ids.has(f.checkId) && !known.has(f.checkId) && !seen.has(f.checkId) && seen.add(f.checkId))
    .map((f) => ({ id: f.checkId, title: f.title, fix: f.fix, severity: f.severity }));
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/** A single self-contained file: inline CSS, no scripts, everything escaped. */
export function renderAuditHtml(r: AuditReport): string {
  const rows = r.findings
    .map(
      (f) =>
        `<tr class="${f.severity}"><td>${esc(f.severity)}</td><td><code>${esc(f.checkId)}</code>${f.agentId ? `<br><small>agent ${esc(f.agentId)}</small>` : ''}</td><td><strong>${esc(f.title)}</strong><br>${esc(f.detail)}</td><td>${esc(f.fix)}${f.fixable ? ' <em>(harden)</em>' : ''}</td></tr>`,
    )
    .join('\n');
  const s = r.summary;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>weft security audit</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left}
tr.critical td:first-child{color:#fff;background:#b00}tr.high td:first-child{color:#b00}
tr.medium td:first-child{color:#a60}tr.low td:first-child,tr.info td:first-child{color:#666}
</style></head><body>
<h1>weft security audit</h1>
<p>${esc(r.home)} · ${esc(r.generatedAt)} · ${r.durationMs} ms · weft ${esc(r.tool.version)}</p>
<p><strong>${s.total}</strong> findings: ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info (${s.fixable} fixable)</p>
<table><thead><tr><th>severity</th><th>check</th><th>finding</th><th>fix</th></tr></thead><tbody>
${rows || '<tr><td colspan="4">no findings</td></tr>'}
</tbody></table></body></html>
`;
}
