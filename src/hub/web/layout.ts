import type { Principal } from '../services/auth.js';
import { html, type SafeHtml } from './html.js';

export interface PageOptions {
  title: string;
  principal?: Principal | undefined;
  csrf?: string | undefined;
  query?: string;
  description?: string;
  /** current path, so "Sign in" can come back here */
  path?: string;
}

export function layout(body: SafeHtml, o: PageOptions): string {
  const who = o.principal
    ? html`<span>signed in as <a href="/u/${o.principal.user.handle}">${o.principal.user.handle}</a></span>
        <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${o.csrf}"><button class="secondary" type="submit">Sign out</button></form>`
    : html`<a href="/login${o.path && o.path !== '/login' ? `?next=${encodeURIComponent(o.path)}` : ''}">Sign in</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · weft hub</title>
<meta name="description" content="${o.description ?? 'A signed, scanned skill registry for AI agents.'}">
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<a class="sr-only" href="#main">Skip to content</a>
<header>
  <a class="brand" href="/">weft hub</a>
  <form role="search" method="get" action="/search">
    <label for="q" class="sr-only">Search skills</label>
    <input id="q" type="search" name="q" value="${o.query ?? ''}" placeholder="Describe what you need, e.g. summarize my unread email">
    <button type="submit">Search</button>
  </form>
  ${who}
</header>
<main id="main">
${body}
</main>
<footer>Every version is signed by its publisher and scanned before it can be installed. API: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a></footer>
</body>
</html>
`.value;
}

export function verdictBadge(verdict: string | null | undefined): SafeHtml {
  if (!verdict) return html``;
  const label = verdict === 'pass' ? 'scan: pass' : verdict === 'warn' ? 'scan: warn' : 'scan: block';
  return html`<span class="badge ${verdict}">${label}</span>`;
}
