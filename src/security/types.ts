/** Shared shapes of the security scanner: checks, findings, scan results (SPEC §6). */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Intent = 'malicious' | 'vulnerable' | 'informational';
export type Verdict = 'block' | 'warn' | 'pass';

export const CATEGORIES = {
  PI: 'prompt injection',
  EX: 'exfiltration URL',
  CR: 'credential literal',
  PE: 'permission escalation',
  US: 'unsafe shell',
  SC: 'supply chain',
  DS: 'denial of service',
  IP: 'indirect prompt injection',
  ID: 'information disclosure',
  CA: 'cross-agent access',
} as const;
export type Category = keyof typeof CATEGORIES;

/** Where a piece of text sits; checks choose which kinds they read. */
export type UnitKind = 'prose' | 'code' | 'script' | 'data' | 'comment' | 'decoded' | 'frontmatter';

export interface CheckDocs {
  what: string;
  why: string;
  fix: string;
}

export interface CheckMeta {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  intent: Intent;
  /** default confidence 0..1 of a hit; a hit may raise or lower it */
  confidence: number;
  docs: CheckDocs;
}

/** A check's own proof (STYLE §4): tiny skills given as path -> content. */
export type Fixture = Record<string, string>;

export interface Hit {
  file: string;
  line: number;
  column?: number;
  snippet: string;
  message?: string;
  severity?: Severity;
  intent?: Intent;
  confidence?: number;
  /** the matched text is a secret: reporters mask it */
  secret?: boolean;
  /** unit context, filled in by the matcher */
  context?: UnitKind;
  /** text quotes an attack as an example (security docs, warnings) */
  quoted?: boolean;
}

export interface Check extends CheckMeta {
  run(skill: import('./load.js').ScanSkill): Hit[];
  fixtures: { tp: Fixture[]; tn: Fixture[] };
}

export interface Finding {
  checkId: string;
  title: string;
  category: Category;
  severity: Severity;
  intent: Intent;
  confidence: number;
  file: string;
  line: number;
  column: number;
  snippet: string;
  message?: string;
  remediation: string;
  context?: UnitKind | 'quoted-example';
  suppressed?: boolean;
  suppressedReason?: string;
}

export interface SkillScanResult {
  path: string;
  name: string;
  verdict: Verdict;
  score: number;
  findings: Finding[];
  files: number;
  bytes: number;
  ms: number;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s); // critical 5 .. info 1
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}
