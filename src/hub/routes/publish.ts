import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { WeftError } from '../../errors.js';
import { ok } from '../http/envelope.js';
import type { HubEnv } from '../http/middleware.js';
import { type PublishInput, publishSkill } from '../services/publish.js';
import { publishStaged } from './staged.js';
import { type RouteModule, route } from './util.js';

/**
 * Publish, in two dialects. Both end in the same pipeline.
 * - `POST /api/v1/skills/publish` (weft): multipart `bundle` (zip), `signature` (JSON), `metadata` (JSON).
 * - `POST /api/v1/skills` (ClawHub CLI): multipart `payload` (JSON) and `files` (one part per file, the
 *   filename is the bundle path), plus weft's optional `signature` part.
 */

const Metadata = z
  .object({
    slug: z.string().max(64).optional(),
    version: z.string().max(128).optional(),
    changelog: z.string().max(10_000).optional(),
    tags: z
      .array(z.string().regex(/^[a-z][a-z0-9._-]{0,31}$/))
      .max(10)
      .optional(),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .loose();

const SignatureRecord = z
  .object({
    signature: z.string().max(200),
    publicKey: z.string().max(200),
    format: z.string().max(40).optional(),
    slug: z.string().max(64).optional(),
    version: z.string().max(128).optional(),
    fingerprint: z.string().max(64).optional(),
    keyId: z.string().max(64).optional(),
  })
  .loose();

type Form = Record<string, string | File | (string | File)[]>;

async function readForm(c: Context<HubEnv>): Promise<Form> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw new WeftError('E_BAD_REQUEST', 'publish expects multipart/form-data');
  }
  try {
    return (await c.req.parseBody({ all: true })) as Form;
  } catch (err) {
    if (err instanceof WeftError) throw err;
    throw new WeftError('E_BAD_REQUEST', `invalid multipart body: ${(err as Error).message}`);
  }
}

function one(form: Form, name: string): string | File | undefined {
  const v = form[name];
  if (Array.isArray(v)) {
    if (v.length > 1) throw new WeftError('E_BAD_REQUEST', `multipart field ${name} given more than once`);
    return v[0];
  }
  return v;
}

async function jsonField<T>(form: Form, name: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const v = one(form, name);
  if (v === undefined) return undefined;
  const text = typeof v === 'string' ? v : await v.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WeftError('E_BAD_REQUEST', `multipart field ${name} is not valid JSON`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WeftError('E_BAD_REQUEST', `${name}.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

function withSignature(input: PublishInput, sig: z.infer<typeof SignatureRecord> | undefined): PublishInput {
  if (sig) input.signature = sig as PublishInput['signature'];
  return input;
}

export const publishRoutes: RouteModule = (app, ctx) => {
  app.openapi(
    route(
      'post',
      '/api/v1/skills/publish',
      'publish',
      'Publish a signed skill version (multipart: bundle, signature, metadata)',
      {},
    ),
    async (c) => {
      const form = await readForm(c);
      const bundle = one(form, 'bundle');
      if (!(bundle instanceof File))
        throw new WeftError('E_BAD_REQUEST', 'multipart field bundle (a zip file) is required');
      const meta = (await jsonField(form, 'metadata', Metadata)) ?? {};
      const sig = await jsonField(form, 'signature', SignatureRecord);
      const input: PublishInput = { archive: new Uint8Array(await bundle.arrayBuffer()) };
      if (meta.slug) input.slug = meta.slug;
      if (meta.version) input.version = meta.version;
      if (meta.changelog) input.changelog = meta.changelog;
      if (meta.tags) input.tags = meta.tags;
      if (meta.fingerprint) input.fingerprint = meta.fingerprint;
      const res = await publishSkill(ctx, c.get('principal'), withSignature(input, sig));
      return ok(c, res, { status: 201 });
    },
  );

  app.openapi(
    route('post', '/api/v1/skills', 'publish', 'Publish (ClawHub CLI form: payload + files)', {}),
    async (c) => {
      if ((c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
        let raw: unknown;
        try {
          raw = await c.req.json();
        } catch {
          throw new WeftError('E_BAD_REQUEST', 'body is not valid JSON');
        }
        const res = await publishStaged(ctx, c.get('principal'), raw);
        return ok(c, res, { compat: { skillId: res.skillId, versionId: res.versionId } });
      }
      const form = await readForm(c);
      const payload = (await jsonField(form, 'payload', Metadata)) ?? {};
      const parts = form.files === undefined ? [] : Array.isArray(form.files) ? form.files : [form.files];
      const files: { path: string; bytes: Uint8Array }[] = [];
      for (const p of parts) {
        if (!(p instanceof File)) throw new WeftError('E_BAD_REQUEST', 'each files part must be a file');
        files.push({ path: p.name, bytes: new Uint8Array(await p.arrayBuffer()) });
      }
      const sig = await jsonField(form, 'signature', SignatureRecord);
      const input: PublishInput = { files };
      if (payload.slug) input.slug = payload.slug;
      if (payload.version) input.version = payload.version;
      if (payload.changelog) input.changelog = payload.changelog;
      if (payload.tags) input.tags = payload.tags;
      const res = await publishSkill(ctx, c.get('principal'), withSignature(input, sig));
      return ok(c, res, { compat: { skillId: res.skillId, versionId: res.versionId } });
    },
  );
};
