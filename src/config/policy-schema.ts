import { z } from 'zod';

/**
 * The on-disk shape of a sandbox policy, shared by the agent `config.toml`
 * `[sandbox]` table and (in a friendlier form) a skill's `permissions` block.
 * Resolution, intersection and defaults live in `src/sandbox/policy`; this file
 * only states what is a well-formed document.
 */

export const SANDBOX_TYPES = ['none', 'wasm', 'os', 'combined'] as const;
export type SandboxType = (typeof SANDBOX_TYPES)[number];

export const FsRuleSchema = z.strictObject({
  path: z.string().min(1, 'path must not be empty'),
  writable: z.boolean().default(false),
});

export const NetRuleSchema = z.strictObject({
  host: z.string().min(1, 'host must not be empty'),
  ports: z.array(z.number().int().min(1).max(65535)).default([443]),
  require_tls: z.boolean().default(true),
});

export const EnvRuleSchema = z.strictObject({
  pattern: z
    .string()
    .min(1)
    .regex(/^[A-Za-z_][A-Za-z0-9_]*\*?$|^\*$/, 'pattern is NAME or PREFIX*'),
  writable: z.boolean().default(false),
});

export const LimitsSchema = z.strictObject({
  wall_seconds: z.number().positive().max(86_400).optional(),
  cpu_seconds: z.number().int().positive().max(86_400).optional(),
  memory_mb: z.number().int().positive().max(1_048_576).optional(),
  pids: z.number().int().positive().max(65_536).optional(),
  fsize_mb: z.number().int().positive().max(1_048_576).optional(),
  nofile: z.number().int().positive().max(1_048_576).optional(),
  output_bytes: z.number().int().positive().optional(),
});

export const SandboxSectionSchema = z
  .strictObject({
    sandbox_type: z.enum(SANDBOX_TYPES).optional(),
    privileged: z.boolean().default(false),
    tools: z
      .strictObject({
        allowed: z.array(z.string().min(1)).optional(),
        denied: z.array(z.string().min(1)).default([]),
      })
      .default({ denied: [] }),
    filesystem: z.strictObject({ rules: z.array(FsRuleSchema).default([]) }).default({ rules: [] }),
    network: z.strictObject({ rules: z.array(NetRuleSchema).default([]) }).default({ rules: [] }),
    environment: z.strictObject({ rules: z.array(EnvRuleSchema).default([]) }).default({ rules: [] }),
    limits: LimitsSchema.default({}),
  })
  .superRefine((s, ctx) => {
    // Secure default: turning the sandbox off is an explicit, privileged act.
    if (s.sandbox_type === 'none' && !s.privileged) {
      ctx.addIssue({
        code: 'custom',
        path: ['sandbox_type'],
        message: 'sandbox_type = "none" requires privileged = true',
      });
    }
  });

export type SandboxSection = z.output<typeof SandboxSectionSchema>;
export type FsRule = z.output<typeof FsRuleSchema>;
export type NetRule = z.output<typeof NetRuleSchema>;
export type EnvRule = z.output<typeof EnvRuleSchema>;
export type Limits = z.output<typeof LimitsSchema>;
