import { z } from 'zod';
import { WeftError } from '../../errors.js';
import { runInSandbox } from './sandbox-run.js';
import type { Tool } from './types.js';

const MAX_OUTPUT_CHARS = 30_000;

export const BashArgs = z.strictObject({
  command: z
    .string()
    .min(1)
    .max(100_000)
    .describe('bash command line, run in the workspace inside the sandbox'),
  skill: z
    .string()
    .optional()
    .describe("run under this installed skill's permissions (agent ∩ skill), e.g. to call its scripts"),
  stdin: z
    .string()
    .max(1024 * 1024)
    .optional(),
});

function clip(s: string): string {
  return s.length > MAX_OUTPUT_CHARS ? `${s.slice(0, MAX_OUTPUT_CHARS)}\n(output truncated)` : s;
}

/** Bash never runs outside runSandboxed: no sandbox, no command (fail closed). */
export const bashTool: Tool<typeof BashArgs> = {
  name: 'Bash',
  description:
    "Run a bash command in the agent workspace inside the OS sandbox. Pass `skill` to run a skill script with that skill's permissions; the skill folder is $SKILL_DIR.",
  schema: BashArgs,
  skillScoped: true,
  async run({ args, policy, audit, ctx }) {
    const env: Record<string, string> = { HOME: policy.workspace, WORKSPACE: policy.workspace };
    if (policy.skill) {
      const ref = ctx.skills.list().find((s) => s.slug === policy.skill);
      if (ref) env.SKILL_DIR = ref.dir;
    }
    let res: Awaited<ReturnType<typeof runInSandbox>>;
    try {
      res = await runInSandbox(policy, ['bash', '-c', args.command], {
        cwd: policy.workspace,
        env,
        tool: 'Bash',
        ...(args.stdin !== undefined ? { stdin: args.stdin } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    } catch (err) {
      const e = err instanceof WeftError ? err : new WeftError('E_SANDBOX_SETUP', (err as Error).message);
      audit({ event: 'spawn', decision: 'deny', reason: e.message, detail: { code: e.code } });
      throw e;
    }
    audit({
      event: 'exit',
      decision: 'info',
      reason: res.limitHit ? `limit hit: ${res.limitHit}` : `exit ${res.exitCode}`,
      backend: res.backend,
      layers: res.layers,
      detail: { exitCode: res.exitCode, signal: res.signal, durationMs: res.durationMs },
    });
    const parts = [`exit code: ${res.exitCode ?? `signal ${res.signal}`}`];
    if (res.limitHit) parts.push(`limit hit: ${res.limitHit}`);
    if (res.stdout) parts.push(`stdout:\n${clip(res.stdout)}`);
    if (res.stderr) parts.push(`stderr:\n${clip(res.stderr)}`);
    return {
      output: parts.join('\n'),
      data: {
        exitCode: res.exitCode,
        backend: res.backend,
        layers: res.layers,
        limitHit: res.limitHit ?? null,
      },
    };
  },
};
