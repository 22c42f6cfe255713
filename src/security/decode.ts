/**
 * Decode-then-rescan: pull base64, hex and escaped strings out of text so the
 * checks can read what an obfuscated payload really says. Bounded: at most
 * MAX_DECODES candidates per text, and only printable results are kept.
 */

export interface Decoded {
  /** offset of the encoded source in the text it came from */
  index: number;
  encoding: 'base64' | 'hex' | 'escape' | 'charcode' | 'concat';
  text: string;
}

const MAX_DECODES = 200;
const B64_RE = /[A-Za-z0-9+/]{24,}={0,2}/g;
const HEX_RE = /(?:\\x[0-9a-fA-F]{2}){8,}|(?:0x)?(?:[0-9a-fA-F]{2}){16,}/g;
const UESC_RE = /(?:\\u00[0-9a-fA-F]{2}){8,}/g;
const CHARCODE_RE =
  /fromCharCode\(\s*((?:\d{2,3}\s*,\s*){6,}\d{2,3})\s*\)|\[\s*((?:\d{2,3}\s*,\s*){10,}\d{2,3})\s*\]/g;

// String-literal concatenation ("c2" + ".attacker" + ".com", "curl -s " + url + " -F ..."), the
// cheapest way to hide a command or a credential path from line-based patterns. Literals are bounded
// and cannot contain their own quote or a newline, joins are short, so matching stays linear.
const CONCAT_RE =
  /(?:"[^"\n]{0,300}"|'[^'\n]{0,300}')(?:[ \t]{0,20}\r?\n?[ \t]{0,20}\+[ \t]{0,20}\r?\n?[ \t]{0,20}(?:"[^"\n]{0,300}"|'[^'\n]{0,300}'|[A-Za-z_$][\w.$]{0,40})){1,60}/g;
const CONCAT_PART_RE = /"([^"\n]*)"|'([^'\n]*)'|([A-Za-z_$][\w.$]*)/g;

function foldConcat(expr: string): string | null {
  let out = '';
  let literals = 0;
  for (const m of expr.matchAll(CONCAT_PART_RE)) {
    if (m[3] !== undefined) {
      out += `\${${m[3]}}`;
    } else {
      out += m[1] ?? m[2] ?? '';
      literals++;
    }
  }
  if (literals < 2) return null;
  return out;
}

// Path joins that spell out a credential store piece by piece: os.path.join(home, ".aws", "credentials"),
// Path.home() / ".ssh" / "id_rsa", path.join(dir, "Google", "Chrome", "Default", "Login Data"). Only
// joins with a credential-store segment are folded, so ordinary string lists stay untouched.
const PATH_JOIN_GATE_RE =
  /["'](?:\.(?:ssh|aws|kube|docker|gnupg|azure|electrum|ethereum|solana|netrc|git-credentials|npmrc|pypirc)|Login Data|Cookies|Local State|Credentials|Exodus|keychains?)["']/;
const PATH_JOIN_RE =
  /(?:"[^"\n]{1,100}"|'[^'\n]{1,100}')(?:[ \t]{0,4}[,/][ \t]{0,4}(?:"[^"\n]{1,100}"|'[^'\n]{1,100}')){1,12}/g;

function foldPathJoin(expr: string): string | null {
  const parts = [...expr.matchAll(/"([^"\n]*)"|'([^'\n]*)'/g)].map((m) => m[1] ?? m[2] ?? '');
  if (parts.length < 2 || !PATH_JOIN_GATE_RE.test(expr)) return null;
  return `~/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).join('/')}`;
}

function printable(s: string): boolean {
  if (s.length < 10) return false;
  let ok = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 10 || c === 13 || c === 9) ok++;
  }
  // Words or commands, not random bytes that happen to be ASCII.
  return ok / s.length > 0.95 && /[ /.:;|=(]/.test(s);
}

export function decodePayloads(text: string): Decoded[] {
  const out: Decoded[] = [];
  let budget = MAX_DECODES;
  for (let m = B64_RE.exec(text); m && budget > 0; m = B64_RE.exec(text)) {
    const s = m[0];
    // identifiers and paths are not base64 payloads: need mixed case and digits or padding
    if (!/[a-z]/.test(s) || !/[A-Z]/.test(s)) continue;
    if (!/[0-9+=]/.test(s)) continue;
    // paths and URLs: base64 payloads rarely have more than a few slashes
    if ((s.match(/\//g)?.length ?? 0) > 3) continue;
    budget--;
    const buf = Buffer.from(s, 'base64');
    const dec = buf.toString('latin1');
    if (printable(dec)) out.push({ index: m.index, encoding: 'base64', text: dec });
  }
  B64_RE.lastIndex = 0;
  for (let m = HEX_RE.exec(text); m && budget > 0; m = HEX_RE.exec(text)) {
    budget--;
    const hex = m[0].replace(/\\x|^0x/g, '');
    const dec = Buffer.from(hex, 'hex').toString('latin1');
    if (printable(dec)) out.push({ index: m.index, encoding: 'hex', text: dec });
  }
  HEX_RE.lastIndex = 0;
  for (let m = UESC_RE.exec(text); m && budget > 0; m = UESC_RE.exec(text)) {
    budget--;
    const dec = m[0].replace(/\\u00([0-9a-fA-F]{2})/g, (_, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    );
    if (printable(dec)) out.push({ index: m.index, encoding: 'escape', text: dec });
  }
  UESC_RE.lastIndex = 0;
  for (let m = CHARCODE_RE.exec(text); m && budget > 0; m = CHARCODE_RE.exec(text)) {
    budget--;
    const nums = (m[1] ?? m[2] ?? '').split(',').map((n) => Number(n.trim()));
    if (nums.some((n) => n > 126 || n < 9)) continue;
    const dec = String.fromCharCode(...nums);
    if (printable(dec)) out.push({ index: m.index, encoding: 'charcode', text: dec });
  }
  CHARCODE_RE.lastIndex = 0;
  if (PATH_JOIN_GATE_RE.test(text)) {
    for (let m = PATH_JOIN_RE.exec(text); m && budget > 0; m = PATH_JOIN_RE.exec(text)) {
      const dec = foldPathJoin(m[0]);
      if (!dec) continue;
      budget--;
      // a folded join is a concatenation: code, not an encoded payload
      out.push({ index: m.index, encoding: 'concat', text: dec });
    }
    PATH_JOIN_RE.lastIndex = 0;
  }
  if (text.includes('+')) {
    for (let m = CONCAT_RE.exec(text); m && budget > 0; m = CONCAT_RE.exec(text)) {
      if (!m[0].includes('+')) continue;
      budget--;
      const dec = foldConcat(m[0]);
      if (dec && printable(dec)) out.push({ index: m.index, encoding: 'concat', text: dec });
    }
    CONCAT_RE.lastIndex = 0;
  }
  return out;
}
