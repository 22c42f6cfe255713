/**
 * In-process lexical index: BM25 over weighted fields (slug and name count more than the body),
 * OR semantics (AND-only keyword search misses most natural-language queries), and exact/prefix
 * slug boosts. The hub's SQL store has its own lexical query; both return Candidate lists for
 * fuse(), so either can feed hybrid search.
 */
import type { SearchDocument } from './document.js';
import type { Candidate } from './fusion.js';

const STOPWORDS = new Set(
  'a an and are as at be by can do for from how i in into is it me my of on or our so that the this to use using want with you your what when which who will'.split(
    ' ',
  ),
);

/** Lowercase word tokens with a light plural/verb suffix strip, so "emails" matches "email". */
export function lexicalTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of text
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length === 0 || STOPWORDS.has(raw)) continue;
    out.push(stem(raw));
  }
  return out;
}

function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('es') && /(s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

const FIELD_WEIGHTS = { slug: 4, name: 3, tags: 2, description: 2, body: 1 } as const;
const BODY_CHARS = 8000;
const K1 = 1.2;
const B = 0.75;
/** Added to the BM25 score: an exact slug beats any text match; a slug prefix is a strong hint. */
const EXACT_SLUG_BOOST = 100;
const PREFIX_SLUG_BOOST = 5;

export interface LexicalIndex {
  search(query: string, limit: number): Candidate[];
}

interface Posting {
  doc: number;
  tf: number;
}

export function buildLexicalIndex(docs: readonly SearchDocument[]): LexicalIndex {
  const postings = new Map<string, Posting[]>();
  const lengths = new Float64Array(docs.length);
  const slugs = docs.map((d) => d.slug.toLowerCase());
  docs.forEach((doc, i) => {
    const tf = new Map<string, number>();
    const add = (text: string, w: number) => {
      for (const t of lexicalTerms(text)) {
        tf.set(t, (tf.get(t) ?? 0) + w);
        lengths[i]! += w;
      }
    };
    add(doc.slug.replace(/[-_]+/g, ' '), FIELD_WEIGHTS.slug);
    add(`${doc.name} ${doc.displayName ?? ''}`, FIELD_WEIGHTS.name);
    add(doc.tags.join(' '), FIELD_WEIGHTS.tags);
    add(doc.description, FIELD_WEIGHTS.description);
    add(doc.body.slice(0, BODY_CHARS), FIELD_WEIGHTS.body);
    for (const [t, n] of tf) {
      const list = postings.get(t);
      if (list) list.push({ doc: i, tf: n });
      else postings.set(t, [{ doc: i, tf: n }]);
    }
  });
  const avgLen = lengths.reduce((s, x) => s + x, 0) / Math.max(1, docs.length);
  const n = docs.length;

  return {
    search(query, limit) {
      const scores = new Map<number, number>();
      for (const term of new Set(lexicalTerms(query))) {
        const list = postings.get(term);
        if (!list) continue;
        const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
        for (const p of list) {
          const norm = p.tf + K1 * (1 - B + (B * lengths[p.doc]!) / avgLen);
          scores.set(p.doc, (scores.get(p.doc) ?? 0) + (idf * p.tf * (K1 + 1)) / norm);
        }
      }
      const q = query.trim().toLowerCase();
      if (q.length >= 2) {
        slugs.forEach((slug, i) => {
          if (slug === q) scores.set(i, (scores.get(i) ?? 0) + EXACT_SLUG_BOOST);
          else if (slug.startsWith(q)) scores.set(i, (scores.get(i) ?? 0) + PREFIX_SLUG_BOOST);
        });
      }
      return [...scores.entries()]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, limit)
        .map(([i, score]) => ({ id: docs[i]!.id, score }));
    },
  };
}
