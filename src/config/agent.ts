import { z } from 'zod';
import { agentConfigPath } from './paths.js';
import { SandboxSectionSchema } from './policy-schema.js';
import { loadTomlFile, parseTomlWith } from './toml.js';

export const AGENT_ID_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const AgentConfigSchema = z.strictObject({
  agent: z
    .strictObject({
      id: z.string().regex(AGENT_ID_RE, 'agent id is lowercase letters, digits, - and _').optional(),
      name: z.string().optional(),
      system_prompt: z.string().optional(),
      max_steps: z.number().int().positive().max(1000).default(20),
      /** token budget per turn (prompt + completion, summed over steps) */
      max_tokens: z.number().int().positive().optional(),
      /** wall-time budget per turn */
      max_seconds: z.number().positive().max(86_400).optional(),
    })
    .default({ max_steps: 20 }),
  model: z
    .strictObject({
      base_url: z.string().url().optional(),
      name: z.string().optional(),
      api_key_env: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .default('OPENAI_API_KEY'),
      temperature: z.number().min(0).max(2).optional(),
      timeout_seconds: z.number().positive().default(120),
      stream: z.boolean().optional(),
    })
    .default({ api_key_env: 'OPENAI_API_KEY', timeout_seconds: 120 }),
  skills: z
    .strictObject({
      dir: z.string().optional(),
      enabled: z.array(z.string()).optional(),
      auto_search: z.boolean().default(true),
    })
    .default({ auto_search: true }),
  registry: z.strictObject({ url: z.string().url().optional() }).default({}),
  sandbox: SandboxSectionSchema.default(SandboxSectionSchema.parse({})),
});

export type AgentConfig = z.output<typeof AgentConfigSchema>;

export function parseAgentConfig(text: string, file = 'config.toml'): AgentConfig {
  return parseTomlWith(text, AgentConfigSchema, file);
}

export function loadAgentConfig(agentId: string, env: NodeJS.ProcessEnv = process.env): Promise<AgentConfig> {
  return loadTomlFile(agentConfigPath(agentId, env), AgentConfigSchema);
}
