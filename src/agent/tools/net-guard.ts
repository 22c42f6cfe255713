import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { WeftError } from '../../errors.js';
import { normalizeHost } from '../../sandbox/policy/index.js';
import { hostMatches, type ToolPolicy } from './policy.js';

/**
 * The host allowlist for WebFetch and WebSearch, applied in-process with the
 * same rules the sandbox proxy applies to Bash: host:port must match a rule,
 * `require_tls` rules allow only https, URLs with credentials are refused,
 * and names that resolve to private, loopback, link-local or metadata
 * addresses are refused unless a rule names that address literally. The
 * connection is pinned to the address that was checked (no DNS rebinding).
 */

export interface NetDecision {
  allowed: boolean;
  reason: string;
  host: string;
  port: number;
  address?: string;
}

type AuditFn = (e: {
  event: 'net.decision';
  decision: 'allow' | 'deny';
  reason: string;
  detail: Record<string, unknown>;
}) => void;

export function isPrivateAddress(addr: string): boolean {
  const v = isIP(addr);
  if (v === 4) {
    const [a = 0, b = 0] = addr.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (v === 6) {
    const s = addr.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
    if (mapped) return isPrivateAddress(mapped[1]!);
    return s === '::' || s === '::1' || /^f[cd]/.test(s) || /^fe[89ab]/.test(s) || s.startsWith('ff');
  }
  return true;
}

export async function decideUrl(policy: ToolPolicy, raw: string): Promise<NetDecision & { url?: URL }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'not a valid URL', host: '', port: 0 };
  }
  const host = normalizeHost(url.hostname) ?? '';
  const tls = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : tls ? 443 : 80;
  const base = { host, port, url };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ...base, allowed: false, reason: `scheme ${url.protocol} is not allowed` };
  }
  if (url.username || url.password)
    return { ...base, allowed: false, reason: 'credentials in URL are refused' };
  const rules = policy.resolved.net.rules.filter((r) => hostMatches(r.host, host) && r.ports.includes(port));
  if (rules.length === 0)
    return { ...base, allowed: false, reason: `${host}:${port} is not in the network allowlist` };
  if (!tls && rules.every((r) => r.requireTls)) {
    return { ...base, allowed: false, reason: `${host}:${port} requires TLS (https)` };
  }
  const literal = isIP(host) !== 0;
  const named = rules.some((r) => r.host === host);
  if (literal && !named) return { ...base, allowed: false, reason: 'IP literal not named by a rule' };
  let address = host;
  if (!literal) {
    try {
      address = (await lookup(host, { verbatim: true })).address;
    } catch {
      return { ...base, allowed: false, reason: `cannot resolve ${host}` };
    }
  }
  if (isPrivateAddress(address) && !(literal && named)) {
    return { ...base, address, allowed: false, reason: `${host} resolves to a private address (${address})` };
  }
  return { ...base, address, allowed: true, reason: 'matches network allowlist' };
}

export interface FetchedPage {
  url: string;
  status: number;
  contentType: string;
  body: string;
  truncated: boolean;
}

/** GET with the allowlist applied to the URL and to every redirect hop. */
export async function guardedGet(
  policy: ToolPolicy,
  raw: string,
  audit: AuditFn,
  opts: {
    headers?: Record<string, string>;
    maxBytes?: number;
    timeoutMs?: number;
    signal?: AbortSignal;
  } = {},
): Promise<FetchedPage> {
  let current = raw;
  for (let hop = 0; hop <= 5; hop++) {
    const d = await decideUrl(policy, current);
    audit({
      event: 'net.decision',
      decision: d.allowed ? 'allow' : 'deny',
      reason: d.reason,
      detail: { host: d.host, port: d.port, hop, ...(d.address ? { address: d.address } : {}) },
    });
    if (!d.allowed || !d.url || !d.address) {
      throw new WeftError('E_NET_DENIED', `fetch ${d.host || current} denied: ${d.reason}`, {
        host: d.host,
        port: d.port,
        reason: d.reason,
      });
    }
    const res = await pinnedGet(d.url, d.address, opts);
    if (res.status >= 300 && res.status < 400 && res.location) {
      current = new URL(res.location, d.url).toString();
      continue;
    }
    return {
      url: d.url.toString(),
      status: res.status,
      contentType: res.contentType,
      body: res.body,
      truncated: res.truncated,
    };
  }
  throw new WeftError('E_NET_DENIED', `too many redirects fetching ${raw}`);
}

function pinnedGet(
  url: URL,
  address: string,
  opts: { headers?: Record<string, string>; maxBytes?: number; timeoutMs?: number; signal?: AbortSignal },
): Promise<{ status: number; contentType: string; body: string; truncated: boolean; location?: string }> {
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
  const family = isIP(address);
  const req = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const r = req(
      url,
      {
        method: 'GET',
        headers: { 'user-agent': 'clawft-agent/0.1', accept: '*/*', ...opts.headers },
        // pin the connection to the address the allowlist checked
        lookup: (_h, o, cb) => {
          if ((o as { all?: boolean }).all)
            (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
          else cb(null, address, family);
        },
        timeout: opts.timeoutMs ?? 20_000,
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (c: Buffer) => {
          if (truncated) return;
          size += c.length;
          if (size > maxBytes) {
            truncated = true;
            chunks.push(c.subarray(0, c.length - (size - maxBytes)));
            res.destroy();
            finish();
          } else chunks.push(c);
        });
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          const out = {
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
          };
          resolve(res.headers.location ? { ...out, location: res.headers.location } : out);
        };
        res.on('end', finish);
        res.on('error', (err) => (truncated ? finish() : reject(err)));
      },
    );
    r.on('timeout', () => r.destroy(new WeftError('E_TIMEOUT', `timed out fetching ${url.host}`)));
    r.on('error', (err) =>
      reject(
        err instanceof WeftError ? err : new WeftError('E_IO', `fetch ${url.host} failed: ${err.message}`),
      ),
    );
    r.end();
  });
}
