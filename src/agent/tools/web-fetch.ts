import { z } from 'zod';
import { guardedGet } from './net-guard.js';
import type { Tool } from './types.js';

const MAX_CHARS = 20_000;

export const WebFetchArgs = z.strictObject({
  url: z.string().min(1).max(4096).describe('http(s) URL; the host must be in the network allowlist'),
});

/** Crude HTML to text: enough for a model to read, no DOM dependency. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|noscript)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6]|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
}

export const webFetchTool: Tool<typeof WebFetchArgs> = {
  name: 'WebFetch',
  description: 'Fetch a web page (GET) from an allowlisted host and return its text.',
  schema: WebFetchArgs,
  async run({ args, policy, audit, ctx }) {
    const page = await guardedGet(policy, args.url, audit, ctx.signal ? { signal: ctx.signal } : {});
    const text = /html/i.test(page.contentType) ? htmlToText(page.body) : page.body;
    const clipped = text.length > MAX_CHARS;
    return {
      output: `HTTP ${page.status} ${page.contentType}\n\n${text.slice(0, MAX_CHARS)}${clipped || page.truncated ? '\n(truncated)' : ''}`,
      data: { url: page.url, status: page.status, bytes: page.body.length },
    };
  },
};
