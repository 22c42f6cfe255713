/**
 * Load a skill ONCE into the shape every check reads: files, parsed
 * frontmatter, markdown parts, scripts by language, decoded payloads, URLs.
 * Tolerant by design: real-world skills fail strict validation, ship binaries,
 * symlinks and broken UTF-8, and the scanner must still read the rest.
 * Nothing here executes or imports skill code.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import { parseSkillMd, type SkillManifest, splitFrontmatter } from '../skills/manifest.js';
import { headingLooksInstall, headingLooksQuoted, looksLikeSecurityTool } from './context.js';
import { decodePayloads } from './decode.js';
import { extractBareCommandHosts, extractUrls, type UrlRef } from './hosts.js';
import { langOf, splitMarkdown } from './markdown.js';
import { clip, decodeText, LineIndex, normalizeText } from './text.js';
import type { UnitKind } from './types.js';

export const SCAN_LIMITS = {
  /** files above this are not read; an info finding says so */
  maxFileBytes: 2 * 1024 * 1024,
  maxFiles: 3000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxDepth: 12,
};

export interface ScanUnit {
  file: string;
  kind: UnitKind;
  lang?: string;
  /** 1-based line in `file` where `text` starts */
  line: number;
  text: string;
  /** quotes attacks as examples (security docs, "bad example" sections) */
  quoted: boolean;
  heading?: string;
  /** for decoded units: how the text was hidden */
  origin?: string;
  index: LineIndex;
}

export type FileKind = 'text' | 'binary' | 'skipped' | 'symlink' | 'unreadable' | 'special';

export interface ScanFileInfo {
  path: string;
  size: number;
  sha256: string;
  kind: FileKind;
  executable: boolean;
  lang?: string;
  invalidUtf8?: boolean;
  note?: string;
  /** executable format of a binary file (ELF, PE, Mach-O) */
  magic?: string;
}

export interface ScanUrl extends UrlRef {
  unit: ScanUnit;
}

export interface ScanSkill {
  root: string;
  name: string;
  /** name + description + homepage + folder: what the skill says it is */
  identity: string;
  securityTool: boolean;
  files: ScanFileInfo[];
  texts: Map<string, string>;
  manifest?: SkillManifest;
  frontmatter?: Record<string, unknown>;
  manifestError?: string;
  units: ScanUnit[];
  urls: ScanUrl[];
  totalBytes: number;
}

export interface RawEntry {
  path: string;
  bytes?: Uint8Array;
  size?: number;
  executable?: boolean;
  kind?: FileKind;
  note?: string;
}

const MD_EXT = /\.(?:md|markdown|mdx|txt|rst)$/i;
const DATA_EXT = /\.(?:json|jsonc|ya?ml|toml|ini|cfg|conf|env|csv|xml|html?|svg|sql|plist|properties|lock)$/i;

function scriptLang(path: string, text: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1];
  const byExt = ext ? langOf(ext) : undefined;
  if (byExt) return byExt;
  const shebang = /^#!\s*\S*?(?:env\s+)?(\w+)/.exec(text);
  return shebang ? (langOf(shebang[1]!.replace(/\d+$/, '')) ?? 'sh') : undefined;
}

function unit(u: Omit<ScanUnit, 'index'>): ScanUnit {
  return { ...u, index: new LineIndex(u.text) };
}

