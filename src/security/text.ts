/** Text helpers for the scanner: decoding bytes, normalising look-alikes, line numbers, masking. */

const ZERO_WIDTH_RE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E]/g;
export const INVISIBLE_RE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u180E]|[\u{E0000}-\u{E007F}]/u;

// Cyrillic and Greek letters that render like Latin ones: the usual homoglyph set.
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  ԛ: 'q',
  ԝ: 'w',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  τ: 't',
  ι: 'i',
  κ: 'k',
  χ: 'x',
  Ο: 'O',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
const HOMOGLYPH_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');
const LATIN_RE = /[A-Za-z]/;

/**
 * Decode bytes as UTF-8 without throwing (invalid sequences become U+FFFD) and
 * decide whether the file is text: NUL bytes or many replacement characters mean binary.
 */
export function decodeText(bytes: Uint8Array): { text: string; binary: boolean; invalidUtf8: boolean } {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { text: '', binary: true, invalidUtf8: false };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let bad = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1 && bad < 1000; i = text.indexOf('\uFFFD', i + 1)) bad++;
  if (bad > 0 && bad > text.length / 20) return { text: '', binary: true, invalidUtf8: true };
  return { text, binary: false, invalidUtf8: bad > 0 };
}

/**
 * Fold text so look-alike tricks cannot dodge the patterns: drop zero-width
 * characters, map Cyrillic/Greek homoglyphs inside Latin words, apply NFKC
 * (fullwidth letters). Newlines are never added or removed, so line numbers hold.
 */
export function normalizeText(text: string): string {
  if (/^[\x00-\x7F]*$/.test(text)) return text;
  let out = text.replace(ZERO_WIDTH_RE, '');
  out = out.replace(HOMOGLYPH_RE, (c, off: number) => {
    const prev = out[off - 1] ?? '';
    const next = out[off + 1] ?? '';
    return LATIN_RE.test(prev) || LATIN_RE.test(next) ? HOMOGLYPHS[c]! : c;
  });
  // NFKC only matters for compatibility forms (fullwidth, ligatures, circled letters); skip the cost otherwise
  return /[\uFB00-\uFB4F\uFF00-\uFFEF\u2460-\u24FF\u{1D400}-\u{1D7FF}]/u.test(out)
    ? out.normalize('NFKC')
    : out;
}

/** Words that mix Latin letters with Cyrillic/Greek look-alikes (a spoofing tell). */
export function findMixedScriptWords(text: string, limit = 5): { word: string; index: number }[] {
  const out: { word: string; index: number }[] = [];
  const re = /[A-Za-z\u0370-\u03FF\u0400-\u04FF]{3,40}/g;
  for (let m = re.exec(text); m && out.length < limit; m = re.exec(text)) {
    const w = m[0];
    if (LATIN_RE.test(w) && /[\u0370-\u03FF\u0400-\u04FF]/.test(w)) out.push({ word: w, index: m.index });
  }
  return out;
}

export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  /** 1-based line and column of an offset */
  at(offset: number): { line: number; column: number } {
    if (!this.starts) {
      const s = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) s.push(i + 1);
      this.starts = s;
    }
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - s[lo]! + 1 };
  }
  lineText(offset: number): string {
    const a = this.text.lastIndexOf('\n', offset - 1) + 1;
    let b = this.text.indexOf('\n', offset);
    if (b === -1) b = this.text.length;
    return this.text.slice(a, b);
  }
}

/** Keep a snippet short and single-line. */
export function clip(s: string, max = 160): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Mask a secret: keep a short prefix so a human can tell which key it was. */
export function maskSecret(s: string): string {
  if (s.length <= 8) return '*'.repeat(s.length);
  return `${s.slice(0, 4)}${'*'.repeat(Math.min(12, s.length - 4))}`;
}
