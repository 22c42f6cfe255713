export { DEFAULT_LIMITS, defaultSandboxType, isLoaderVar, mandatoryDenyPaths } from './defaults.js';
export { hostMatches, normalizeHost } from './hosts.js';
export {
  canonicalPath,
  envAllowed,
  isWithin,
  policyHash,
  type ResolveOptions,
  resolvePolicy,
  type SkillInput,
  tightenLimits,
  toolPatternMatches,
} from './resolve.js';
export type { NetGrant, ResolvedLimits, ResolvedPolicy } from './types.js';
