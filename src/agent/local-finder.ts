import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { verifySkillDir } from '../signing/skill.js';
import { writeBundleAtomic } from '../skills/extract.js';
import { loadSkillDir } from '../skills/load.js';
import type { SkillCandidate, SkillFinder } from './auto-search.js';

/**
 * A SkillFinder over a local folder of skill folders (a mirror, a checkout of
 * skills/, a shared team dir). Real files, no registry: useful offline and in
 * tests. Matching is by slug, then by words in name and description.
 */
export function localSkillFinder(sourceDir: string): SkillFinder {
  return {
    async findSkill(query) {
      const q = query.toLowerCase();
      const words = q.split(/[^a-z0-9]+/).filter((w) => w.length > 2);
      const out: { c: SkillCandidate; score: number }[] = [];
      for (const ent of await readdir(sourceDir, { withFileTypes: true }).catch(() => [])) {
        if (!ent.isDirectory()) continue;
        let skill: Awaited<ReturnType<typeof loadSkillDir>>;
        try {
          skill = await loadSkillDir(join(sourceDir, ent.name));
        } catch {
          continue;
        }
        const m = skill.manifest;
        const hay = `${m.slug} ${m.name} ${m.description}`.toLowerCase();
        const score = (m.slug === q ? 100 : 0) + words.filter((w) => hay.includes(w)).length;
        if (score === 0) continue;
        // signed = the detached signature verifies against the recomputed fingerprint
        const signed = await verifySkillDir(skill.dir).then(
          () => true,
          () => false,
        );
        out.push({
          score,
          c: {
            slug: m.slug,
            name: m.name,
            description: m.description,
            ...(m.version ? { version: m.version } : {}),
            verdict: null,
            signed,
            ...(signed ? { publisher: 'local' } : {}),
          },
        });
      }
      return out.sort((a, b) => b.score - a.score).map((o) => o.c);
    },
    async install(candidate, workdir) {
      const src = await loadSkillDir(join(sourceDir, candidate.slug));
      const dir = join(workdir, 'skills', candidate.slug);
      await writeBundleAtomic(src.bundle, dir);
      return { slug: candidate.slug, dir };
    },
  };
}
