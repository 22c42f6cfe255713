import { lookup } from 'node:dns/promises';
import { chmodSync, rmSync } from 'node:fs';
import http from 'node:http';
import { connect, isIP, type Socket } from 'node:net';
import { hostMatches, normalizeHost } from '../policy/hosts.js';
import type { NetGrant } from '../policy/types.js';
import { isBlockedAddress } from './address.js';
import { clientHelloSni } from './sni.js';

export interface NetDecision {
  decision: 'allow' | 'deny';
  reason: string;
  method: string;
  host: string;
  port: number;
  address?: string | undefined;
}

export interface ProxyOptions {
  socketPath: string;
  rules: NetGrant[];
  onDecision?: (d: NetDecision) => void;
  /** DNS resolver (tests inject one) */
  resolve?: (host: string) => Promise<string[]>;
  connectTimeoutMs?: number;
}

export interface RunningProxy {
  socketPath: string;
  close(): Promise<void>;
}

interface Target {
  host: string;
  port: number;
}

/** Parse `host:port` (CONNECT authority) strictly: no userinfo, no path, port required. */
export function parseAuthority(authority: string): Target | null {
  if (/[@/\\?#\s]/.test(authority)) return null;
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(authority);
  if (!m) return null;
  const port = Number(m[2]);
  const host = normalizeHost(m[1]!);
  if (!host || host.startsWith('*') || port < 1 || port > 65535) return null;
  return { host, port };
}

async function defaultResolve(host: string): Promise<string[]> {
  const r = await lookup(host, { all: true, verbatim: true });
  return r.map((a) => a.address);
}

/**
 * The policy decision for one destination, before any byte leaves: a rule
 * must match host and port; IP literals only when a rule names that IP; the
 * name is resolved here (not in the sandbox) and every address is checked
 * against private/loopback/link-local/metadata ranges unless the rule names
 * the IP. Returns the address to connect to (pinned, no second lookup).
 */
export async function decide(
  rules: NetGrant[],
  t: Target,
  plainHttp: boolean,
  resolve: (h: string) => Promise<string[]>,
): Promise<{ ok: true; address: string; rule: NetGrant } | { ok: false; reason: string }> {
  const literal = isIP(t.host) !== 0;
  const rule = rules.find((r) => hostMatches(r.host, t.host) && r.ports.includes(t.port));
  if (!rule) {
    const hostOnly = rules.some((r) => hostMatches(r.host, t.host));
    if (hostOnly) return { ok: false, reason: `port ${t.port} not allowed for ${t.host}` };
    return { ok: false, reason: literal ? 'IP literal not named by any rule' : `host ${t.host} not allowed` };
  }
  if (plainHttp && rule.requireTls)
    return { ok: false, reason: `require_tls: plain HTTP to ${t.host} refused` };
  const explicitIp = isIP(rule.host) !== 0;
  let addrs: string[];
  if (literal) addrs = [t.host];
  else {
    try {
      addrs = await resolve(t.host);
    } catch (err) {
      return { ok: false, reason: `DNS lookup failed: ${(err as NodeJS.ErrnoException).code ?? 'error'}` };
    }
  }
  if (addrs.length === 0) return { ok: false, reason: 'DNS returned no address' };
  const bad = addrs.find((a) => isBlockedAddress(a));
  if (bad && !explicitIp)
    return { ok: false, reason: `${t.host} resolves to a private/loopback/metadata address (${bad})` };
  return { ok: true, address: addrs[0]!, rule };
}

/**
 * Per-run HTTP proxy on a unix socket (bound into the sandbox; a bridge in the
 * sandbox exposes it as 127.0.0.1:3128). CONNECT tunnels and absolute-form
 * plain HTTP requests; every decision goes to onDecision (the audit log).
 */
export async function startProxy(opts: ProxyOptions): Promise<RunningProxy> {
  const resolve = opts.resolve ?? defaultResolve;
  const emit = (d: NetDecision) => opts.onDecision?.(d);
  const sockets = new Set<Socket>();

  const server = http.createServer(async (req, res) => {
    const deny = (code: number, reason: string, host = '', port = 0) => {
      emit({ decision: 'deny', reason, method: req.method ?? '', host, port });
      res
        .writeHead(code, { 'content-type': 'text/plain', connection: 'close' })
        .end(`weft proxy: ${reason}\n`);
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      return deny(400, 'only absolute-form proxy requests are accepted');
    }
    if (url.protocol !== 'http:') return deny(400, `unsupported scheme ${url.protocol}`);
    if (url.username || url.password || /@/.test((req.url ?? '').split('/')[2] ?? '')) {
      return deny(400, 'userinfo in proxy URL refused');
    }
    const host = normalizeHost(url.hostname);
    const port = url.port ? Number(url.port) : 80;
    if (!host) return deny(400, 'bad host');
    const hostHeader = req.headers.host ? normalizeHost(req.headers.host.replace(/:\d+$/, '')) : host;
    if (hostHeader !== host)
      return deny(400, `Host header ${req.headers.host} does not match ${host}`, host, port);
    const d = await decide(opts.rules, { host, port }, true, resolve);
    if (!d.ok) return deny(403, d.reason, host, port);
    emit({
      decision: 'allow',
      reason: `rule ${d.rule.host}`,
      method: req.method ?? 'GET',
      host,
      port,
      address: d.address,
    });
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = http.request(
      {
        host: d.address,
        port,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers,
        setHost: false,
      },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end('weft proxy: upstream error\n');
      else res.destroy();
    });
    req.pipe(up);
  });

  server.on('connect', async (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    const authority = req.url ?? '';
    const t = parseAuthority(authority);
    const deny = (reason: string, host = authority, port = 0) => {
      emit({ decision: 'deny', reason, method: 'CONNECT', host, port });
      client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\nweft proxy: ${reason}\n`);
    };
    if (!t) return deny('malformed CONNECT authority (userinfo, path or missing port)');
    if (req.headers.host) {
      const h = parseAuthority(req.headers.host) ?? {
        host: normalizeHost(req.headers.host) ?? '',
        port: t.port,
      };
      if (h.host !== t.host || h.port !== t.port)
        return deny(`Host header ${req.headers.host} does not match ${authority}`, t.host, t.port);
    }
    const d = await decide(opts.rules, t, false, resolve);
    if (!d.ok) return deny(d.reason, t.host, t.port);
    const upstream = connect({ host: d.address, port: t.port, timeout: opts.connectTimeoutMs ?? 10_000 });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('timeout', () => upstream.destroy());
    upstream.on('error', () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    upstream.on('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      const start = (first: Buffer) => {
        // require_tls: the first byte a TLS client sends is a handshake record (0x16).
        const sni = first[0] === 0x16 ? clientHelloSni(first) : null;
        if (sni && normalizeHost(sni) !== t.host) {
          emit({
            decision: 'deny',
            reason: `TLS SNI ${sni} does not match ${t.host}`,
            method: 'CONNECT',
            host: t.host,
            port: t.port,
          });
          client.destroy();
          upstream.destroy();
          return;
        }
        if (d.rule.requireTls && first.length > 0 && first[0] !== 0x16) {
          emit({
            decision: 'deny',
            reason: 'require_tls: tunnel payload is not TLS',
            method: 'CONNECT',
            host: t.host,
            port: t.port,
          });
          client.destroy();
          upstream.destroy();
          return;
        }
        emit({
          decision: 'allow',
          reason: `rule ${d.rule.host}`,
          method: 'CONNECT',
          host: t.host,
          port: t.port,
          address: d.address,
        });
        upstream.write(first);
        client.pipe(upstream);
        upstream.pipe(client);
      };
      if (head.length > 0) start(head);
      else client.once('data', (b: Buffer) => start(b));
    });
  });
  server.on('clientError', (_e, s) => s.destroy());

  rmSync(opts.socketPath, { force: true });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.socketPath, () => res());
  });
  // The sandbox uid must be able to connect; the socket lives in a 0755 per-run dir.
  chmodSync(opts.socketPath, 0o666);
  return {
    socketPath: opts.socketPath,
    close: () =>
      new Promise<void>((res) => {
        for (const s of sockets) s.destroy();
        server.close(() => res());
        server.closeAllConnections();
      }),
  };
}
