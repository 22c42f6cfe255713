/** What search knows about one skill version, whichever store it came from. */
export interface SearchDocument {
  id: string;
  slug: string;
  name: string;
  displayName?: string;
  description: string;
  tags: string[];
  /** SKILL.md body (markdown after the frontmatter). */
  body: string;
}

/** The body adds recall for specific tools and APIs, but its tail is mostly boilerplate and examples. */
export const EMBED_BODY_CHARS = 1500;

/**
 * The text that gets embedded for a skill: identity first (name, display name, tags), then the
 * description, then the start of the body with markdown noise removed.
 */
export function embeddingText(doc: Omit<SearchDocument, 'id'>): string {
  const name = doc.slug.replace(/[-_]+/g, ' ');
  const parts = [name];
  if (doc.name && doc.name !== doc.slug) parts.push(doc.name);
  if (doc.displayName && doc.displayName !== doc.name) parts.push(doc.displayName);
  if (doc.tags.length > 0) parts.push(doc.tags.join(', '));
  parts.push(doc.description);
  parts.push(stripMarkdown(doc.body).slice(0, EMBED_BODY_CHARS));
  return parts.filter((p) => p.trim().length > 0).join('. ');
}

/** Drops fenced code, URLs, markup characters and runs of whitespace. */
export function stripMarkdown(md: string): string {
  return md
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[#*_>`|[\]()!-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
