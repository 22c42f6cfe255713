import { z } from '@hono/zod-openapi';
import { WeftError } from '../../errors.js';
import { ok } from '../http/envelope.js';
import { requireScope } from '../services/auth.js';
import { downloadVersion, getSkillDetail, resolveByFingerprint } from '../services/catalog.js';
import { star } from '../services/community.js';
import { searchSkills } from '../services/search.js';
import { SlugParam, SlugString, TagString, VersionString } from './schemas.js';
import { zipResponse } from './skills.js';
import { type RouteModule, route } from './util.js';

/**
 * The routes the official `clawhub` CLI (0.23.x) calls, with its response
 * shapes at the top level and our envelope alongside.
 */
export const compatRoutes: RouteModule = (app, ctx) => {
  app.get('/.well-known/clawhub.json', (c) =>
    c.json({ apiBase: ctx.baseUrl, registry: ctx.baseUrl, minCliVersion: '0.23.0', weft: { api: 'v1' } }),
  );
  app.get('/.well-known/clawdhub.json', (c) => c.json({ apiBase: ctx.baseUrl, registry: ctx.baseUrl }));

  app.openapi(
    route('get', '/api/v1/search', 'clawhub', 'Search (ClawHub shape)', {
      request: {
        query: z.object({
          q: z.string().min(1).max(200),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const res = await searchSkills(ctx, q.q, { limit: q.limit, offset: 0 });
      const results = res.results.map((r) => ({
        slug: r.slug,
        displayName: r.name,
        summary: r.description || null,
        version: r.version,
        score: r.score,
        updatedAt: Date.parse(r.updatedAt),
        ownerHandle: r.publisher,
        owner: { handle: r.publisher, displayName: r.publisher, image: null },
      }));
      return ok(c, res.results, {
        compat: { results },
        pagination: { total: res.total, offset: 0, limit: q.limit },
      });
    },
  );

  app.openapi(
    route('get', '/api/v1/resolve', 'clawhub', 'Which version has this fingerprint (ClawHub `hash`)', {
      request: {
        query: z.object({
          slug: SlugString,
          hash: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .optional(),
        }),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const r = await resolveByFingerprint(ctx, q.slug, q.hash);
      const compat = {
        match: r.match ? { version: r.match } : null,
        latestVersion: r.latest ? { version: r.latest } : null,
      };
      return ok(c, r, { compat });
    },
  );

  app.openapi(
    route('get', '/api/v1/download', 'clawhub', 'Download (ClawHub query form)', {
      request: {
        query: z.object({ slug: SlugString, version: VersionString.optional(), tag: TagString.optional() }),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return zipResponse(
        await downloadVersion(ctx, q.slug, {
          ...(q.version ? { version: q.version } : {}),
          ...(q.tag ? { tag: q.tag } : {}),
        }),
      );
    },
  );

  app.openapi(
    route('get', '/api/v1/skills/{slug}/install', 'clawhub', 'Install resolution (ClawHub)', {
      request: { params: z.object({ slug: SlugParam }) },
    }),
    async (c) => {
      const { skill } = await getSkillDetail(ctx, c.req.valid('param').slug);
      if (!skill.latest_version)
        throw new WeftError('E_NOT_FOUND', `${skill.slug} has no installable version`);
      const archive = {
        version: skill.latest_version,
        downloadUrl: `${ctx.baseUrl}/api/v1/download?slug=${skill.slug}&version=${skill.latest_version}`,
      };
      return ok(c, archive, { compat: { slug: skill.slug, installKind: 'archive', archive } });
    },
  );

  app.openapi(
    route(
      'get',
      '/api/v1/skills/{slug}/file',
      'clawhub',
      'One file of a version, as text (clawhub inspect --file)',
      {
        request: {
          params: z.object({ slug: SlugParam }),
          query: z.object({
            path: z.string().min(1).max(1024),
            version: VersionString.optional(),
            tag: TagString.optional(),
          }),
        },
      },
    ),
    async (c) => {
      const q = c.req.valid('query');
      const slug = c.req.valid('param').slug;
      const d = await downloadVersion(ctx, slug, {
        ...(q.version ? { version: q.version } : {}),
        ...(q.tag ? { tag: q.tag } : {}),
      });
      const { unpackArchive } = await import('../../skills/archive.js');
      const file = unpackArchive(d.bytes).files.find((f) => f.path === q.path);
      if (!file) throw new WeftError('E_NOT_FOUND', `no file ${q.path} in ${slug}@${d.version}`);
      return new Response(new Uint8Array(file.bytes), {
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    },
  );

  for (const method of ['post', 'delete'] as const) {
    app.openapi(
      route(
        method,
        '/api/v1/stars/{slug}',
        'clawhub',
        method === 'post' ? 'Star (ClawHub)' : 'Unstar (ClawHub)',
        {
          request: { params: z.object({ slug: SlugParam }) },
        },
      ),
      async (c) => {
        const on = method === 'post';
        const r = await star(ctx, c.get('principal'), c.req.valid('param').slug, on);
        const compat = on
          ? { starred: true, alreadyStarred: !r.changed }
          : { unstarred: true, alreadyUnstarred: !r.changed };
        return ok(c, r, { compat });
      },
    );
  }

  app.openapi(route('get', '/api/v1/whoami', 'auth', 'Who am I (also ClawHub-shaped)', {}), async (c) => {
    const p = requireScope(c.get('principal'), 'read');
    const user = {
      handle: p.user.handle,
      displayName: p.user.display_name ?? p.user.handle,
      image: null,
      role: p.user.role,
    };
    return ok(c, { ...user, scopes: p.scopes }, { compat: { user } });
  });
};
