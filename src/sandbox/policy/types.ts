import type { SandboxType } from '../../config/policy-schema.js';

/** One allowed destination after host normalisation (lowercase, no trailing dot, punycode). */
export interface NetGrant {
  /** `example.com`, `*.example.com` (any subdomain), or an IP literal */
  host: string;
  ports: number[];
  requireTls: boolean;
}

export interface ResolvedLimits {
  wallMs: number;
  cpuSeconds: number;
  memoryBytes: number;
  pids: number;
  fsizeBytes: number;
  nofile: number;
  outputBytes: number;
}

/**
 * The effective policy for one run: every path canonical (realpath), every
 * host normalised, every limit filled in. Nothing downstream re-reads config.
 */
export interface ResolvedPolicy {
  version: 1;
  type: SandboxType;
  privileged: boolean;
  tools: { allowed: string[] | null; denied: string[] };
  fs: {
    /** readable (and executable) roots */
    read: string[];
    /** writable roots (also readable) */
    write: string[];
    /** mandatory deny: masked even inside granted roots */
    deny: string[];
    /** file names masked wherever they appear inside a granted root */
    denyNames: string[];
    /** names made read-only wherever they appear inside a writable root */
    readonlyNames: string[];
  };
  net: { rules: NetGrant[] };
  env: { allow: string[] };
  limits: ResolvedLimits;
  /** rules dropped during resolution, with why (audited) */
  dropped: { kind: 'fs' | 'net' | 'env' | 'tool'; value: string; reason: string }[];
  source: { agentId: string | null; skill: string | null };
  /** sha256 over the canonical policy (excluding `source` and `hash`), 16 hex */
  hash: string;
}
