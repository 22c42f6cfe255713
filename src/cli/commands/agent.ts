import type { Command } from 'commander';
import type { AgentEvent } from '../../agent/loop.js';
import { examples, run } from '../output.js';

interface RunOpts {
  agent: string;
  json?: boolean;
  maxSteps?: string;
  maxSeconds?: string;
  skillsFrom?: string;
}

function oneLine(s: string, max = 160): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Transcript line for an event (text mode). */
export function renderEvent(e: AgentEvent): string | null {
  switch (e.type) {
    case 'start':
      return `agent ${e.agentId} · model ${e.model} · run ${e.runId}`;
    case 'assistant':
      return e.content ? `assistant: ${e.content}` : null;
    case 'tool_call':
      return `→ ${e.name} ${oneLine(e.arguments)}`;
    case 'tool_result':
      return e.ok
        ? `← ${e.name} ok: ${oneLine(e.output)}`
        : `← ${e.name} ${e.error?.code ?? 'error'}: ${oneLine(e.error?.message ?? e.output)}`;
    case 'error':
      return `error ${e.error.code}: ${e.error.message}`;
    case 'done':
      return `done (${e.stopReason}) · ${e.steps} steps · ${e.usage.totalTokens} tokens · ${e.durationMs} ms`;
  }
}

export function registerAgent(program: Command): Command {
  const agent = program
    .command('agent')
    .description('run an agent whose every tool call passes the sandbox gate and policy')
    .addHelpText('after', examples(['weft agent run --agent dev "add a test for parse()"']));

  agent
    .command('run')
    .argument('<task>', 'what the agent should do')
    .requiredOption('--agent <id>', 'agent id (config in ~/.clawft/agents/<id>/config.toml)')
    .option('--json', 'print events as JSON lines instead of a transcript')
    .option('--max-steps <n>', 'override [agent] max_steps')
    .option('--max-seconds <n>', 'wall-time budget for the turn')
    .option('--skills-from <dir>', 'auto-search source: a local folder of skills (asks before installing)')
    .description('run one agent turn against the configured OpenAI-compatible model and print the transcript')
    .addHelpText(
      'after',
      examples([
        'weft agent run --agent dev "summarize README.md"',
        'WEFT_MODEL_BASE_URL=http://127.0.0.1:8000/v1 WEFT_MODEL=qwen weft agent run --agent dev "fix the typo" --json',
      ]) +
        '\nModel: [model] base_url/name/api_key_env in the agent config, or WEFT_MODEL_BASE_URL, WEFT_MODEL, OPENAI_API_KEY.\nExit: 0 when the model finished, 1 when a step/token/time budget stopped it, the error code otherwise.\n',
    )
    .action(async (task: string, opts: RunOpts) =>
      run(opts, async () => {
        const { runAgentCommand } = await import('../../agent/command.js');
        const { askYesNo } = await import('../interact.js');
        const res = await runAgentCommand({
          agentId: opts.agent,
          task,
          ...(opts.maxSteps ? { maxSteps: Number(opts.maxSteps) } : {}),
          ...(opts.maxSeconds ? { maxMs: Number(opts.maxSeconds) * 1000 } : {}),
          ...(opts.skillsFrom ? { skillsFrom: opts.skillsFrom } : {}),
          confirm: (q) => askYesNo(q.message),
          onEvent: (e) => {
            if (opts.json) process.stdout.write(`${JSON.stringify(e)}\n`);
            else {
              const line = renderEvent(e);
              if (line) process.stdout.write(`${line}\n`);
            }
          },
        });
        return res.exitCode;
      }),
    );
  return agent;
}
