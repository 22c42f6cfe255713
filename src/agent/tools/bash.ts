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

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

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
    // WORKSPACE and SKILL_DIR are set by the command line itself: the sandbox passes only env names the policy allows.
    const vars: Record<string, string> = { WORKSPACE: policy.workspace };
    if (policy.skill) {
      const ref = ctx.skills.list().find((s) => s.slug === policy.skill);
      if (ref) vars.SKILL_DIR = ref.dir;
    }
    const prelude = Object.entries(vars)
      .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
      .join('; ');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.env)) if (v !== undefined) env[k] = v;
    let res: Awaited<ReturnType<typeof runInSandbox>>;
    try {
      res = await runInSandbox(
        policy,
        ['bash', '-c', `${prelude}\n${args.command}`],
        {
          // a skill that may not write the workspace runs in a fresh per-run dir
          ...(policy.workspaceWritable ? { cwd: policy.workspace } : {}),
          env,
          tool: 'Bash',
          runId: ctx.runId,
          ...(args.stdin !== undefined ? { stdin: args.stdin } : {}),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        },
        ctx.audit,
      );
    } catch (err) {
      const e = err instanceof WeftError ? err : new WeftError('E_SANDBOX_SETUP', (err as Error).message);
      audit({ event: 'tool.refused', decision: 'deny', reason: e.message, detail: { code: e.code } });
      throw e;
    }
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
