import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { WeftError } from '../errors.js';
import { BUNDLE_LIMITS } from '../skills/paths.js';
import { packageVersion } from '../version.js';
import type { HubContext } from './context.js';
import { errorBody, fail } from './http/envelope.js';
import { authMiddleware, type HubEnv, rateLimitMiddleware } from './http/middleware.js';
import { communityRoutes } from './routes/community.js';
import { compatRoutes } from './routes/compat.js';
import { publishRoutes } from './routes/publish.js';
import { EnvelopeSchema } from './routes/schemas.js';
import { skillRoutes } from './routes/skills.js';
import { stagedRoutes, UPLOAD_PREFIX } from './routes/staged.js';
import { webRoutes } from './web/routes.js';

/** Largest request body: a full bundle plus multipart overhead. Everything else is small JSON. */
export const MAX_PUBLISH_BODY = BUNDLE_LIMITS.maxBundleBytes + 2 * 1024 * 1024;
export const MAX_JSON_BODY = 64 * 1024;

const PUBLISH_PATHS = new Set(['/api/v1/skills/publish', '/api/v1/skills']);

export function createHubApp(ctx: HubContext): OpenAPIHono<HubEnv> {
  const app = new OpenAPIHono<HubEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.join('.') || 'request';
        const e = new WeftError('E_BAD_REQUEST', `${where}: ${issue?.message ?? 'invalid'}`, {
          field: where,
        });
        return c.json(errorBody(e), 400);
      }
    },
  });

  app.onError((err, c) => fail(c, err, ctx.log));
  app.notFound((c) =>
    fail(c, new WeftError('E_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`), ctx.log),
  );

  app.get('/health', (c) => c.json({ ok: true, data: { status: 'ok', version: packageVersion() } }));
  app.get('/ready', async (c) => {
    try {
      await ctx.db.query('SELECT 1');
      return c.json({ ok: true, data: { status: 'ready', store: ctx.db.kind } });
    } catch (err) {
      return fail(c, new WeftError('E_UNAVAILABLE', `store not ready: ${(err as Error).message}`), ctx.log);
    }
  });

  const limitError = (c: { header: (k: string, v: string) => void }) => {
    // The rest of the body is never read: close the connection so the client does not reuse it.
    c.header('Connection', 'close');
    throw new WeftError('E_PAYLOAD_TOO_LARGE', 'request body too large');
  };
  app.use('*', async (c, next) => {
    const big =
      c.req.method === 'POST' && (PUBLISH_PATHS.has(c.req.path) || c.req.path.startsWith(UPLOAD_PREFIX));
    const max = big ? MAX_PUBLISH_BODY : MAX_JSON_BODY;
    return bodyLimit({ maxSize: max, onError: limitError })(c, next);
  });
  app.use('/api/*', rateLimitMiddleware(ctx));
  app.use('/api/*', authMiddleware(ctx));

  stagedRoutes(app, ctx);
  skillRoutes(app, ctx);
  publishRoutes(app, ctx);
  communityRoutes(app, ctx);
  compatRoutes(app, ctx);
  webRoutes(app, ctx);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.register('Envelope', EnvelopeSchema);
  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'clawft hub API',
      version: packageVersion(),
      description:
        'Signed skill registry. Responses use the envelope {ok, data, error:{code,message}, pagination}. ' +
        'ClawHub-compatible routes add ClawHub fields at the top level.',
    },
    security: [{ bearer: [] }],
  });
  return app;
}
