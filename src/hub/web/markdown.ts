import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { SafeHtml } from './html.js';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * SKILL.md bodies are attacker-controlled. marked renders, sanitize-html then
 * keeps only plain document markup: no scripts, styles, iframes, event
 * handlers, or non-http(s) URLs. Images are dropped (the CSP would block
 * remote ones anyway, and they are a tracking vector).
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'code',
    'pre',
    'em',
    'strong',
    'del',
    'hr',
    'br',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'kbd',
  ],
  allowedAttributes: { a: ['href', 'title'], th: ['align'], td: ['align'], code: ['class'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
};

export function renderMarkdown(md: string): SafeHtml {
  const raw = marked.parse(md.slice(0, 200_000)) as string;
  return new SafeHtml(
    sanitizeHtml(raw, {
      ...OPTIONS,
      allowedAttributes: { ...OPTIONS.allowedAttributes, a: ['href', 'title', 'rel'] },
    }),
  );
}
