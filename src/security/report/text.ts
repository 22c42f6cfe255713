/** Human report: one block per skill, findings grouped by severity, secrets already masked by the engine. */
import type { ScanReport } from '../scan.js';
import { SEVERITIES, type Verdict } from '../types.js';

const C = { red: 31, yellow: 33, green: 32, magenta: 35, cyan: 36, dim: 2, bold: 1 } as const;

export function renderText(report: ScanReport, opts: { color?: boolean } = {}): string {
  const paint = (code: number, s: string): string => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const verdictColor: Record<Verdict, number> = { block: C.red, warn: C.yellow, pass: C.green };
  const sevColor = { critical: C.magenta, high: C.red, medium: C.yellow, low: C.cyan, info: C.dim } as const;
  const lines: string[] = [];
  for (const s of report.skills) {
    lines.push(
      `${paint(verdictColor[s.verdict], s.verdict.toUpperCase().padEnd(5))} ${paint(C.bold, s.name)}  ${paint(C.dim, s.path)}  score ${s.score}`,
    );
    for (const sev of SEVERITIES) {
      const group = s.findings.filter((f) => f.severity === sev);
      if (group.length === 0) continue;
      lines.push(`  ${paint(sevColor[sev], sev.toUpperCase())} (${group.length})`);
      for (const f of group) {
        const tags = [
          f.intent,
          `conf ${f.confidence.toFixed(2)}`,
          f.context === 'quoted-example' ? 'quoted example' : undefined,
          f.suppressed ? `suppressed: ${f.suppressedReason}` : undefined,
        ].filter(Boolean);
        lines.push(
          `    ${f.checkId} ${f.title}  ${f.file}:${f.line}  ${paint(C.dim, `[${tags.join(', ')}]`)}`,
        );
        if (f.message) lines.push(`      ${f.message}`);
        if (f.snippet) lines.push(`      ${paint(C.dim, f.snippet)}`);
      }
    }
  }
  const sm = report.summary;
  lines.push(
    '',
    `${sm.skills} skill(s): ${paint(C.red, `${sm.verdicts.block} block`)}, ${paint(C.yellow, `${sm.verdicts.warn} warn`)}, ${paint(C.green, `${sm.verdicts.pass} pass`)}` +
      `; findings ${SEVERITIES.map((v) => `${sm.findings[v]} ${v}`).join(', ')}${sm.suppressed ? `, ${sm.suppressed} suppressed` : ''}` +
      `; ${sm.ms} ms (${sm.skillsPerSecond} skills/s)`,
    `${report.tool.name} ${report.tool.version} ruleset ${report.tool.rulesetHash}`,
  );
  return lines.join('\n');
}
