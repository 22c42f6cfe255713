// The sandbox's public surface for the agent, gateway and monitors.
export { type AuditEvent, type AuditInput, type AuditLog, openAuditLog, readAuditLog } from './audit.js';
export { detectCapabilities, type HostCapabilities } from './capabilities.js';
export { checkTool, type GateDecision } from './gate.js';
export { type LaunchPlan, planLaunch } from './launch.js';
export { type ResolvedPolicy, resolvePolicy, type SkillInput, tightenLimits } from './policy/index.js';
export { type RunOptions, type RunResult, runSandboxed } from './run.js';
export { type LimitHit, spawnPlan } from './spawn.js';
