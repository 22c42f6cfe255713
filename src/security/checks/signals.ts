/** Signals several checks share: how risky a remote host is for this skill, what counts as a secret. */
import {
  classifyHost,
  extractBareCommandHosts,
  extractUrls,
  hostRelatedToSkill,
  isWellKnownInstaller,
} from '../hosts.js';
import type { ScanSkill } from '../load.js';
import type { Check, Hit } from '../types.js';

export type HostRisk = 'hostile' | 'unknown' | 'unrelated' | 'trusted' | 'none';

/**
 * hostile: raw public IP, paste/file-drop, request catcher, shortener.
 * unrelated: a host that has nothing to do with the skill's declared identity.
 * trusted: a widely documented vendor installer, or the skill's own domain.
 */
export function hostRisk(text: string, skill: ScanSkill): { risk: HostRisk; host?: string } {
  const refs = extractUrls(text);
  if (refs.length === 0) refs.push(...extractBareCommandHosts(text));
  if (refs.length === 0) return { risk: /\$\{?\w+|%\w+%/.test(text) ? 'unknown' : 'none' };
  let best: { risk: HostRisk; host?: string } = { risk: 'trusted' };
  for (const r of refs) {
    const cls = classifyHost(r.host, r.path);
    if (cls !== 'other' && cls !== 'chat-webhook') return { risk: 'hostile', host: r.host };
    if (isWellKnownInstaller(r.host, r.path) || hostRelatedToSkill(r.host, r.path, skill.identity)) continue;
    best = { risk: 'unrelated', host: r.host };
  }
  if (best.risk === 'trusted') best.host = refs[0]!.host;
  return best;
}

/** Map host risk to a hit's strength: the same behaviour is an attack or just a risky habit. */
export function riskHit(risk: HostRisk, host: string | undefined, what: string): Partial<Hit> {
  const on = host ? ` (${host})` : '';
  switch (risk) {
    case 'hostile':
      return {
        severity: 'critical',
        intent: 'malicious',
        confidence: 0.92,
        message: `${what} from a hostile-class host${on}`,
      };
    case 'unrelated':
      return {
        severity: 'high',
        intent: 'malicious',
        confidence: 0.78,
        message: `${what} from a host unrelated to the skill${on}`,
      };
    case 'unknown':
      return {
        severity: 'high',
        intent: 'malicious',
        confidence: 0.6,
        message: `${what} from a computed URL`,
      };
    default:
      return {
        severity: 'medium',
        intent: 'vulnerable',
        confidence: 0.5,
        message: `${what}${on}: verify the source and pin a checksum`,
      };
  }
}

/** Credential stores and secret files an attacker harvests. */
export const SECRET_PATH_RE =
  /(?:\.ssh\/(?:id_[a-z0-9]+|identity|[\w.-]*key)|\.aws\/credentials|\.netrc|\.git-credentials|\.docker\/config\.json|\.kube\/config|\.npmrc|\.pypirc|\.gnupg|\.config\/gh\/hosts|\/etc\/shadow|Login Data|Cookies(?:\.sqlite)?\b|Local State|keychain-db|login\.keychain|wallet\.dat|discord\/Local Storage|Local Storage\/leveldb|Telegram Desktop\/tdata|\.electrum|\.ethereum\/keystore|Exodus|\.solana\/id\.json|MetaMask|(?:\bcat|\btype|Get-Content)[ \t]+[^\n|;]{0,40}(?<!\w)\.env\b)/g;

export const ENV_DUMP_RE =
  /\bprintenv\b(?![ \t]+[A-Z_])|(?<![.\w/-])env\b[ \t]*(?:\||>)|JSON\.stringify\(\s*process\.env\s*\)|dict\(\s*os\.environ\s*\)|os\.environ\.(?:items|copy)\(\)|json\.dumps\(\s*(?:dict\()?\s*os\.environ|\/proc\/self\/environ|Get-ChildItem\s+env:|security\s+(?:dump-keychain|find-generic-password|find-internet-password)/g;

export const PLACEHOLDER_RE =
  /x{4,}|X{4,}|your|example|placeholder|dummy|sample|fake|changeme|change_me|redacted|replace|<[^>]*>|\$\{?[A-Za-z_]|\*{3,}|\.{3}|0{6,}|1234|abcd|test|demo|secret_here|here|todo|null|none|process\.env|os\.environ|getenv/i;

/** Telling the agent to act without the human check: "never ask for permission", "permission-free". */
export const CONSENT_BYPASS_RE =
  /\bpermission[- ]free\b|\b(?:do\s+not|don'?t|never|without)\s+ask(?:ing)?\s+(?:the\s+)?(?:user|human|owner)?\s*(?:for\s+)?(?:(?:their|any)\s+)?(?:permission|confirmation|approval|consent)\b|\bwithout\s+waiting\s+for\s+(?:the\s+)?(?:user(?:'s)?\s+)?(?:input|confirmation|approval|consent)\b/i;

/** The skill's own description (frontmatter), or '' when there is none. */
export function descriptionOf(skill: ScanSkill): string {
  const d = skill.frontmatter?.description;
  return typeof d === 'string' ? d : '';
}

/** The first level-1 heading of SKILL.md: what the skill calls itself when it has no frontmatter. */
export function titleOf(skill: ScanSkill): string {
  const text = skill.texts.get('SKILL.md') ?? '';
  return /^#[ \t]+(.{1,120})$/m.exec(text)?.[1] ?? '';
}

/** Does any live (not quoted) unit of these kinds match? */
export function anyUnitMatches(skill: ScanSkill, re: RegExp, kinds: readonly string[]): boolean {
  return skill.units.some((u) => kinds.includes(u.kind) && !u.quoted && re.test(u.text));
}

/**
 * The skill with only the units that contain one of `needles` (plain substring tests). A cheap gate
 * in front of a regex that can only match when a literal is present keeps rare checks off most text.
 */
export function gated(skill: ScanSkill, needles: readonly string[]): ScanSkill {
  const units = skill.units.filter((u) => needles.some((n) => u.text.includes(n)));
  return units.length === skill.units.length ? skill : { ...skill, units };
}

/** `check` run only over units that contain one of `needles`. */
export function gateCheck(check: Check, needles: readonly string[]): Check {
  return { ...check, run: (skill) => check.run(gated(skill, needles)) };
}
