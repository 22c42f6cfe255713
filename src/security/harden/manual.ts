import {
  describeToken,
  rotateCommands,
  staleTokens,
  tokensWithoutExpiry,
} from '../audit/checks/hub-store.js';
import type { Snapshot } from '../audit/snapshot.js';

/**
 * Fixes harden prints but never runs: revoking a token someone still uses
 * would break a working setup, so the operator runs the exact commands once
 * the replacement is in place.
 */
export interface ManualStep {
  checkId: string;
  detail: string;
  commands: string[];
}

export function planManualSteps(s: Snapshot): ManualStep[] {
  const h = s.hubStore;
  if (!h || h.skipped) return [];
  const out: ManualStep[] = [];
  const seen = new Set<number>();
  for (const t of tokensWithoutExpiry(h)) {
    seen.add(t.id);
    out.push({
      checkId: 'hub.token_no_expiry',
      detail: `${describeToken(t)} never expires`,
      commands: rotateCommands(h, t),
    });
  }
  for (const { token, why } of staleTokens(h)) {
    if (seen.has(token.id)) continue;
    out.push({
      checkId: 'hub.token_stale',
      detail: `${describeToken(token)}: ${why}`,
      commands: rotateCommands(h, token),
    });
  }
  return out;
}
