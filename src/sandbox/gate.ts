import { toolPatternMatches } from './policy/resolve.js';
import type { ResolvedPolicy } from './policy/types.js';

export interface GateDecision {
  decision: 'allow' | 'deny';
  tool: string;
  reason: string;
}

/**
 * The tool allow/deny check, run before anything is spawned. Deny wins over
 * allow; with an `allowed` list, anything not on it is denied; without one,
 * every tool not denied is allowed.
 */
export function checkTool(policy: ResolvedPolicy, toolName: string): GateDecision {
  const tool = toolName.trim();
  if (!tool) return { decision: 'deny', tool, reason: 'empty tool name' };
  const deny = policy.tools.denied.find((p) => toolPatternMatches(p, tool));
  if (deny) return { decision: 'deny', tool, reason: `denied by tools.denied (${deny})` };
  if (policy.tools.allowed === null)
    return { decision: 'allow', tool, reason: 'no tools.allowed list; not denied' };
  const allow = policy.tools.allowed.find((p) => toolPatternMatches(p, tool));
  if (allow) return { decision: 'allow', tool, reason: `allowed by tools.allowed (${allow})` };
  return { decision: 'deny', tool, reason: 'not in tools.allowed' };
}
