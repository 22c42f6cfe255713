import { ERROR_CODES, type ErrorCode, EXIT } from '../errors.js';
import type { ConfirmFn } from './auto-search.js';
import { localSkillFinder } from './local-finder.js';
import type { AgentEvent } from './loop.js';
import { type AgentRunResult, assertAgentId, loadAgentConfigOrDefault, runAgent } from './run.js';

/** `weft agent run`: config overrides from flags, then one turn; the exit code follows the stop reason. */
export async function runAgentCommand(opts: {
  agentId: string;
  task: string;
  maxSteps?: number;
  maxMs?: number;
  skillsFrom?: string;
  confirm: ConfirmFn;
  onEvent: (e: AgentEvent) => void;
  env?: NodeJS.ProcessEnv;
}): Promise<AgentRunResult & { exitCode: number }> {
  const env = opts.env ?? process.env;
  const cfg = await loadAgentConfigOrDefault(assertAgentId(opts.agentId), env);
  if (opts.maxSteps !== undefined && Number.isInteger(opts.maxSteps) && opts.maxSteps > 0)
    cfg.agent.max_steps = opts.maxSteps;
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  try {
    const res = await runAgent({
      agentId: opts.agentId,
      task: opts.task,
      env,
      config: cfg,
      confirm: opts.confirm,
      onEvent: opts.onEvent,
      signal: ac.signal,
      ...(opts.skillsFrom ? { finder: localSkillFinder(opts.skillsFrom) } : {}),
      ...(opts.maxMs !== undefined && opts.maxMs > 0 ? { maxMs: opts.maxMs } : {}),
    });
    const exitCode =
      res.stopReason === 'final'
        ? EXIT.ok
        : res.stopReason === 'error' && res.error
          ? (ERROR_CODES[res.error.code as ErrorCode]?.exit ?? EXIT.failure)
          : EXIT.failure;
    return { ...res, exitCode };
  } finally {
    process.off('SIGINT', onSignal);
  }
}
