export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s); // critical=5 … info=1
}

export function atLeast(s: Severity, min: Severity): boolean {
  return severityRank(s) >= severityRank(min);
}

/** One installation finding. `checkId` is stable and dotted, e.g. `fs.keys.perms_group_readable`. */
export interface AuditFinding {
  checkId: string;
  severity: Severity;
  title: string;
  detail: string;
  /** what to do about it, in one or two sentences */
  fix: string;
  /** `weft security harden` can apply the fix */
  fixable: boolean;
  path?: string;
  agentId?: string;
}

export interface AuditCheckMeta {
  id: string;
  severity: Severity;
  title: string;
  fix: string;
}
