import { z } from 'zod';
import { WeftError } from '../errors.js';
import type { SkillSignature } from '../signing/signature.js';
import { BUNDLE_LIMITS } from '../skills/paths.js';
import { type HttpOptions, requestBytes, requestJson } from './http.js';
import {
  CatalogDataSchema,
  CommentListSchema,
  CommentSchema,
  PublishResultSchema,
  SearchDataSchema,
  SkillDetailSchema,
  StarResultSchema,
  VersionDetailSchema,
  VersionListSchema,
  WhoamiSchema,
} from './schemas.js';

/**
 * Typed client for the hub API v1 (issue 5). Each method is one route; the
 * request core (http.ts) does retries, timeouts and validation. Used by the
 * CLI and by the agent's auto-search.
 */

export type HubClientOptions = HttpOptions;

export interface DownloadResult {
  bytes: Buffer;
  /** The registry's claim, from X-Weft-Fingerprint: checked against the recomputed one by install. */
  fingerprint: string;
  version: string | undefined;
}

export interface PublishInput {
  /** Deterministic zip of the bundle (src/skills/archive.ts packBundle). */
  archive: Uint8Array;
  signature: SkillSignature | undefined;
  metadata: { slug: string; version: string; tags?: string[]; changelog?: string; fingerprint: string };
}

const FINGERPRINT_RE = /^[0-9a-f]{64}$/;
const API = '/api/v1';

const seg = (s: string) => encodeURIComponent(s);

export function createHubClient(opts: HubClientOptions) {
  return {
    registry: opts.registry,

    async search(q: string, o: { limit?: number; offset?: number; mode?: string; explain?: boolean } = {}) {
      const r = await requestJson(
        opts,
        {
          method: 'GET',
          path: `${API}/skills/search`,
          query: { q, limit: o.limit, offset: o.offset, mode: o.mode, explain: o.explain ? 1 : undefined },
          auth: 'optional',
        },
        SearchDataSchema,
      );
      return { ...r.data, pagination: r.pagination };
    },

    async catalog(since?: string) {
      const r = await requestJson(
        opts,
        { method: 'GET', path: `${API}/skills/catalog`, query: { since }, auth: 'optional' },
        CatalogDataSchema,
      );
      return { skills: r.data, pagination: r.pagination };
    },

    async skill(slug: string) {
      return (
        await requestJson(
          opts,
          { method: 'GET', path: `${API}/skills/${seg(slug)}`, auth: 'optional' },
          SkillDetailSchema,
        )
      ).data;
    },

    async versions(slug: string) {
      return (
        await requestJson(
          opts,
          { method: 'GET', path: `${API}/skills/${seg(slug)}/versions`, auth: 'optional' },
          VersionListSchema,
        )
      ).data;
    },

    async version(slug: string, version: string) {
      return (
        await requestJson(
          opts,
          { method: 'GET', path: `${API}/skills/${seg(slug)}/versions/${seg(version)}`, auth: 'optional' },
          VersionDetailSchema,
        )
      ).data;
    },

    async download(slug: string, ref: { version?: string; tag?: string } = {}): Promise<DownloadResult> {
      const path = `${API}/skills/${seg(slug)}/download`;
      const { bytes, headers } = await requestBytes(
        opts,
        {
          method: 'GET',
          path,
          query: { version: ref.version, tag: ref.version ? undefined : ref.tag },
          auth: 'optional',
          accept: 'application/zip',
        },
        // A zip is never larger than its content plus per-entry overhead.
        BUNDLE_LIMITS.maxBundleBytes + 1024 * 1024,
      );
      const fingerprint = headers.get('x-weft-fingerprint')?.trim().toLowerCase();
      if (!fingerprint || !FINGERPRINT_RE.test(fingerprint)) {
        throw new WeftError(
          'E_REGISTRY_RESPONSE',
          `GET ${path}: missing or malformed X-Weft-Fingerprint header`,
          { slug },
        );
      }
      return { bytes, fingerprint, version: headers.get('x-weft-version') ?? undefined };
    },

    async publish(input: PublishInput) {
      const form = new FormData();
      form.set(
        'bundle',
        new Blob([input.archive], { type: 'application/zip' }),
        `${input.metadata.slug}-${input.metadata.version}.zip`,
      );
      if (input.signature) form.set('signature', JSON.stringify(input.signature));
      form.set('metadata', JSON.stringify(input.metadata));
      return (
        await requestJson(
          opts,
          { method: 'POST', path: `${API}/skills/publish`, form, auth: 'required' },
          PublishResultSchema,
        )
      ).data;
    },

    async recordInstall(slug: string, version: string) {
      await requestJson(
        opts,
        { method: 'POST', path: `${API}/skills/install`, json: { slug, version }, auth: 'optional' },
        z.unknown(),
      );
    },

    async star(slug: string) {
      return (
        await requestJson(
          opts,
          { method: 'POST', path: `${API}/skills/${seg(slug)}/star`, auth: 'required' },
          StarResultSchema,
        )
      ).data;
    },

    async unstar(slug: string) {
      return (
        await requestJson(
          opts,
          { method: 'DELETE', path: `${API}/skills/${seg(slug)}/star`, auth: 'required' },
          StarResultSchema,
        )
      ).data;
    },

    async comments(slug: string, o: { limit?: number; offset?: number } = {}) {
      const r = await requestJson(
        opts,
        {
          method: 'GET',
          path: `${API}/skills/${seg(slug)}/comments`,
          query: { limit: o.limit, offset: o.offset },
          auth: 'optional',
        },
        CommentListSchema,
      );
      return { comments: r.data, pagination: r.pagination };
    },

    async postComment(slug: string, body: string) {
      return (
        await requestJson(
          opts,
          {
            method: 'POST',
            path: `${API}/skills/${seg(slug)}/comments`,
            json: { body, text: body },
            auth: 'required',
          },
          CommentSchema,
        )
      ).data;
    },

    async deleteComment(slug: string, id: string) {
      await requestJson(
        opts,
        { method: 'DELETE', path: `${API}/skills/${seg(slug)}/comments/${seg(id)}`, auth: 'required' },
        z.unknown(),
      );
    },

    async whoami() {
      return (
        await requestJson(opts, { method: 'GET', path: `${API}/whoami`, auth: 'required' }, WhoamiSchema)
      ).data;
    },
  };
}

export type HubClient = ReturnType<typeof createHubClient>;
