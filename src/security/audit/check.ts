import type { Snapshot } from './snapshot.js';
import type { AuditCheckMeta, Severity } from './types.js';

export interface Hit {
  detail: string;
  path?: string;
  agentId?: string;
  /** overrides the check's default severity for this hit */
  severity?: Severity;
  /** overrides the check's fix text for this hit (e.g. the exact commands for this token) */
  fix?: string;
}

export interface AuditContext {
  /** set by --deep: rescan installed skills; returns the verdict */
  rescan?: (skillPath: string) => Promise<string>;
}

/** One audit check: metadata plus a pure function over the snapshot (STYLE §4). */
export interface AuditCheck extends AuditCheckMeta {
  fixable: boolean;
  run(s: Snapshot): Hit[];
}

export const modeStr = (mode: number): string => `0${(mode & 0o777).toString(8)}`;
