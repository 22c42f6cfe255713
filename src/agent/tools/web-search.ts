import { z } from 'zod';
import { WeftError } from '../../errors.js';
import { guardedGet } from './net-guard.js';
import type { Tool } from './types.js';

export const WebSearchArgs = z.strictObject({
  query: z.string().min(1).max(500).describe('search query'),
  limit: z.number().int().min(1).max(20).optional().describe('number of results (default 5)'),
});

export interface SearchHit {
  title: string;
  url: string;
  snippet: string;
}

/**
 * Search backend from the environment: a SearXNG instance (WEFT_SEARCH_URL,
 * JSON API, the default) or Brave (WEFT_SEARCH_BACKEND=brave and
 * BRAVE_API_KEY). Either host must be in the network allowlist.
 */
export function searchRequest(
  env: NodeJS.ProcessEnv,
  query: string,
): { url: string; headers: Record<string, string>; backend: string } {
  const backend = (env.WEFT_SEARCH_BACKEND ?? 'searxng').toLowerCase();
  if (backend === 'brave') {
    const key = env.BRAVE_API_KEY;
    if (!key) throw new WeftError('E_CONFIG_INVALID', 'WEFT_SEARCH_BACKEND=brave needs BRAVE_API_KEY');
    const u = new URL(env.WEFT_SEARCH_URL || 'https://api.search.brave.com/res/v1/web/search');
    u.searchParams.set('q', query);
    return {
      url: u.toString(),
      headers: { 'x-subscription-token': key, accept: 'application/json' },
      backend,
    };
  }
  const base = env.WEFT_SEARCH_URL;
  if (!base) {
    throw new WeftError(
      'E_CONFIG_INVALID',
      'no search backend: set WEFT_SEARCH_URL to a SearXNG instance (JSON API enabled)',
    );
  }
  const u = new URL(base.replace(/\/+$/, '') + '/search');
  u.searchParams.set('q', query);
  u.searchParams.set('format', 'json');
  return { url: u.toString(), headers: { accept: 'application/json' }, backend: 'searxng' };
}

export function parseSearchResults(backend: string, body: string): SearchHit[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new WeftError('E_SEARCH_BACKEND', 'search backend returned non-JSON');
  }
  const list =
    backend === 'brave'
      ? ((json as { web?: { results?: unknown[] } }).web?.results ?? [])
      : ((json as { results?: unknown[] }).results ?? []);
  return list.map((r) => {
    const o = r as Record<string, unknown>;
    return {
      title: String(o.title ?? ''),
      url: String(o.url ?? ''),
      snippet: String(o.content ?? o.description ?? ''),
    };
  });
}

export const webSearchTool: Tool<typeof WebSearchArgs> = {
  name: 'WebSearch',
  description: 'Search the web through the configured search backend; returns titles, URLs and snippets.',
  schema: WebSearchArgs,
  async run({ args, policy, audit, ctx }) {
    const req = searchRequest(ctx.env, args.query);
    const page = await guardedGet(policy, req.url, audit, {
      headers: req.headers,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (page.status !== 200) {
      throw new WeftError('E_SEARCH_BACKEND', `search backend returned HTTP ${page.status}`, {
        status: page.status,
      });
    }
    const hits = parseSearchResults(req.backend, page.body).slice(0, args.limit ?? 5);
    const output = hits.length
      ? hits.map((h, i) => `${i + 1}. ${h.title}\n   ${h.url}\n   ${h.snippet}`).join('\n')
      : 'no results';
    return { output, data: { backend: req.backend, results: hits } };
  },
};
