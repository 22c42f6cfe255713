import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { AGENT_ID_RE, type AgentConfig, loadAgentConfig, parseAgentConfig } from '../config/agent.js';
import { agentDir, agentWorkspace, statePaths } from '../config/paths.js';
import { WeftError } from '../errors.js';
import type { ConfirmFn, SkillFinder } from './auto-search.js';
import { type AgentEvent, type LoopResult, runLoop } from './loop.js';
import { type ChatMessage, createProvider, type Provider, providerOptionsFromConfig } from './provider.js';
import {
  createSkillAccess,
  type InstallMissingFn,
  scanInstalledSkills,
  skillsPromptSection,
} from './skills.js';
import { fileAuditSink, teeAudit } from './tools/audit.js';
import { BUILTIN_TOOLS } from './tools/index.js';
import { resolveAgentToolPolicy } from './tools/policy.js';
import type { AuditSink, ToolContext } from './tools/types.js';

export interface RunAgentOptions {
  agentId: string;
  task: string;
  /** earlier user/assistant/tool messages of this conversation (no system message) */
  history?: ChatMessage[];
  env?: NodeJS.ProcessEnv;
  /** use this config instead of `~/.clawft/agents/<id>/config.toml` */
  config?: AgentConfig;
  provider?: Provider;
  onEvent?: (e: AgentEvent) => void;
  /** extra audit sink (the file log is always written) */
  audit?: AuditSink;
  signal?: AbortSignal;
  finder?: SkillFinder;
  confirm?: ConfirmFn;
  /** registry auto-search seam (see SkillAccessDeps.installMissing) */
  installMissing?: InstallMissingFn;
  maxMs?: number;
  maxTokens?: number;
  /** refuse agents without a config.toml (the gateway: a URL must not conjure up agents) */
  requireConfig?: boolean;
}

export interface AgentRunResult extends LoopResult {
  agentId: string;
  workspace: string;
  skills: string[];
}

export function assertAgentId(id: string): string {
  if (!AGENT_ID_RE.test(id)) {
    throw new WeftError(
      'E_USAGE',
      `invalid agent id ${JSON.stringify(id)}: lowercase letters, digits, - and _`,
      {
        agentId: id,
      },
    );
  }
  return id;
}

/** The agent's config.toml, or the defaults when the agent has none yet. */
export async function loadAgentConfigOrDefault(
  agentId: string,
  env: NodeJS.ProcessEnv,
): Promise<AgentConfig> {
  try {
    return await loadAgentConfig(agentId, env);
  } catch (err) {
    if (err instanceof WeftError && err.code === 'E_NOT_FOUND') return parseAgentConfig('');
    throw err;
  }
}

export function systemPrompt(
  agentId: string,
  workspace: string,
  cfg: AgentConfig,
  skillsSection: string,
): string {
  return [
    cfg.agent.system_prompt ??
      `You are ${cfg.agent.name ?? agentId}, a clawft agent. Use the tools to do the task, then answer briefly.`,
    `Your workspace is ${workspace}; relative paths resolve there. Every tool call passes a sandbox policy: a denied call returns an error. Do not try to work around a denial; report it.`,
    skillsSection,
  ].join('\n\n');
}

/** One agent turn: config, workspace, skills, policy, provider, loop. The CLI and the gateway both call this. */
export async function runAgent(opts: RunAgentOptions): Promise<AgentRunResult> {
  const env = opts.env ?? process.env;
  const agentId = assertAgentId(opts.agentId);
  const cfg =
    opts.config ??
    (opts.requireConfig ? await loadAgentConfig(agentId, env) : await loadAgentConfigOrDefault(agentId, env));
  const paths = statePaths(env);
  await mkdir(agentDir(agentId, env), { recursive: true, mode: 0o700 });
  const workspace = agentWorkspace(agentId, env);
  await mkdir(workspace, { recursive: true, mode: 0o700 });
  const workdir = cfg.skills.dir ? resolve(workspace, cfg.skills.dir) : workspace;

  const section = cfg.skills.dir
    ? {
        ...cfg.sandbox,
        // a skills dir outside the workspace is readable, so skills can run their own scripts
        filesystem: {
          rules: [...cfg.sandbox.filesystem.rules, { path: `${workdir}/skills`, writable: false }],
        },
      }
    : cfg.sandbox;
  const policy = resolveAgentToolPolicy({
    agentId,
    section,
    workspace,
    stateHome: paths.home,
    home: env.HOME || homedir(),
    env,
    // installed skills and the lockfile change only through `weft skill` (fingerprint-checked), not the model
    readonlyPaths: [join(workdir, 'skills'), join(workdir, '.clawhub')],
  });
  const scan = await scanInstalledSkills(workdir, cfg.skills.enabled);
  const skills = createSkillAccess({
    workdir,
    agentPolicy: policy,
    initial: scan.skills,
    autoSearch: cfg.skills.auto_search,
    ...(cfg.skills.enabled ? { enabled: cfg.skills.enabled } : {}),
    ...(opts.finder ? { finder: opts.finder } : {}),
    ...(opts.confirm ? { confirm: opts.confirm } : {}),
    ...(opts.installMissing ? { installMissing: opts.installMissing } : {}),
  });
  const fileSink = fileAuditSink(env);
  const audit = teeAudit(fileSink, ...(opts.audit ? [opts.audit] : []));
  const ctx: ToolContext = { runId: randomUUID(), agentId, policy, audit, env, skills };
  const provider = opts.provider ?? createProvider(providerOptionsFromConfig(cfg, env));
  const messages: ChatMessage[] = [
    {
      role: 'system',
      content: systemPrompt(agentId, policy.workspace, cfg, skillsPromptSection(skills.list())),
    },
    ...(opts.history ?? []).filter((m) => m.role !== 'system'),
    { role: 'user', content: opts.task },
  ];
  const maxTokens = opts.maxTokens ?? cfg.agent.max_tokens;
  const maxMs =
    opts.maxMs ?? (cfg.agent.max_seconds !== undefined ? cfg.agent.max_seconds * 1000 : undefined);
  const res = await runLoop({
    provider,
    tools: BUILTIN_TOOLS,
    ctx,
    messages,
    limits: {
      maxSteps: cfg.agent.max_steps,
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      ...(maxMs !== undefined ? { maxMs } : {}),
    },
    ...(cfg.model.temperature !== undefined ? { temperature: cfg.model.temperature } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  }).finally(() => fileSink.close());
  return { ...res, agentId, workspace: policy.workspace, skills: skills.list().map((s) => s.slug) };
}
