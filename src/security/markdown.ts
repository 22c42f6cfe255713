/** Split markdown into prose, fenced code blocks (with language) and hidden HTML comments. */

export interface MdPart {
  kind: 'prose' | 'code' | 'comment';
  /** 1-based line of the first line of `text` */
  line: number;
  text: string;
  lang?: string;
  /** nearest heading above the part */
  heading?: string;
}

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)/;
const HEADING_RE = /^ {0,3}#{1,6}\s+(.*)$/;

export function splitMarkdown(text: string, firstLine = 1): MdPart[] {
  const lines = text.split('\n');
  const parts: MdPart[] = [];
  let buf: string[] = [];
  let bufStart = firstLine;
  let heading: string | undefined;
  let fence: { marker: string; lang: string; start: number; heading?: string } | undefined;

  const flushProse = (): void => {
    if (buf.length > 0) {
      const part: MdPart = { kind: 'prose', line: bufStart, text: buf.join('\n') };
      if (heading !== undefined) part.heading = heading;
      parts.push(part);
    }
    buf = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const ln = lines[i]!;
    const lineNo = firstLine + i;
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(ln);
      if (close && close[1]![0] === fence.marker[0] && close[1]!.length >= fence.marker.length) {
        const part: MdPart = { kind: 'code', line: fence.start + 1, text: buf.join('\n'), lang: fence.lang };
        if (fence.heading !== undefined) part.heading = fence.heading;
        parts.push(part);
        buf = [];
        fence = undefined;
        bufStart = lineNo + 1;
      } else buf.push(ln);
      continue;
    }
    const f = FENCE_RE.exec(ln);
    if (f) {
      flushProse();
      fence = { marker: f[1]!, lang: (f[2] ?? '').toLowerCase(), start: lineNo };
      if (heading !== undefined) fence.heading = heading;
      continue;
    }
    const h = HEADING_RE.exec(ln);
    if (h) {
      flushProse();
      bufStart = lineNo;
      heading = h[1]!.trim();
    }
    if (buf.length === 0) bufStart = lineNo;
    buf.push(ln);
  }
  if (fence) {
    // unterminated fence: treat the rest as code, like renderers do
    parts.push({ kind: 'code', line: fence.start + 1, text: buf.join('\n'), lang: fence.lang });
  } else flushProse();

  // Hidden HTML comments inside prose are extracted as their own parts.
  const out: MdPart[] = [];
  for (const p of parts) {
    out.push(p);
    if (p.kind !== 'prose' || !p.text.includes('<!--')) continue;
    const re = /<!--([\s\S]{0,20000}?)-->/g;
    for (let m = re.exec(p.text); m; m = re.exec(p.text)) {
      const before = p.text.slice(0, m.index);
      let nl = 0;
      for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) nl++;
      out.push({ kind: 'comment', line: p.line + nl, text: m[1]! });
    }
  }
  return out;
}

/** Map a fence info string or file extension to a script language. */
export function langOf(tag: string): string | undefined {
  const t = tag.toLowerCase().replace(/^\./, '');
  if (
    ['sh', 'bash', 'zsh', 'shell', 'console', 'shellscript', 'ksh', 'fish', 'terminal', 'command'].includes(t)
  )
    return 'sh';
  if (['py', 'python', 'python3', 'ipython', 'pyw'].includes(t)) return 'py';
  if (['js', 'javascript', 'mjs', 'cjs', 'ts', 'typescript', 'jsx', 'tsx', 'node'].includes(t)) return 'js';
  if (['ps1', 'powershell', 'pwsh', 'psm1', 'bat', 'cmd'].includes(t)) return 'ps';
  if (['rb', 'ruby', 'pl', 'perl', 'php', 'go', 'rs', 'rust', 'lua', 'applescript', 'scpt'].includes(t))
    return t;
  return undefined;
}
