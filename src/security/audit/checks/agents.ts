import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AuditCheck, Hit } from '../check.js';
import type { AgentFacts, Snapshot } from '../snapshot.js';

/** Agent configs and the sandbox policies they ask for (least privilege, cross-agent access). */

function expand(p: string, base: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  return resolve(base, p);
}

/** true when `outer` is `inner` or one of its ancestors */
export function covers(outer: string, inner: string): boolean {
  const o = outer.endsWith('/') ? outer : `${outer}/`;
  return inner === outer || inner.startsWith(o);
}

function rules(a: AgentFacts) {
  return (a.config?.sandbox.filesystem.rules ?? []).map((r) => ({ ...r, abs: expand(r.path, a.workspace) }));
}

function perAgent(s: Snapshot, f: (a: AgentFacts) => Omit<Hit, 'agentId'>[]): Hit[] {
  return s.agents.flatMap((a) => f(a).map((h) => ({ ...h, agentId: a.id })));
}

const SECRET_LITERAL =
  /(?:^|\n)\s*"?([A-Za-z0-9_-]*(?:api[_-]?key|token|secret|password|passwd)[A-Za-z0-9_-]*)"?\s*=\s*"([^"\n]{8,})"/gi;
const SECRET_SHAPES =
  /\b(?:sk-[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|xox[abpr]-[A-Za-z0-9-]{10,})\b/;

const SENSITIVE = ['.ssh', '.aws', '.gnupg', '.config/gcloud', '.kube', '.docker', '.netrc', '.clawft'];
const PRIVATE_V4 =
  /^(?:10\.|127\.|169\.254\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|0\.|100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/;

export const agentChecks: AuditCheck[] = [
  {
    id: 'config.parse_error',
    severity: 'high',
    title: 'Agent config does not parse',
    fix: 'Fix the file at the line named; until then the agent cannot start and its policy is unknown.',
    fixable: false,
    run: (s) => perAgent(s, (a) => (a.configError ? [{ detail: a.configError, path: a.configPath }] : [])),
  },
  {
    id: 'config.plaintext_secret',
    severity: 'high',
    title: 'Secret stored in plain text in an agent config',
    fix: 'Move the secret to an environment variable and reference it (e.g. [model] api_key_env = "OPENAI_API_KEY").',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) => {
        const text = a.configText ?? '';
        const hits: Omit<Hit, 'agentId'>[] = [];
        for (const m of text.matchAll(SECRET_LITERAL)) {
          if (/_env$/i.test(m[1]!)) continue; // names an env var, holds no secret
          hits.push({ detail: `key "${m[1]}" holds a literal value`, path: a.configPath });
        }
        if (hits.length === 0 && SECRET_SHAPES.test(text)) {
          hits.push({ detail: 'a token-shaped literal appears in the file', path: a.configPath });
        }
        return hits;
      }),
  },
  {
    id: 'sandbox.agent.disabled',
    severity: 'high',
    title: 'Agent runs with the sandbox turned off',
    fix: 'Set sandbox_type = "os" (or "combined") and remove privileged = true unless this agent truly needs the host.',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) =>
        a.config?.sandbox.sandbox_type === 'none'
          ? [{ detail: 'sandbox_type = "none" (privileged)', path: a.configPath }]
          : [],
      ),
  },
  {
    id: 'sandbox.agent.privileged_unused',
    severity: 'medium',
    title: 'privileged = true without a need for it',
    fix: 'Remove privileged = true: it only matters for sandbox_type = "none" and invites someone to flip that.',
    fixable: true,
    run: (s) =>
      perAgent(s, (a) =>
        a.config?.sandbox.privileged && a.config.sandbox.sandbox_type !== 'none'
          ? [{ detail: 'privileged = true but the sandbox is on', path: a.configPath }]
          : [],
      ),
  },
  {
    id: 'sandbox.agent.network_wildcard',
    severity: 'high',
    title: 'Network rule allows any host',
    fix: 'Name the hosts the agent needs; a wildcard lets a hijacked agent send data anywhere.',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) =>
        (a.config?.sandbox.network.rules ?? [])
          .filter((r) => r.host === '*' || /^\*\.[^.]+$/.test(r.host) || r.host === '0.0.0.0')
          .map((r) => ({ detail: `network rule host = "${r.host}"`, path: a.configPath })),
      ),
  },
  {
    id: 'sandbox.agent.network_private_target',
    severity: 'high',
    title: 'Network rule reaches a private, loopback or metadata address',
    fix: 'Remove it unless the agent must reach that service; 169.254.169.254 exposes cloud credentials.',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) =>
        (a.config?.sandbox.network.rules ?? [])
          .filter(
            (r) =>
              r.host === 'localhost' ||
              (isIP(r.host) === 4 && PRIVATE_V4.test(r.host)) ||
              r.host === '::1' ||
              r.host.startsWith('fd') ||
              r.host.startsWith('fe80'),
          )
          .map((r) => ({ detail: `network rule host = "${r.host}"`, path: a.configPath })),
      ),
  },
  {
    id: 'sandbox.agent.network_plaintext',
    severity: 'low',
    title: 'Network rule allows plain-text connections',
    fix: 'Set require_tls = true unless the service has no TLS.',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) =>
        (a.config?.sandbox.network.rules ?? [])
          .filter((r) => !r.require_tls)
          .map((r) => ({ detail: `${r.host}:${r.ports.join(',')} without require_tls`, path: a.configPath })),
      ),
  },
  {
    id: 'sandbox.agent.fs_root_writable',
    severity: 'critical',
    title: 'Agent can write to the whole system or home directory',
    fix: 'Limit writable rules to the project folders the agent works on.',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) =>
        rules(a)
          .filter(
            (r) =>
              r.writable &&
              ['/', '/home', '/root', '/etc', '/usr', '/var', homedir()].includes(
                r.abs.replace(/\/+$/, '') || '/',
              ),
          )
          .map((r) => ({ detail: `writable rule path = "${r.path}"`, path: a.configPath })),
      ),
  },
  {
    id: 'sandbox.agent.fs_sensitive',
    severity: 'high',
    title: 'Filesystem rule covers credentials',
    fix: 'Narrow the rule: it includes ~/.ssh, ~/.aws, ~/.clawft or similar. The mandatory deny list still blocks the worst, but the intent is wrong.',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) =>
        rules(a).flatMap((r) => {
          const hit = SENSITIVE.map((d) => join(homedir(), d)).find(
            (d) => covers(r.abs, d) || covers(d, r.abs),
          );
          return hit ? [{ detail: `rule "${r.path}" covers ${hit}`, path: a.configPath }] : [];
        }),
      ),
  },
  {
    id: 'sandbox.agent.cross_agent_access',
    severity: 'high',
    title: "Agent can reach another agent's workspace or config",
    fix: 'Remove the rule; agents share data only through an explicit, separate folder.',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) =>
        rules(a).flatMap((r) =>
          s.agents
            .filter((o) => o.id !== a.id && (covers(r.abs, o.dir) || covers(o.dir, r.abs)))
            .map((o) => ({
              detail: `rule "${r.path}" reaches agent ${o.id} (${o.dir})`,
              path: a.configPath,
            })),
        ),
      ),
  },
  {
    id: 'sandbox.agent.overlapping_writable_roots',
    severity: 'medium',
    title: 'Two agents can write to the same folder',
    fix: 'Give each agent its own writable roots; shared writable folders let one agent plant instructions for another.',
    fixable: false,
    run: (s) => {
      const hits: Hit[] = [];
      const writable = s.agents.map((a) => ({ a, paths: rules(a).filter((r) => r.writable) }));
      for (let i = 0; i < writable.length; i++) {
        for (let j = i + 1; j < writable.length; j++) {
          for (const p of writable[i]!.paths) {
            for (const q of writable[j]!.paths) {
              if (covers(p.abs, q.abs) || covers(q.abs, p.abs)) {
                hits.push({
                  detail: `${writable[i]!.a.id}:${p.path} overlaps ${writable[j]!.a.id}:${q.path}`,
                  agentId: writable[i]!.a.id,
                });
              }
            }
          }
        }
      }
      return hits;
    },
  },
  {
    id: 'sandbox.agent.env_wildcard',
    severity: 'high',
    title: 'Agent receives the whole host environment',
    fix: 'List the variables the agent needs; "*" passes every secret in your shell to every tool.',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) =>
        (a.config?.sandbox.environment.rules ?? [])
          .filter((r) => r.pattern === '*')
          .map(() => ({ detail: 'environment rule pattern = "*"', path: a.configPath })),
      ),
  },
  {
    id: 'sandbox.agent.shell_with_egress',
    severity: 'medium',
    title: 'Agent has both a shell and network egress',
    fix: 'Deny Bash, or drop the network rules, unless this agent needs both; the pair is what exfiltration needs.',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) => {
        const sb = a.config?.sandbox;
        if (!sb || sb.network.rules.length === 0 || sb.tools.denied.includes('Bash')) return [];
        if (sb.tools.allowed && !sb.tools.allowed.includes('Bash')) return [];
        return [
          {
            detail: `Bash allowed with egress to ${sb.network.rules.map((r) => r.host).join(', ')}`,
            path: a.configPath,
          },
        ];
      }),
  },
  {
    id: 'sandbox.agent.limits_excessive',
    severity: 'low',
    title: 'Resource limits far above the defaults',
    fix: 'Lower the limits unless the workload needs them (defaults: 60 s wall, 1 GiB memory, 128 processes).',
    fixable: false,
    run: (s) =>
      perAgent(s, (a) => {
        const l = a.config?.sandbox.limits;
        if (!l) return [];
        const big: string[] = [];
        if ((l.memory_mb ?? 0) > 8192) big.push(`memory_mb = ${l.memory_mb}`);
        if ((l.wall_seconds ?? 0) > 3600) big.push(`wall_seconds = ${l.wall_seconds}`);
        if ((l.pids ?? 0) > 4096) big.push(`pids = ${l.pids}`);
        return big.length ? [{ detail: big.join(', '), path: a.configPath }] : [];
      }),
  },
];
