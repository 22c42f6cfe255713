import { isLoopbackBind } from '../../../config/services.js';
import type { AuditCheck } from '../check.js';

/** Gateway and hub exposure: bind address versus auth and TLS, unsigned publishing, rate limits. */
export const serviceChecks: AuditCheck[] = [
  {
    id: 'gateway.config_invalid',
    severity: 'high',
    title: 'gateway.toml does not parse',
    fix: 'Fix the file at the line named.',
    fixable: false,
    run: (s) => (s.gateway.error ? [{ detail: s.gateway.error, path: s.gateway.path }] : []),
  },
  {
    id: 'gateway.bind_network_no_auth',
    severity: 'critical',
    title: 'Gateway listens on the network without authentication',
    fix: 'Set auth_token_env in gateway.toml (and the variable), or bind to 127.0.0.1 behind a reverse proxy.',
    fixable: false,
    run: (s) => {
      const g = s.gateway.config?.gateway;
      return g && !isLoopbackBind(g.host) && !g.auth_token_env
        ? [{ detail: `host = "${g.host}" with no auth_token_env`, path: s.gateway.path }]
        : [];
    },
  },
  {
    id: 'gateway.bind_network_no_tls',
    severity: 'medium',
    title: 'Gateway listens on the network without TLS',
    fix: 'Terminate TLS in front of it (reverse proxy) and set tls = true to record that, or bind to loopback.',
    fixable: false,
    run: (s) => {
      const g = s.gateway.config?.gateway;
      return g && !isLoopbackBind(g.host) && !g.tls
        ? [{ detail: `host = "${g.host}", tls = false`, path: s.gateway.path }]
        : [];
    },
  },
  {
    id: 'hub.config_invalid',
    severity: 'high',
    title: 'hub.toml does not parse',
    fix: 'Fix the file at the line named.',
    fixable: false,
    run: (s) => (s.hub.error ? [{ detail: s.hub.error, path: s.hub.path }] : []),
  },
  {
    id: 'hub.allow_unsigned_enabled',
    severity: 'high',
    title: 'Registry accepts unsigned publishes',
    fix: 'Set allow_unsigned = false; it exists for local development only.',
    fixable: true,
    run: (s) =>
      s.hub.config?.hub.allow_unsigned ? [{ detail: 'allow_unsigned = true', path: s.hub.path }] : [],
  },
  {
    id: 'hub.block_override_allowed',
    severity: 'medium',
    title: 'Registry lets publishers override a block verdict',
    fix: 'Set allow_block_override = false so skills the scanner blocks stay quarantined.',
    fixable: true,
    run: (s) =>
      s.hub.config?.hub.allow_block_override
        ? [{ detail: 'allow_block_override = true', path: s.hub.path }]
        : [],
  },
  {
    id: 'hub.rate_limits_disabled',
    severity: 'medium',
    title: 'Registry rate limits are off',
    fix: 'Set rate_limits = true; without them one client can exhaust the hub.',
    fixable: true,
    run: (s) => {
      const h = s.hub.config?.hub;
      return h && !h.rate_limits ? [{ detail: 'rate_limits = false', path: s.hub.path }] : [];
    },
  },
  {
    id: 'hub.bind_network_no_tls',
    severity: 'medium',
    title: 'Registry listens on the network without TLS',
    fix: 'Terminate TLS in front of it and set tls = true, or bind to loopback: tokens travel in headers.',
    fixable: false,
    run: (s) => {
      const h = s.hub.config?.hub;
      return h && !isLoopbackBind(h.host) && !h.tls
        ? [{ detail: `host = "${h.host}", tls = false`, path: s.hub.path }]
        : [];
    },
  },
];
