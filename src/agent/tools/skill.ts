import { z } from 'zod';
import type { Tool } from './types.js';

export const SkillArgs = z.strictObject({
  name: z.string().min(1).max(64).describe('skill slug from the installed-skills list'),
});

/** Loads a skill's SKILL.md instructions on use; a missing skill goes to auto-search (with confirmation). */
export const skillTool: Tool<typeof SkillArgs> = {
  name: 'Skill',
  description:
    'Load the full instructions of an installed skill by name before using it. If it is not installed, the registry is searched and the user is asked before anything is installed.',
  schema: SkillArgs,
  async run({ args, ctx, audit }) {
    const loaded = await ctx.skills.load(args.name, ctx);
    audit({
      event: 'skill.load',
      decision: 'allow',
      reason: 'SKILL.md loaded',
      skill: loaded.slug,
      detail: { dir: loaded.dir },
    });
    return {
      output: `Skill ${loaded.slug} (folder: ${loaded.dir}; run its scripts with Bash and skill="${loaded.slug}")\n\n${loaded.body}`,
      data: { skill: loaded.slug },
    };
  },
};
