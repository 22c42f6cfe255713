import type { AuditCheck, Hit } from '../check.js';
import type { HubStoreFacts, HubTokenFact } from '../hub-store.js';
import type { Severity } from '../types.js';

/**
 * The hub's own data, read from its store (hub-store.ts): API tokens that
 * never expire or have gone stale, versions published without a signature,
 * and tags that point at quarantined versions. Evidence names a token by id,
 * owner, scope and label, never by its secret or hash.
 */

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const privileged = (t: HubTokenFact) => t.scopes.includes('admin') || t.scopes.includes('publish');
const live = (h: HubStoreFacts, t: HubTokenFact) => t.expiresMs === null || t.expiresMs > h.nowMs;

export function describeToken(t: HubTokenFact): string {
  return `token ${t.id} (user ${t.user}, scope ${t.scopes.join(',')}${t.label ? `, label ${JSON.stringify(t.label)}` : ''})`;
}

/** The exact commands to replace a token with an expiring one, then revoke it. Never run for you. */
export function rotateCommands(h: HubStoreFacts, t: HubTokenFact): string[] {
  const scope = t.scopes.includes('admin') ? 'admin' : t.scopes.includes('publish') ? 'publish' : 'read';
  const label = t.label ? ` --label '${t.label.replace(/'/g, `'\\''`)}'` : '';
  return [
    `weft hub token create --user ${t.user} --scope ${scope} --expires ${h.maxAgeDays}${label} ${h.storeFlag}`,
    `weft hub token revoke ${t.id} ${h.storeFlag}`,
  ];
}

const rotateFix = (h: HubStoreFacts, t: HubTokenFact, lead: string) =>
  `${lead} If it is still needed, create an expiring replacement, hand it over, then revoke this one: ${rotateCommands(h, t).join(' && ')}`;

/** Tokens `hub.token_stale` reports, with why; shared with `weft security harden`. */
export function staleTokens(h: HubStoreFacts): { token: HubTokenFact; why: string }[] {
  const out: { token: HubTokenFact; why: string }[] = [];
  const limit = h.maxAgeDays * DAY;
  for (const t of h.tokens) {
    if (!live(h, t) || !privileged(t)) continue;
    const why: string[] = [];
    if (h.nowMs - t.createdMs > limit) why.push(`created ${day(t.createdMs)}, over ${h.maxAgeDays} days ago`);
    const used = t.lastUsedMs ?? t.createdMs;
    if (h.nowMs - used > limit)
      why.push(t.lastUsedMs === null ? 'never used' : `last used ${day(t.lastUsedMs)}`);
    if (why.length) out.push({ token: t, why: why.join('; ') });
  }
  return out;
}

/** Tokens `hub.token_no_expiry` reports; shared with `weft security harden`. */
export function tokensWithoutExpiry(h: HubStoreFacts): HubTokenFact[] {
  return h.tokens.filter((t) => t.expiresMs === null);
}

const store = (run: (h: HubStoreFacts) => Hit[]) => (s: { hubStore?: HubStoreFacts }) =>
  s.hubStore && !s.hubStore.skipped ? run(s.hubStore) : [];

export const hubStoreChecks: AuditCheck[] = [
  {
    id: 'hub.store_skipped',
    severity: 'info',
    title: 'Hub store not checked',
    fix: 'Re-run the audit when the store is reachable (for an embedded store: with the hub stopped).',
    fixable: false,
    run: (s) => (s.hubStore?.skipped ? [{ detail: s.hubStore.skipped }] : []),
  },
  {
    id: 'hub.token_no_expiry',
    severity: 'medium',
    title: 'Hub API token never expires',
    fix: 'Replace it with a token created with --expires, then revoke it.',
    fixable: false,
    run: store((h) =>
      tokensWithoutExpiry(h).map((t) => {
        const sev: Severity = t.scopes.includes('admin')
          ? 'high'
          : t.scopes.includes('publish')
            ? 'medium'
            : 'low';
        return {
          detail: `${describeToken(t)} has no expiry; created ${day(t.createdMs)}, ${t.lastUsedMs === null ? 'never used' : `last used ${day(t.lastUsedMs)}`} (store ${h.where})`,
          severity: sev,
          fix: rotateFix(h, t, 'A leaked token without expiry works until someone notices.'),
        };
      }),
    ),
  },
  {
    id: 'hub.token_stale',
    severity: 'medium',
    title: 'Hub token with publish or admin scope is old or unused',
    fix: 'Revoke tokens nobody uses; rotate long-lived ones.',
    fixable: false,
    run: store((h) =>
      staleTokens(h).map(({ token, why }) => ({
        detail: `${describeToken(token)}: ${why} (limit ${h.maxAgeDays} days, store ${h.where})`,
        severity: token.scopes.includes('admin') ? 'high' : 'medium',
        fix: rotateFix(h, token, 'An unused or long-lived publishing token is attack surface.'),
      })),
    ),
  },
  {
    id: 'hub.unsigned_versions',
    severity: 'medium',
    title: 'Registry serves versions without a signature',
    fix: 'Publish a signed version, yank the unsigned ones, and keep allow_unsigned off: clients refuse unsigned installs by default.',
    fixable: false,
    run: store((h) => {
      const bySlug = new Map<string, string[]>();
      for (const v of h.unsignedVersions) bySlug.set(v.slug, [...(bySlug.get(v.slug) ?? []), v.version]);
      return [...bySlug].map(([slug, versions]) => ({
        detail: `${slug}: ${versions.slice(0, 10).join(', ')}${versions.length > 10 ? ` and ${versions.length - 10} more` : ''} unsigned (store ${h.where})`,
      }));
    }),
  },
  {
    id: 'hub.quarantined_latest',
    severity: 'high',
    title: 'A tag points at a quarantined version',
    fix: 'Move the tag to an active version (or yank the skill): clients resolving the tag get a version the scanner blocked.',
    fixable: false,
    run: store((h) =>
      h.quarantinedTags.map((t) => ({
        detail: `${t.slug}: tag ${t.tag} -> ${t.version}, which is quarantined (store ${h.where})`,
      })),
    ),
  },
];
