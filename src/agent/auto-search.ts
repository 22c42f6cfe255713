import { WeftError } from '../errors.js';

/**
 * Agent auto-search (SPEC §8): when the model asks for a skill that is not
 * installed, search a registry and install only after the user confirms. The
 * registry client (src/hub-client) provides the real SkillFinder; the agent
 * depends on this interface only.
 */

export interface SkillCandidate {
  slug: string;
  name: string;
  description: string;
  version?: string;
  publisher?: string;
  stars?: number;
  installs?: number;
  /** scanner verdict from the registry or a local scan */
  verdict?: 'pass' | 'warn' | 'block' | null;
  signed: boolean;
  /** set when the slug is within edit distance 1 of a more popular skill */
  typosquatOf?: string;
}

export interface SkillFinder {
  findSkill(query: string): Promise<SkillCandidate[]>;
  /** install into `<workdir>/skills/<slug>` (verified, scanned, atomic); returns the installed folder */
  install(candidate: SkillCandidate, workdir: string): Promise<{ slug: string; dir: string }>;
}

export interface ConfirmRequest {
  /** `install` first; `risk` is the second confirmation for warn, unsigned or possible-typosquat skills */
  kind: 'install' | 'risk';
  candidate: SkillCandidate;
  message: string;
}

export type ConfirmFn = (req: ConfirmRequest) => Promise<boolean>;

export function describeCandidate(c: SkillCandidate): string {
  const facts = [
    c.version ? `v${c.version}` : null,
    c.publisher ? `by ${c.publisher}` : null,
    c.stars !== undefined ? `${c.stars} stars` : null,
    c.installs !== undefined ? `${c.installs} installs` : null,
    `scan: ${c.verdict ?? 'unknown'}`,
    c.signed ? 'signed' : 'UNSIGNED',
  ].filter(Boolean);
  return `${c.name} (${c.slug}) ${facts.join(', ')}: ${c.description.split('\n')[0]}`;
}

/**
 * Search, show the top match, and install it only after confirmation; a
 * second confirmation is needed for a `warn`, unsigned, unscanned or
 * typosquat-flagged skill. `block` is never installed from here.
 */
export async function autoInstallSkill(
  query: string,
  deps: { finder: SkillFinder; confirm: ConfirmFn; workdir: string },
): Promise<{ slug: string; dir: string; candidate: SkillCandidate }> {
  const found = await deps.finder.findSkill(query);
  const top = found[0];
  if (!top)
    throw new WeftError(
      'E_SKILL_NOT_FOUND',
      `skill ${JSON.stringify(query)} is not installed and the registry has no match`,
    );
  if (top.verdict === 'block') {
    throw new WeftError(
      'E_SCAN_BLOCKED',
      `top match ${top.slug} is blocked by the security scan; not installing`,
      {
        slug: top.slug,
      },
    );
  }
  const ok = await deps.confirm({
    kind: 'install',
    candidate: top,
    message: `Install ${describeCandidate(top)}?`,
  });
  if (!ok)
    throw new WeftError(
      'E_SKILL_NOT_FOUND',
      `skill ${JSON.stringify(query)} is not installed (install declined)`,
    );
  const risks: string[] = [];
  if (top.verdict !== 'pass') risks.push(`scan verdict is ${top.verdict ?? 'unknown'}`);
  if (!top.signed) risks.push('it is not signed');
  if (top.typosquatOf)
    risks.push(`its name is one edit away from the more popular ${top.typosquatOf} (possible typosquat)`);
  if (risks.length > 0) {
    const again = await deps.confirm({
      kind: 'risk',
      candidate: top,
      message: `${top.slug}: ${risks.join('; ')}. Install anyway?`,
    });
    if (!again)
      throw new WeftError('E_SKILL_NOT_FOUND', `skill ${top.slug} not installed (risk not accepted)`);
  }
  const installed = await deps.finder.install(top, deps.workdir);
  return { ...installed, candidate: top };
}

/** Never confirms: for non-interactive runs (gateway, piped CLI). */
export const refuseConfirm: ConfirmFn = async () => false;
