/** SARIF 2.1.0: one run, full rules metadata for every check, one result per finding. */
import { CHECKS } from '../checks/index.js';
import type { ScanReport } from '../scan.js';
import { CATEGORIES, type Severity } from '../types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note' | 'none'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'none',
};
// GitHub code scanning reads this 0-10 score from rule properties.
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const pascal = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

export function renderSarif(report: ScanReport): object {
  const index = new Map(CHECKS.map((c, i) => [c.id, i]));
  const rules = CHECKS.map((c) => ({
    id: c.id,
    name: pascal(c.title),
    shortDescription: { text: c.title },
    fullDescription: { text: c.docs.what },
    help: {
      text: `${c.docs.what}\nWhy: ${c.docs.why}\nFix: ${c.docs.fix}`,
      markdown: `**${c.title}** (${c.id})\n\n${c.docs.what}\n\n**Why it matters:** ${c.docs.why}\n\n**How to fix:** ${c.docs.fix}`,
    },
    defaultConfiguration: { level: LEVEL[c.severity], enabled: true },
    properties: {
      category: CATEGORIES[c.category],
      intent: c.intent,
      confidence: c.confidence,
      severity: c.severity,
      'security-severity': SECURITY_SEVERITY[c.severity],
      tags: ['security', CATEGORIES[c.category], c.intent],
    },
  }));
  const results = report.skills.flatMap((s) =>
    s.findings.map((f) => {
      const uri = `${s.path.replace(/\\/g, '/').replace(/\/$/, '')}/${f.file}`.replace(/^\.\//, '');
      const r: Record<string, unknown> = {
        ruleId: f.checkId,
        ruleIndex: index.get(f.checkId) ?? -1,
        level: LEVEL[f.severity],
        message: { text: `${f.title}${f.message ? `: ${f.message}` : ''}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri },
              region: {
                startLine: Math.max(1, f.line),
                startColumn: Math.max(1, f.column),
                snippet: { text: f.snippet },
              },
            },
          },
        ],
        properties: {
          skill: s.name,
          verdict: s.verdict,
          severity: f.severity,
          intent: f.intent,
          confidence: f.confidence,
          ...(f.context ? { context: f.context } : {}),
        },
      };
      if (f.suppressed) r.suppressions = [{ kind: 'external', justification: f.suppressedReason ?? '' }];
      return r;
    }),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
            properties: { rulesetHash: report.tool.rulesetHash },
          },
        },
        results,
        properties: { summary: report.summary },
      },
    ],
  };
}
