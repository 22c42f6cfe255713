/**
 * Loads the bench catalog: the benign skills of the scanner DEV corpus, read as text only
 * (nothing in the corpus is ever executed). The corpus is extracted to a temp dir outside the repo.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { SearchDocument } from '../../src/hub/search/document.js';
import { slugify } from '../../src/skills/manifest.js';

const TARBALL_CANDIDATES = ['../shared/eval/scanner-dev.tar.gz', '../../shared/eval/scanner-dev.tar.gz'];

/** Returns the corpus root (containing labels.csv and items/), extracting the tarball if needed. */
export function locateCorpus(root: string, explicit?: string): string {
  if (explicit) return explicit;
  const tarball = TARBALL_CANDIDATES.map((p) => resolve(root, p)).find((p) => existsSync(p));
  if (!tarball) throw new Error('scanner-dev.tar.gz not found; pass --corpus DIR');
  const dir = mkdtempSync(join(tmpdir(), 'weft-search-bench-'));
  // --no-same-permissions + an explicit mode strip keep every extracted file non-executable.
  execFileSync('tar', ['-xzf', tarball, '-C', dir, '--no-same-permissions', '--no-same-owner']);
  execFileSync('chmod', ['-R', 'a-x+X', dir]);
  return join(dir, 'scanner-dev');
}

function splitFrontmatter(text: string): { fm: Record<string, unknown>; body: string } {
  const m = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { fm: {}, body: text };
  try {
    const fm = parseYaml(m[1]!, { maxAliasCount: 50 }) as unknown;
    return {
      fm: fm && typeof fm === 'object' ? (fm as Record<string, unknown>) : {},
      body: text.slice(m[0].length),
    };
  } catch {
    // Some real skills have YAML that does not parse; keep them searchable by body text.
    return { fm: {}, body: text.slice(m[0].length) };
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function loadCatalog(corpus: string): SearchDocument[] {
  const labels = readFileSync(join(corpus, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  const docs: SearchDocument[] = [];
  for (const line of labels) {
    const [id, label] = line.split(',');
    if (label !== 'benign' || !id) continue;
    const dir = join(corpus, 'items', id);
    const file = readdirSync(dir).find((f) => f.toLowerCase() === 'skill.md');
    if (!file) continue;
    const { fm, body } = splitFrontmatter(readFileSync(join(dir, file), 'utf8'));
    const name = str(fm.name).trim() || id;
    const tags = Array.isArray(fm.tags) ? fm.tags.filter((t): t is string => typeof t === 'string') : [];
    docs.push({
      id,
      slug: slugify(name) || slugify(id),
      name,
      description: str(fm.description),
      tags,
      body,
    });
  }
  return docs;
}
