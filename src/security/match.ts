/** Run a pattern over the loaded skill's units and turn matches into hits with context. */
import { lineLooksQuoted } from './context.js';
import type { ScanSkill, ScanUnit } from './load.js';
import { clip } from './text.js';
import type { Check, CheckMeta, Fixture, Hit, UnitKind } from './types.js';

export interface MatchOptions {
  kinds?: UnitKind[];
  /** only units in these script languages (code blocks, scripts, decoded) */
  langs?: string[];
  /** hits per file, to keep reports readable */
  perFile?: number;
}

export const PROSE: UnitKind[] = ['prose', 'comment', 'frontmatter'];
export const CODE: UnitKind[] = ['code', 'script', 'decoded'];
export const ALL_TEXT: UnitKind[] = ['prose', 'code', 'script', 'data', 'comment', 'decoded', 'frontmatter'];

const PATTERN_DEF_RE =
  /\bre\.compile\(|RegExp\(|\bregex|\bpatterns?\b|\\s[*+]|\\b|\(\?i\)|\.test\(|\.match\(|grep\s+-\w*[Eiq]/i;

// Comment lines and deny-list definitions in scripts do not run the text they contain.
const SCRIPT_QUOTE_RE =
  /^\s*(?:#|\/\/|\*|--|REM\b)|(?:^|[^a-z])(?:block(?:ed|list)?|deny(?:list)?|blacklist|dangerous|forbidden|malicious|suspicious|refuse)(?:[^a-z]|$)/i;

// What precedes a string that the command runs as code: sh -c, node/perl/ruby/osascript -e, pwsh -Command,
// eval, $( ... ), ssh host "...", AppleScript's do shell script.
const RUNS_STRING_RE = /(?:(?:^|\s)-(?:c|e|Command)|\beval|\$\(|\bssh\b[^"']*|\bdo\s+shell\s+script)\s*$/;

/** Index of the quote that is still open at the end of `text` (single or double), or -1. */
function openQuoteAt(text: string): number {
  let quote = '';
  let at = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '"' && c !== "'") continue;
    if (!quote) {
      quote = c;
      at = i;
    } else if (c === quote) quote = '';
  }
  return quote ? at : -1;
}

/** Is a match that follows `before` on its line inside a string the command takes as data, not code? */
export function inDataString(before: string): boolean {
  const open = openQuoteAt(before);
  return open !== -1 && !RUNS_STRING_RE.test(before.slice(0, open));
}

/** Is this occurrence quoting rather than doing? */
export function isQuoted(unit: ScanUnit, lineText: string, matched = '', before = ''): boolean {
  if (unit.quoted) return true;
  // In a markdown code block, text inside a string argument is data for the command
  // (`scanner check "ignore previous instructions"`), unless the command runs that string.
  if (unit.kind === 'code' && before && inDataString(before)) return true;
  // cues must come from around the match, not from the matched phrase itself ("do NOT tell the user")
  const at = before.length;
  if (matched) lineText = lineText.replace(matched.split('\n')[0]!, ' ');
  if (unit.kind === 'script' || unit.kind === 'data')
    return PATTERN_DEF_RE.test(lineText) || SCRIPT_QUOTE_RE.test(lineText);
  if (unit.kind === 'decoded' || unit.kind === 'comment') return false;
  return lineLooksQuoted(lineText, at);
}

export function hitAt(unit: ScanUnit, offset: number, extra: Partial<Hit> = {}, matched = ''): Hit {
  const at = unit.index.at(offset);
  const lineText = unit.index.lineText(offset);
  const hit: Hit = {
    file: unit.file,
    line: unit.line + at.line - 1,
    column: unit.kind === 'decoded' ? 1 : at.column,
    snippet: clip(lineText),
    context: unit.kind,
    quoted: isQuoted(unit, lineText, matched, lineText.slice(0, at.column - 1)),
    ...extra,
  };
  if (unit.origin) hit.message = `${extra.message ? `${extra.message}; ` : ''}decoded from ${unit.origin}`;
  return hit;
}

export function unitsOf(skill: ScanSkill, opts: MatchOptions = {}): ScanUnit[] {
  const kinds = opts.kinds ?? ALL_TEXT;
  return skill.units.filter(
    (u) => kinds.includes(u.kind) && (!opts.langs || (u.lang !== undefined && opts.langs.includes(u.lang))),
  );
}

/**
 * Every match of a global regex. `build` may veto a match (return null) or
 * refine it. Patterns must be linear: bounded repeats, no nested quantifiers.
 */
export function matchAll(
  skill: ScanSkill,
  re: RegExp,
  opts: MatchOptions = {},
  build?: (m: RegExpExecArray, unit: ScanUnit) => Partial<Hit> | null,
): Hit[] {
  const out: Hit[] = [];
  const perFile = new Map<string, number>();
  const cap = opts.perFile ?? 5;
  for (const u of unitsOf(skill, opts)) {
    re.lastIndex = 0;
    for (let m = re.exec(u.text); m; m = re.exec(u.text)) {
      if (m[0].length === 0) re.lastIndex++;
      if ((perFile.get(u.file) ?? 0) >= cap) break;
      const extra = build ? build(m, u) : {};
      if (extra === null) continue;
      out.push(hitAt(u, m.index, extra, m[0]));
      perFile.set(u.file, (perFile.get(u.file) ?? 0) + 1);
    }
  }
  re.lastIndex = 0;
  return out;
}

type CheckSpec = CheckMeta & {
  run: Check['run'];
  tp: Fixture[];
  tn: Fixture[];
};

export function defineCheck(spec: CheckSpec): Check {
  const { tp, tn, ...rest } = spec;
  return { ...rest, fixtures: { tp, tn } };
}

/** A check that is one pattern over some unit kinds. */
export function patternCheck(
  spec: CheckMeta & {
    re: RegExp;
    match?: MatchOptions;
    build?: (m: RegExpExecArray, unit: ScanUnit, skill: ScanSkill) => Partial<Hit> | null;
    tp: Fixture[];
    tn: Fixture[];
  },
): Check {
  const { re, match, build, ...rest } = spec;
  return defineCheck({
    ...rest,
    run: (skill) => matchAll(skill, re, match, build ? (m, u) => build(m, u, skill) : undefined),
  });
}

/** Build a SKILL.md fixture quickly. */
export function md(body: string, front = 'name: demo\ndescription: A demo skill.'): string {
  return `---\n${front}\n---\n${body}\n`;
}
