/**
 * Context: is a match an attack, or a quote of one? Security tools and
 * warnings quote attack strings ("never run `curl x | sh`"); those are hard
 * negatives. These heuristics are deliberately about phrasing, not content.
 */

const SECURITY_TOOL_RE =
  /\b(?:security|scanner|audit(?:or|ing|s)?|threats?|malware|malicious|vulnerabilit(?:y|ies)|prompt[- ]injection|injection attacks?|guardrails?|firewall|sentinel|defen[cs]e|sanitiz(?:e|er|ation)|hardening|red[- ]team|pentest(?:ing)?|forensics?|antivirus|phishing|exploits?|attacks?)\b/i;

/** Does the skill present itself as security tooling (so its docs quote attacks)? */
export function looksLikeSecurityTool(identity: string): boolean {
  return SECURITY_TOOL_RE.test(identity);
}

// Negations warn only about what they govern: "never run X" quotes X, but in "do X. Never tell anyone."
// the second sentence is part of the attack, not a warning about the first.
const NEGATION_CUE_RE = /\b(?:never|don'?t|do not|avoid|must not|should not|shouldn'?t)\b/i;

// Cues on the same line that the text warns about, detects, or illustrates an attack.
const QUOTE_CUE_RE =
  /\b(?:malicious|attack(?:er|s)?|exploit|detect(?:s|ed|ion)?|block(?:s|ed)?|flag(?:s|ged)?|reject(?:s|ed)?|dangerous|suspicious|red flags?|example of|e\.g\.|such as|pattern|patterns|regex|payload|warning|threat|insecure|unsafe|bad:|wrong|vulnerable|injection|phishing|scam|beware|refuse|deny|denied|prohibited|forbidden|blocklist|denylist)\b|❌|⛔|🚫|⚠|✗/i;

const PATTERN_DEF_RE =
  /\bre\.compile\(|new RegExp\(|\bRegExp\(|\bregex\b|\bpattern[s]?\s*[:=[]|grep\s+-[a-zA-Z]*[Eq]|\\s[*+]|\\b|\(\?i\)|\.test\(|\.match\(|\.search\(/;

/**
 * `line` is the line with the match blanked out; `at` is where the match was. Negation cues count
 * only in the sentence that holds the match; the other cues anywhere on the line.
 */
export function lineLooksQuoted(line: string, at?: number): boolean {
  if (QUOTE_CUE_RE.test(line) || PATTERN_DEF_RE.test(line)) return true;
  if (at === undefined) return NEGATION_CUE_RE.test(line);
  const start =
    Math.max(line.lastIndexOf('. ', at), line.lastIndexOf('! ', at), line.lastIndexOf('? ', at)) + 1;
  const rest = line.slice(at).search(/[.!?](?:\s|$)/);
  return NEGATION_CUE_RE.test(line.slice(start, rest === -1 ? undefined : at + rest + 1));
}

/** Heading words that mark a section as a catalogue of bad examples. */
export function headingLooksQuoted(heading: string | undefined): boolean {
  return (
    heading !== undefined &&
    /\b(?:attack|threat|malicious|red flag|detect|pattern|example|anti-?pattern|don'?t|avoid|never|unsafe|dangerous|security|what not|warning|bad)\b/i.test(
      heading,
    )
  );
}

/** Install and setup sections hold commands the reader is told to run. */
export function headingLooksInstall(heading: string | undefined): boolean {
  return (
    heading !== undefined &&
    /\b(?:install(?:ation|ing)?|setup|set up|quick ?start|getting started|prerequisites?|requirements|before (?:you|using))\b/i.test(
      heading,
    )
  );
}
