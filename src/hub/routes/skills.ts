import { z } from '@hono/zod-openapi';
import { WeftError } from '../../errors.js';
import { ok } from '../http/envelope.js';
import {
  downloadVersion,
  getCatalog,
  getSkillDetail,
  getVersion,
  getVersions,
  skillView,
  versionView,
} from '../services/catalog.js';
import { searchSkills } from '../services/search.js';
import { CatalogQuery, DownloadQuery, PageQuery, SearchQuery, SlugParam, VersionParam } from './schemas.js';
import { clawhubDetail, clawhubSkill, clawhubVersion } from './shapes.js';
import { flag, parseSince, type RouteModule, route } from './util.js';

/** Read routes: search, catalog, skill detail, versions, download. */
export const skillRoutes: RouteModule = (app, ctx) => {
  app.openapi(
    route('get', '/api/v1/skills/search', 'skills', 'Search skills', { request: { query: SearchQuery } }),
    async (c) => {
      const q = c.req.valid('query');
      const res = await searchSkills(ctx, q.q, {
        limit: q.limit,
        offset: q.offset,
        ...(q.mode ? { mode: q.mode } : {}),
        explain: flag(q.explain),
      });
      return ok(c, res.results, {
        pagination: { total: res.total, offset: q.offset, limit: q.limit },
        compat: {
          mode: res.mode,
          ...(res.model ? { model: res.model } : {}),
          ...(res.fallback ? { fallback: res.fallback } : {}),
        },
      });
    },
  );

  app.openapi(
    route('get', '/api/v1/skills/catalog', 'skills', 'Skills updated since a timestamp', {
      request: { query: CatalogQuery },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const sinceMs = parseSince(q.since);
      if (Number.isNaN(sinceMs))
        throw new WeftError('E_BAD_REQUEST', 'since must be an ISO timestamp or epoch ms');
      const { rows, total } = await getCatalog(ctx, { sinceMs, limit: q.limit, offset: q.offset });
      return ok(
        c,
        rows.map((s) => skillView(s)),
        { pagination: { total, offset: q.offset, limit: q.limit } },
      );
    },
  );

  app.openapi(
    route('get', '/api/v1/skills/{slug}', 'skills', 'Skill detail (also ClawHub-shaped)', {
      request: { params: z.object({ slug: SlugParam }) },
    }),
    async (c) => {
      const { skill, latest } = await getSkillDetail(ctx, c.req.valid('param').slug);
      const data = { ...skillView(skill, latest), latestVersion: latest ? versionView(latest, false) : null };
      return ok(c, data, { compat: clawhubDetail(skill, latest) });
    },
  );

  app.openapi(
    route('get', '/api/v1/skills/{slug}/versions', 'skills', 'List versions', {
      request: { params: z.object({ slug: SlugParam }), query: z.object(PageQuery) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { rows, total } = await getVersions(ctx, c.req.valid('param').slug, q);
      return ok(
        c,
        rows.map((v) => versionView(v, false)),
        {
          pagination: { total, offset: q.offset, limit: q.limit },
          compat: { items: rows.map((v) => clawhubVersion(v)), nextCursor: null },
        },
      );
    },
  );

  app.openapi(
    route(
      'get',
      '/api/v1/skills/{slug}/versions/{version}',
      'skills',
      'One version with files, signature, scan',
      {
        request: { params: z.object({ slug: SlugParam, version: VersionParam }) },
      },
    ),
    async (c) => {
      const p = c.req.valid('param');
      const { skill, version } = await getVersion(ctx, p.slug, p.version);
      return ok(
        c,
        { slug: skill.slug, ...versionView(version, true) },
        {
          compat: {
            version: clawhubVersion(version, true),
            skill: { slug: skill.slug, displayName: skill.display_name },
          },
        },
      );
    },
  );

  app.openapi(
    route('get', '/api/v1/skills/{slug}/download', 'skills', 'Download the deterministic zip archive', {
      request: { params: z.object({ slug: SlugParam }), query: DownloadQuery },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const d = await downloadVersion(ctx, c.req.valid('param').slug, q);
      return zipResponse(d);
    },
  );

  // Keep `clawhubSkill` reachable for the list route ClawHub's `explore` uses.
  app.openapi(
    route('get', '/api/v1/skills', 'skills', 'List skills (ClawHub explore)', {
      request: { query: z.object(PageQuery) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { rows, total } = await getCatalog(ctx, { sinceMs: 0, limit: q.limit, offset: q.offset });
      return ok(
        c,
        rows.map((s) => skillView(s)),
        {
          pagination: { total, offset: q.offset, limit: q.limit },
          compat: { items: rows.map((s) => clawhubSkill(s)), nextCursor: null },
        },
      );
    },
  );
};

export function zipResponse(d: Awaited<ReturnType<typeof downloadVersion>>): Response {
  const headers: Record<string, string> = {
    'Content-Type': 'application/zip',
    'Content-Length': String(d.bytes.byteLength),
    'Content-Disposition': `attachment; filename="${d.slug}-${d.version}.zip"`,
    'X-Weft-Fingerprint': d.fingerprint,
    'X-Weft-Version': d.version,
    'X-Weft-Verdict': d.verdict,
    'Cache-Control': 'no-cache',
  };
  if (d.signature && d.publicKey) {
    headers['X-Weft-Signature'] = d.signature;
    headers['X-Weft-Public-Key'] = d.publicKey;
  }
  return new Response(new Uint8Array(d.bytes), { status: 200, headers });
}
