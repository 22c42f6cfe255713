import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { WeftError } from '../errors.js';
import { type LoadedSkill, loadSkillDir } from '../skills/load.js';
import { autoInstallSkill, type ConfirmFn, type SkillFinder } from './auto-search.js';
import { intersectSkillPolicy, type ToolPolicy } from './tools/policy.js';
import type { InstalledSkillRef, SkillAccess, ToolContext } from './tools/types.js';

/**
 * Installed skills for one agent: `<workdir>/skills/<slug>/SKILL.md`, where
 * the workdir is the agent's `[skills] dir` or its workspace (the layout
 * `weft skill install --dir` writes). Descriptions go into the system prompt;
 * a SKILL.md body is read only when the model loads the skill.
 */

export interface InstalledSkill extends InstalledSkillRef {
  loaded: LoadedSkill;
}

export interface SkillScan {
  skills: InstalledSkill[];
  /** folders that failed to load, with the reason (shown, never fatal) */
  problems: { dir: string; error: string }[];
}

export async function scanInstalledSkills(workdir: string, enabled?: string[]): Promise<SkillScan> {
  const root = join(workdir, 'skills');
  const skills: InstalledSkill[] = [];
  const problems: SkillScan['problems'] = [];
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const ent of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!ent.isDirectory() || ent.name.startsWith('.')) continue;
    if (enabled && !enabled.includes(ent.name)) continue;
    const dir = join(root, ent.name);
    try {
      const loaded = await loadSkillDir(dir);
      skills.push({
        slug: ent.name,
        name: loaded.manifest.name,
        description: loaded.manifest.description,
        dir,
        loaded,
      });
    } catch (err) {
      problems.push({ dir, error: (err as Error).message });
    }
  }
  return { skills, problems };
}

export function skillsPromptSection(skills: InstalledSkillRef[]): string {
  if (skills.length === 0) return 'No skills are installed.';
  const lines = skills.map((s) => `- ${s.slug}: ${s.description.replace(/\s+/g, ' ').slice(0, 300)}`);
  return [
    'Installed skills (call the Skill tool with the name to read its instructions before using it):',
    ...lines,
  ].join('\n');
}

export interface SkillAccessDeps {
  workdir: string;
  agentPolicy: ToolPolicy;
  initial: InstalledSkill[];
  enabled?: string[];
  finder?: SkillFinder;
  confirm?: ConfirmFn;
  /**
   * Registry seam: search + confirm + verified install in one call (e.g. the
   * hub client's autoSearchAndInstall, adapted). Wins over finder/confirm.
   * It must ask the user itself and throw when nothing was installed.
   */
  installMissing?: InstallMissingFn;
  autoSearch: boolean;
}

export type InstallMissingFn = (
  slug: string,
) => Promise<{ slug: string; dir: string; signed?: boolean | null; verdict?: string | null }>;

export function createSkillAccess(deps: SkillAccessDeps): SkillAccess {
  const skills = new Map(deps.initial.map((s) => [s.slug, s]));
  const get = (slug: string): InstalledSkill => {
    const s = skills.get(slug);
    if (!s)
      throw new WeftError('E_SKILL_NOT_FOUND', `skill ${JSON.stringify(slug)} is not installed`, { slug });
    return s;
  };
  return {
    list: () =>
      [...skills.values()].map(({ slug, name, description, dir }) => ({ slug, name, description, dir })),
    async policyFor(slug) {
      const s = get(slug);
      return intersectSkillPolicy(deps.agentPolicy, {
        slug,
        dir: s.dir,
        permissions: s.loaded.manifest.permissions,
        allowedTools: s.loaded.manifest.allowedTools,
      });
    },
    async load(slug: string, ctx: ToolContext) {
      let s = skills.get(slug);
      if (!s) {
        const finder = deps.finder;
        const confirm = deps.confirm;
        const install: InstallMissingFn | undefined =
          deps.installMissing ??
          (finder && confirm
            ? async (q) => {
                const r = await autoInstallSkill(q, { finder, confirm, workdir: deps.workdir });
                return {
                  slug: r.slug,
                  dir: r.dir,
                  signed: r.candidate.signed,
                  verdict: r.candidate.verdict ?? null,
                };
              }
            : undefined);
        if (!deps.autoSearch || !install) {
          throw new WeftError(
            'E_SKILL_NOT_FOUND',
            `skill ${JSON.stringify(slug)} is not installed (auto-search is off)`,
            {
              slug,
            },
          );
        }
        const res = await install(slug);
        ctx.audit({
          ts: new Date().toISOString(),
          runId: ctx.runId,
          agentId: ctx.agentId,
          skill: res.slug,
          tool: 'Skill',
          event: 'skill.install',
          decision: 'allow',
          reason: 'installed after user confirmation',
          policyHash: deps.agentPolicy.hash,
          backend: null,
          layers: [],
          detail: { dir: res.dir, signed: res.signed ?? null, verdict: res.verdict ?? null },
        });
        const loaded = await loadSkillDir(res.dir);
        s = {
          slug: res.slug,
          name: loaded.manifest.name,
          description: loaded.manifest.description,
          dir: res.dir,
          loaded,
        };
        skills.set(res.slug, s);
      }
      return { slug: s.slug, body: s.loaded.manifest.body, dir: s.dir };
    },
  };
}
