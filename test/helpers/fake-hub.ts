import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import { keyIdOf, type LoadedPrivateKey, rawPublicKey } from '../../src/signing/keys.js';
import { signSkill } from '../../src/signing/signature.js';
import { packBundle, unpackArchive } from '../../src/skills/archive.js';
import { bundleFromFiles } from '../../src/skills/bundle.js';

/**
 * A small real HTTP server on 127.0.0.1 speaking the hub API v1 envelope, for
 * client tests that need to control every byte (garbage, truncation,
 * tampering). The end-to-end suite runs against the real `weft hub serve`.
 */

export interface FakeVersion {
  version: string;
  archive: Buffer;
  fingerprint: string;
  signature?: { signature: string; publicKey: string; keyId: string };
  verdict: 'pass' | 'warn' | 'block';
  publisher: string;
}

export interface FakeSkill {
  slug: string;
  description: string;
  versions: Map<string, FakeVersion>;
  tags: Record<string, string>;
  stars: number;
  downloads: number;
}

export type Override = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

export interface FakeHub {
  url: string;
  skills: Map<string, FakeSkill>;
  requests: string[];
  /** First matching override answers the request instead of the fake. */
  overrides: Override[];
  /** Add a version; signs it when `key` is given. Moves `latest`. */
  add(o: {
    slug: string;
    version: string;
    files?: Record<string, string>;
    key?: LoadedPrivateKey;
    verdict?: 'pass' | 'warn' | 'block';
    publisher?: string;
  }): FakeVersion;
  close(): Promise<void>;
}

/** A fresh Ed25519 signing key that lives only in memory. */
export function memKey(): LoadedPrivateKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(createPublicKey(privateKey));
  return { privateKey, publicKey: raw.toString('base64'), keyId: keyIdOf(raw), path: '(memory)' };
}

export function skillMd(slug: string, version: string, extra = ''): string {
  return `---\nname: ${slug}\ndescription: ${slug} test skill\nversion: ${version}\n---\n\n# ${slug}\n\nDoes ${slug} things.\n${extra}`;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const fail = (res: ServerResponse, status: number, code: string, message: string) =>
  send(res, status, { ok: false, error: { code, message } });

export async function startFakeHub(): Promise<FakeHub> {
  const skills = new Map<string, FakeSkill>();
  const requests: string[] = [];
  const overrides: Override[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    for (const o of overrides) if (o(req, res, url)) return;
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => route(req, res, url, Buffer.concat(chunks)));
  });

  function route(req: IncomingMessage, res: ServerResponse, url: URL, _body: Buffer) {
    const p = url.pathname;
    if (p === '/api/v1/skills/search') {
      const q = url.searchParams.get('q') ?? '';
      const results = [...skills.values()]
        .filter(
          (s) => s.slug.includes(q) || s.description.includes(q) || s.slug.slice(0, 4) === q.slice(0, 4),
        )
        // Exact slug first, like the real hub's exact-name boost.
        .sort((a, b) => Number(b.slug === q) - Number(a.slug === q))
        .map((s) => {
          const v = s.versions.get(s.tags.latest!)!;
          return {
            slug: s.slug,
            name: s.slug,
            description: s.description,
            version: v.version,
            publisher: v.publisher,
            stars: s.stars,
            downloads: s.downloads,
            verdict: v.verdict,
            score: 1,
          };
        });
      return send(res, 200, {
        ok: true,
        data: results,
        pagination: { total: results.length, offset: 0, limit: 20 },
      });
    }
    if (p === '/api/v1/skills/install' && req.method === 'POST')
      return send(res, 200, { ok: true, data: {} });
    const m = /^\/api\/v1\/skills\/([^/]+)(?:\/(versions|download|star|comments)(?:\/([^/]+))?)?$/.exec(p);
    if (!m) return fail(res, 404, 'E_NOT_FOUND', `no route ${p}`);
    const skill = skills.get(decodeURIComponent(m[1]!));
    if (!skill) return fail(res, 404, 'E_NOT_FOUND', `no skill ${m[1]}`);
    const latest = skill.versions.get(skill.tags.latest!)!;
    if (!m[2]) {
      return send(res, 200, {
        ok: true,
        data: {
          slug: skill.slug,
          name: skill.slug,
          description: skill.description,
          publisher: latest.publisher,
          latestVersion: latest.version,
          tags: skill.tags,
          stars: skill.stars,
          downloads: skill.downloads,
          verdict: latest.verdict,
        },
      });
    }
    if (m[2] === 'versions' && !m[3]) {
      return send(res, 200, {
        ok: true,
        data: [...skill.versions.values()].map((v) => ({ version: v.version, verdict: v.verdict })),
      });
    }
    if (m[2] === 'versions') {
      const v = skill.versions.get(decodeURIComponent(m[3]!));
      if (!v) return fail(res, 404, 'E_NOT_FOUND', `no version ${m[3]}`);
      return send(res, 200, {
        ok: true,
        data: {
          slug: skill.slug,
          version: v.version,
          fingerprint: v.fingerprint,
          files: [],
          signature: v.signature ?? null,
          publicKey: v.signature?.publicKey ?? null,
          publisher: v.publisher,
          scan: { verdict: v.verdict, findings: 0 },
        },
      });
    }
    if (m[2] === 'download') {
      const ver = url.searchParams.get('version') ?? skill.tags[url.searchParams.get('tag') ?? 'latest'];
      const v = ver ? skill.versions.get(ver) : undefined;
      if (!v) return fail(res, 404, 'E_NOT_FOUND', 'no such version');
      skill.downloads++;
      res.writeHead(200, {
        'content-type': 'application/zip',
        'x-weft-fingerprint': v.fingerprint,
        'x-weft-version': v.version,
      });
      return res.end(v.archive);
    }
    return fail(res, 404, 'E_NOT_FOUND', 'not in the fake');
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const hub: FakeHub = {
    url: `http://127.0.0.1:${port}`,
    skills,
    requests,
    overrides,
    add(o) {
      const files = o.files ?? { 'SKILL.md': skillMd(o.slug, o.version) };
      const bundle = bundleFromFiles(
        Object.entries(files).map(([path, text]) => ({ path, bytes: Buffer.from(text) })),
      );
      const archive = Buffer.from(packBundle(bundle));
      const fingerprint = unpackArchive(archive).fingerprint;
      const v: FakeVersion = {
        version: o.version,
        archive,
        fingerprint,
        verdict: o.verdict ?? 'pass',
        publisher: o.publisher ?? 'alice',
      };
      if (o.key) {
        const s = signSkill(o.key, o.slug, o.version, fingerprint);
        v.signature = { signature: s.signature, publicKey: s.publicKey, keyId: s.keyId };
      }
      let skill = skills.get(o.slug);
      if (!skill) {
        skill = {
          slug: o.slug,
          description: `${o.slug} test skill`,
          versions: new Map(),
          tags: {},
          stars: 0,
          downloads: 0,
        };
        skills.set(o.slug, skill);
      }
      skill.versions.set(o.version, v);
      skill.tags.latest = o.version;
      return v;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  after(() => hub.close());
  return hub;
}