/** Build the scan model from in-memory entries (a bundle, an upload, fixtures). */
export function loadScanSkill(entries: Iterable<RawEntry>, root = '.'): ScanSkill {
  const files: ScanFileInfo[] = [];
  const texts = new Map<string, string>();
  let totalBytes = 0;
  for (const e of entries) {
    const size = e.bytes?.byteLength ?? e.size ?? 0;
    totalBytes += size;
    const info: ScanFileInfo = {
      path: e.path,
      size,
      sha256: e.bytes ? createHash('sha256').update(e.bytes).digest('hex') : '',
      kind: e.kind ?? 'text',
      executable: e.executable ?? false,
    };
    if (e.note) info.note = e.note;
    if (info.kind === 'text' && e.bytes) {
      if (size > SCAN_LIMITS.maxFileBytes) {
        info.kind = 'skipped';
        info.note = `larger than ${SCAN_LIMITS.maxFileBytes} bytes; not scanned`;
      } else {
        const d = decodeText(e.bytes);
        if (d.binary) {
          info.kind = 'binary';
          const magic = executableMagic(e.bytes);
          if (magic) info.magic = magic;
        } else {
          if (d.invalidUtf8) info.invalidUtf8 = true;
          texts.set(e.path, d.text);
          const lang = scriptLang(e.path, d.text);
          if (lang && !MD_EXT.test(e.path) && !DATA_EXT.test(e.path)) info.lang = lang;
        }
      }
    }
    files.push(info);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const skillMdPath =
    files.find((f) => f.path === 'SKILL.md' && texts.has(f.path))?.path ??
    files.find((f) => /(?:^|\/)skill\.md$/i.test(f.path) && texts.has(f.path))?.path;
  const skillMdRaw = skillMdPath ? texts.get(skillMdPath)! : '';

  let manifest: SkillManifest | undefined;
  let frontmatter: Record<string, unknown> | undefined;
  let manifestError: string | undefined;
  if (skillMdPath) {
    try {
      manifest = parseSkillMd(skillMdRaw, skillMdPath);
      frontmatter = manifest.frontmatter;
    } catch (err) {
      manifestError = (err as Error).message;
      frontmatter = looseFrontmatter(skillMdRaw);
    }
  } else manifestError = 'no SKILL.md';

  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const name = manifest?.name ?? (str(frontmatter?.name) || basename(root));
  const description = manifest?.description ?? str(frontmatter?.description);
  const homepage = manifest?.homepage ?? str(frontmatter?.homepage);
  const identity = `${name} ${description} ${homepage} ${basename(root)}`;
  const bodyHead = skillMdRaw.replace(/^---[\s\S]{0,20000}?\n---/, '').slice(0, 800);
  // What the skill is, not every word it lists: a description that stuffs trigger words ("review,
  // audit, check, ...") must not turn the whole skill into quoted security docs.
  const purpose = (description || bodyHead.slice(0, 400)).replace(/\btriggers?\s*:[^\n]*/gi, ' ');
  const securityTool = looksLikeSecurityTool(`${name} ${firstSentences(purpose)}`);

  const units: ScanUnit[] = [];
  for (const f of files) {
    const raw = texts.get(f.path);
    if (raw === undefined) continue;
    const text = normalizeText(raw);
    if (MD_EXT.test(f.path) || f.path === skillMdPath) {
      let body = text;
      let bodyLine = 1;
      if (f.path === skillMdPath) {
        try {
          const s = splitFrontmatter(text, f.path);
          units.push(unit({ file: f.path, kind: 'frontmatter', line: 2, text: s.yaml, quoted: false }));
          body = s.body;
          bodyLine = s.bodyLine;
        } catch {
          // no frontmatter: the whole file is markdown
        }
      }
      for (const p of splitMarkdown(body, bodyLine)) {
        // A security tool's docs quote attacks, but its install steps are still instructions to run.
        const install = headingLooksInstall(p.heading) && !headingLooksQuoted(p.heading);
        const quoted = p.kind !== 'comment' && ((securityTool && !install) || headingLooksQuoted(p.heading));
        const u: Omit<ScanUnit, 'index'> = { file: f.path, kind: p.kind, line: p.line, text: p.text, quoted };
        if (p.heading !== undefined) u.heading = p.heading;
        if (p.kind === 'code') {
          const l = langOf(p.lang ?? '') ?? (p.lang ? undefined : sniffShell(p.text));
          if (l) u.lang = l;
        }
        units.push(unit(u));
      }
    } else if (f.lang) {
      // a security tool's tests and reference samples quote attacks on purpose
      const sample =
        securityTool && /(?:^|\/)(?:tests?|examples?|samples?|fixtures?|references?)\//.test(f.path);
      units.push(unit({ file: f.path, kind: 'script', lang: f.lang, line: 1, text, quoted: sample }));
    } else {
      units.push(unit({ file: f.path, kind: 'data', line: 1, text, quoted: securityTool }));
      if (/\.(?:html?|svg|xml)$/i.test(f.path)) {
        for (const p of splitMarkdown(text).filter((x) => x.kind === 'comment'))
          units.push(unit({ file: f.path, kind: 'comment', line: p.line, text: p.text, quoted: false }));
      }
    }
  }

  // Decode-then-rescan: decoded payloads become units of their own (two levels deep).
  let frontier = units.slice();
  for (let depth = 0; depth < 2 && frontier.length > 0; depth++) {
    const next: ScanUnit[] = [];
    for (const u of frontier) {
      if (u.text.length > 1_000_000) continue;
      for (const d of decodePayloads(u.text)) {
        const at = u.index.at(d.index);
        const line = u.line + at.line - 1;
        const du = unit({
          file: u.file,
          kind: 'decoded',
          lang: sniffShell(d.text) ?? u.lang ?? 'sh',
          line,
          text: normalizeText(d.text),
          quoted: u.quoted,
          origin: `${d.encoding} at ${u.file}:${line}`,
        });
        next.push(du);
      }
    }
    units.push(...next);
    frontier = next;
  }

  const urls: ScanUrl[] = [];
  for (const u of units) {
    if (u.kind === 'frontmatter') continue;
    for (const r of extractUrls(u.text)) urls.push({ ...r, unit: u });
    for (const r of extractBareCommandHosts(u.text)) urls.push({ ...r, unit: u });
  }

  const skill: ScanSkill = { root, name, identity, securityTool, files, texts, units, urls, totalBytes };
  if (manifest) skill.manifest = manifest;
  if (frontmatter) skill.frontmatter = frontmatter;
  if (manifestError) skill.manifestError = clip(manifestError, 300);
  return skill;
}

function sniffShell(text: string): string | undefined {
  return /^\s*(?:\$\s+)?(?:sudo\s+)?(?:curl|wget|bash|sh|chmod|apt(?:-get)?|brew|npm|npx|pip3?|cd|echo|export|git|mkdir|cp|mv|rm|cat|python3?|node)\b/m.test(
    text,
  )
    ? 'sh'
    : undefined;
}

/** Frontmatter as a plain object even when it fails the strict schema. */
function looseFrontmatter(text: string): Record<string, unknown> | undefined {
  try {
    const { yaml } = splitFrontmatter(text);
    const doc = parseDocument(yaml, { prettyErrors: false, uniqueKeys: false });
    const v = doc.toJS({ maxAliasCount: 50 }) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.hg', '.svn']);

/**
 * Read a skill folder for scanning. Unlike readBundleDir this never throws on
 * a messy skill: symlinks, special files, unreadable and huge files become
 * entries with a kind the checks report.
 */
export async function readSkillEntries(dir: string): Promise<RawEntry[]> {
  const out: RawEntry[] = [];
  let total = 0;
  const walk = async (rel: string, depth: number): Promise<void> => {
    const abs = rel ? join(dir, rel) : dir;
    let ents: import('node:fs').Dirent[];
    try {
      ents = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      out.push({
        path: rel || '.',
        kind: 'unreadable',
        note: (err as NodeJS.ErrnoException).code ?? 'error',
      });
      return;
    }
    ents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of ents) {
      if (out.length >= SCAN_LIMITS.maxFiles) return;
      const relPath = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isSymbolicLink()) {
        out.push({ path: relPath, kind: 'symlink', note: 'symlink not followed' });
      } else if (ent.isDirectory()) {
        if (SKIP_DIRS.has(ent.name)) continue;
        if (depth >= SCAN_LIMITS.maxDepth) {
          out.push({ path: relPath, kind: 'skipped', note: 'directory nesting too deep; not scanned' });
          continue;
        }
        await walk(relPath, depth + 1);
      } else if (!ent.isFile()) {
        out.push({ path: relPath, kind: 'special', note: 'not a regular file' });
      } else {
        out.push(readEntry(join(dir, relPath), relPath, total));
        total += out[out.length - 1]!.size ?? 0;
      }
    }
  };
  await walk('', 0);
  return out;
}

function readEntry(abs: string, relPath: string, totalSoFar: number): RawEntry {
  // Synchronous reads: skills are many small files, and the promise round-trips
  // per file cost more than the reads. O_NOFOLLOW: a file swapped for a symlink
  // after the walk is reported, not followed.
  let fd: number | undefined;
  try {
    try {
      fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP')
        return { path: relPath, kind: 'symlink', note: 'symlink not followed' };
      throw err;
    }
    const st = fstatSync(fd);
    if (!st.isFile()) return { path: relPath, kind: 'special', size: st.size, note: 'not a regular file' };
    const executable = (st.mode & 0o111) !== 0;
    if (st.size > SCAN_LIMITS.maxFileBytes || totalSoFar + st.size > SCAN_LIMITS.maxTotalBytes) {
      return {
        path: relPath,
        kind: 'skipped',
        size: st.size,
        executable,
        note: `${st.size} bytes; not scanned`,
      };
    }
    return { path: relPath, bytes: readFileSync(fd), executable };
  } catch (err) {
    return { path: relPath, kind: 'unreadable', note: (err as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function executableMagic(b: Uint8Array): string | undefined {
  if (b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46) return 'ELF';
  if (b[0] === 0x4d && b[1] === 0x5a) return 'PE';
  const be = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(be)) return 'Mach-O';
  return undefined;
}

/** The opening of a description: up to two sentences, at most 300 characters. */
function firstSentences(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim().slice(0, 300);
  const end = /^(?:[^.!?]*[.!?](?:\s|$)){1,2}/.exec(t);
  return end ? end[0] : t;
}
