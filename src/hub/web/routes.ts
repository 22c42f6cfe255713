import type { Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { isWeftError, WeftError } from '../../errors.js';
import type { HubContext } from '../context.js';
import { authenticate } from '../services/auth.js';
import { postComment, report, star } from '../services/community.js';
import { searchSkills } from '../services/search.js';
import { listByOwner, listNewest, listPopular } from '../store/browse.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { fromRow, skillList } from './pages/lists.js';
import { filePage, skillPage } from './pages/skill.js';
import { csrfToken, csrfValid, isHttps, SESSION_COOKIE, sameOrigin, sessionPrincipal } from './session.js';
import { STYLESHEET } from './style.js';

/**
 * Server-rendered registry pages. No client JavaScript: everything works as
 * plain links and forms. A strict CSP forbids scripts and inline styles, every
 * value is escaped by the `html` template, and form posts need a CSRF token
 * bound to the session plus a same-origin check.
 */
const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function secure(c: Context) {
  c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  c.header('X-Frame-Options', 'DENY');
}

// biome-ignore lint/suspicious/noExplicitAny: the hub app's env type is owned by app.ts
export function webRoutes(app: Hono<any>, ctx: HubContext): void {
  const page = async (
    c: Context,
    status: number,
    render: (
      s: Awaited<ReturnType<typeof sessionPrincipal>> & { csrf?: string },
    ) => Promise<{ body: ReturnType<typeof html>; title: string; description?: string } | undefined>,
  ) => {
    secure(c);
    const s = await sessionPrincipal(ctx, c);
    const csrf = s.token ? csrfToken(s.token) : undefined;
    try {
      const out = await render({ ...s, ...(csrf ? { csrf } : {}) });
      if (!out)
        return c.html(
          layout(html`<h1>Not found</h1>`, { title: 'Not found', principal: s.principal, csrf }),
          404,
        );
      return c.html(
        layout(out.body, {
          title: out.title,
          principal: s.principal,
          csrf,
          path: c.req.path,
          query: c.req.query('q') ?? '',
          ...(out.description ? { description: out.description } : {}),
        }),
        status as 200,
      );
    } catch (err) {
      const notFound = isWeftError(err) && err.code === 'E_NOT_FOUND';
      if (!notFound) ctx.log.error({ err: (err as Error).message, path: c.req.path }, 'web page failed');
      return c.html(
        layout(
          html`<h1>${notFound ? 'Not found' : 'Something went wrong'}</h1><p>${notFound ? (err as Error).message : 'Please try again.'}</p>`,
          {
            title: notFound ? 'Not found' : 'Error',
            principal: s.principal,
            csrf,
          },
        ),
        notFound ? 404 : 500,
      );
    }
  };

  app.get('/static/style.css', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  app.get('/', (c) =>
    page(c, 200, async () => {
      const [popular, newest] = await Promise.all([listPopular(ctx.db, 10), listNewest(ctx.db, 10)]);
      return {
        title: 'Skills for AI agents',
        body: html`<h1>Find a skill</h1><p>Search by what you need, not by name. Every result shows its scan verdict.</p>
          <div class="grid"><section><h2>Popular</h2>${skillList(popular.map(fromRow))}</section>
          <section><h2>New</h2>${skillList(newest.map(fromRow))}</section></div>`,
      };
    }),
  );

  app.get('/search', (c) =>
    page(c, 200, async () => {
      const q = (c.req.query('q') ?? '').trim().slice(0, 200);
      const offset = Math.max(0, Math.min(10_000, Number(c.req.query('offset') ?? 0) || 0));
      if (!q)
        return { title: 'Search', body: html`<h1>Search</h1><p>Type what you need in the search box.</p>` };
      const res = await searchSkills(ctx, q, { limit: 20, offset, explain: true });
      const items = res.results.map((r) => ({
        slug: r.slug,
        name: r.name,
        description: r.description,
        version: r.version,
        publisher: r.publisher,
        stars: r.stars,
        installs: r.installs,
        verdict: r.verdict,
        explain: `score ${r.score}${
          r.signals
            ? ` · ${Object.entries(r.signals)
                .map(([k, v]) => `${k} ${typeof v === 'number' ? Math.round(v * 1000) / 1000 : v}`)
                .join(' · ')}`
            : ''
        }`,
      }));
      const next =
        offset + 20 < res.total
          ? html`<p><a href="/search?q=${encodeURIComponent(q)}&offset=${offset + 20}">Next results</a></p>`
          : '';
      return {
        title: `${q} · search`,
        body: html`<h1>Results for “${q}”</h1><p class="meta">${res.total} skills · ranking: ${res.mode}${res.fallback ? ` (${res.fallback})` : ''} · hover a result for its score</p>${skillList(items, 'No skills match.')}${next}`,
      };
    }),
  );

  app.get('/skills/:slug', (c) =>
    page(c, 200, async (s) => {
      const version = c.req.query('version');
      return skillPage(ctx, c.req.param('slug'), {
        principal: s.principal,
        csrf: s.csrf,
        ...(version ? { version } : {}),
      });
    }),
  );

  app.get('/skills/:slug/files/*', (c) =>
    page(c, 200, async () => {
      const slug = c.req.param('slug');
      const prefix = `/skills/${slug}/files/`;
      const path = decodeURIComponent(c.req.path.slice(prefix.length));
      return filePage(ctx, slug, path, c.req.query('version') || undefined);
    }),
  );

  app.get('/u/:handle', (c) =>
    page(c, 200, async () => {
      const handle = c.req.param('handle');
      const rows = await listByOwner(ctx.db, handle, 200);
      return {
        title: handle,
        body: html`<h1>${handle}</h1><h2>Skills</h2>${skillList(rows.map(fromRow), 'No published skills.')}`,
      };
    }),
  );

  app.get('/login', (c) =>
    page(c, 200, async () => ({
      title: 'Sign in',
      body: html`<h1>Sign in</h1><p>Paste an API token (create one with <code>weft hub token create --user NAME</code>).</p>
        <form method="post" action="/login"><input type="hidden" name="next" value="${safeNext(c.req.query('next'))}">
        <label for="token">Token</label> <input id="token" type="password" name="token" autocomplete="off" required>
        <p><button type="submit">Sign in</button></p></form>`,
    })),
  );

  app.post('/login', async (c) => {
    secure(c);
    if (!sameOrigin(c)) return forbidden(c);
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    try {
      await authenticate(ctx.db, token);
    } catch {
      return c.html(
        layout(
          html`<h1>Sign in</h1><p class="notice" role="alert">That token is not valid.</p><p><a href="/login">Try again</a></p>`,
          { title: 'Sign in' },
        ),
        401,
      );
    }
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isHttps(c),
      maxAge: 30 * 86400,
    });
    return c.redirect(safeNext(typeof form.next === 'string' ? form.next : undefined), 303);
  });

  const mutate = (
    path: string,
    act: (
      c: Context,
      s: Awaited<ReturnType<typeof sessionPrincipal>>,
      form: Record<string, unknown>,
    ) => Promise<string>,
  ) =>
    app.post(path, async (c) => {
      secure(c);
      const s = await sessionPrincipal(ctx, c);
      const form = (await c.req.parseBody()) as Record<string, unknown>;
      if (!sameOrigin(c) || !csrfValid(s.token, form._csrf)) return forbidden(c);
      try {
        return c.redirect(await act(c, s, form), 303);
      } catch (err) {
        const e = isWeftError(err) ? err : new WeftError('E_INTERNAL', 'failed');
        return c.html(
          layout(html`<h1>Could not do that</h1><p role="alert">${e.message}</p>`, {
            title: 'Error',
            principal: s.principal,
          }),
          e.httpStatus as 400,
        );
      }
    });

  mutate('/logout', async (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return '/';
  });
  mutate('/skills/:slug/star', async (c, s, form) => {
    const slug = c.req.param('slug')!;
    await star(ctx, s.principal, slug, form.on !== '0');
    return `/skills/${encodeURIComponent(slug)}`;
  });
  mutate('/skills/:slug/comments', async (c, s, form) => {
    const slug = c.req.param('slug')!;
    const body = typeof form.body === 'string' ? form.body.trim() : '';
    if (!body || body.length > 4000)
      throw new WeftError('E_BAD_REQUEST', 'a comment is 1 to 4000 characters');
    await postComment(ctx, s.principal, slug, body);
    return `/skills/${encodeURIComponent(slug)}#comments`;
  });
  mutate('/skills/:slug/report', async (c, s, form) => {
    const slug = c.req.param('slug')!;
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    if (!reason || reason.length > 2000)
      throw new WeftError('E_BAD_REQUEST', 'a report reason is 1 to 2000 characters');
    await report(ctx, s.principal, slug, { reason });
    return `/skills/${encodeURIComponent(slug)}`;
  });
}

function forbidden(c: Context) {
  return c.html(
    layout(
      html`<h1>Forbidden</h1><p>The form expired or came from another site. Go back and try again.</p>`,
      { title: 'Forbidden' },
    ),
    403,
  );
}

/** Only same-site relative paths; never `//host` or a scheme. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[\w\-./?=&%#]*$/.test(next) && !next.includes('\\') ? next : '/';
}
