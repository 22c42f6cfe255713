import { z } from '@hono/zod-openapi';
import { ok } from '../http/envelope.js';
import { isModerator, requireScope } from '../services/auth.js';
import { moveTag, setYanked } from '../services/catalog.js';
import {
  getComments,
  postComment,
  recordInstall,
  removeComment,
  report,
  star,
} from '../services/community.js';
import { rotateKey } from '../services/keys.js';
import {
  CommentBody,
  CommentIdParam,
  InstallBody,
  PageQuery,
  ReportBody,
  SlugParam,
  TagBody,
  TagString,
  VersionParam,
} from './schemas.js';
import { type RouteModule, route } from './util.js';

const json = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const slugOnly = z.object({ slug: SlugParam });

/** Install events, stars, comments, reports, tags, yank/restore. */
export const communityRoutes: RouteModule = (app, ctx) => {
  app.openapi(
    route('post', '/api/v1/skills/install', 'community', 'Record an install', { request: json(InstallBody) }),
    async (c) => {
      const b = c.req.valid('json');
      return ok(c, await recordInstall(ctx, b.slug, b.version));
    },
  );

  for (const method of ['post', 'delete'] as const) {
    app.openapi(
      route(method, '/api/v1/skills/{slug}/star', 'community', method === 'post' ? 'Star' : 'Unstar', {
        request: { params: slugOnly },
      }),
      async (c) => ok(c, await star(ctx, c.get('principal'), c.req.valid('param').slug, method === 'post')),
    );
  }

  app.openapi(
    route('get', '/api/v1/skills/{slug}/comments', 'community', 'List comments', {
      request: { params: slugOnly, query: z.object(PageQuery) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { rows, total } = await getComments(ctx, c.req.valid('param').slug, q);
      const data = rows.map((r) => ({
        id: r.id,
        author: r.author,
        body: r.body,
        createdAt: new Date(r.created_ms).toISOString(),
      }));
      return ok(c, data, { pagination: { total, offset: q.offset, limit: q.limit } });
    },
  );

  app.openapi(
    route('post', '/api/v1/skills/{slug}/comments', 'community', 'Post a comment', {
      request: { params: slugOnly, ...json(CommentBody) },
    }),
    async (c) =>
      ok(c, await postComment(ctx, c.get('principal'), c.req.valid('param').slug, c.req.valid('json').body), {
        status: 201,
      }),
  );

  app.openapi(
    route(
      'delete',
      '/api/v1/skills/{slug}/comments/{id}',
      'community',
      'Delete own comment (or as moderator)',
      {
        request: { params: z.object({ slug: SlugParam, id: CommentIdParam }) },
      },
    ),
    async (c) => {
      const p = c.req.valid('param');
      return ok(c, await removeComment(ctx, c.get('principal'), p.slug, p.id));
    },
  );

  app.openapi(
    route('post', '/api/v1/skills/{slug}/report', 'community', 'Report a skill', {
      request: { params: slugOnly, ...json(ReportBody) },
    }),
    async (c) =>
      ok(c, await report(ctx, c.get('principal'), c.req.valid('param').slug, c.req.valid('json')), {
        status: 201,
      }),
  );

  app.openapi(
    route(
      'post',
      '/api/v1/skills/{slug}/tags/{tag}',
      'community',
      'Point a tag at a version (latest only moves forward)',
      {
        request: { params: z.object({ slug: SlugParam, tag: TagString }), ...json(TagBody) },
      },
    ),
    async (c) => {
      const p = c.req.valid('param');
      return ok(c, await moveTag(ctx, c.get('principal'), p.slug, p.tag, c.req.valid('json').version));
    },
  );

  app.openapi(
    route(
      'post',
      '/api/v1/keys/rotate',
      'auth',
      'Rotate your publisher key (proof signed by the current key)',
      {
        request: json(z.object({ publicKey: z.string().max(100), proof: z.string().max(200).optional() })),
      },
    ),
    async (c) => {
      const who = requireScope(c.get('principal'), 'publish');
      const b = c.req.valid('json');
      const res = await ctx.db.tx((q) =>
        rotateKey(q, {
          handle: who.user.handle,
          newPublicKey: b.publicKey,
          ...(b.proof ? { proof: b.proof } : {}),
          asAdmin: isModerator(who) && who.scopes.includes('admin'),
        }),
      );
      return ok(c, res);
    },
  );

  for (const action of ['yank', 'restore'] as const) {
    app.openapi(
      route(
        'post',
        `/api/v1/skills/{slug}/versions/{version}/${action}`,
        'community',
        `${action} a version`,
        {
          request: { params: z.object({ slug: SlugParam, version: VersionParam }) },
        },
      ),
      async (c) => {
        const p = c.req.valid('param');
        return ok(c, await setYanked(ctx, c.get('principal'), p.slug, p.version, action === 'yank'));
      },
    );
  }
};
