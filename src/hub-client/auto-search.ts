import type { HubClient } from './client.js';
import { type InstallDeps, type InstallResult, installSkill } from './install.js';
import type { SearchResult, Verdict } from './schemas.js';

/**
 * Agent auto-search: the agent needs a skill that is not installed. Search
 * the registry, show the top match, and install only after the user says so.
 * A `warn` verdict, a missing signature or a slug one edit away from a more
 * popular skill (a likely typosquat) each need a second, explicit yes; a
 * `block` verdict is never offered. The function never prints: it hands
 * prompts to the injected `confirm` and returns what happened.
 */

export interface Candidate {
  slug: string;
  name: string;
  version: string | null;
  description: string;
  publisher: string | null;
  stars: number;
  installs: number;
  verdict: Verdict | null;
  /** true: signed (the install verifies it); false: unsigned; null: the registry did not say. */
  signed: boolean | null;
  keyId: string | null;
  /** A more popular skill whose slug is within edit distance 1 of this one. */
  typosquatOf: { slug: string; stars: number; installs: number } | null;
}

export type AutoSearchPrompt =
  | { kind: 'install'; candidate: Candidate; query: string }
  | { kind: 'confirm-risk'; candidate: Candidate; reasons: string[] };

export interface AutoSearchDeps {
  client: HubClient;
  confirm: (prompt: AutoSearchPrompt) => Promise<boolean>;
  install: (req: { slug: string; version: string; allowUnsigned: boolean }) => Promise<InstallResult>;
}

export type AutoSearchOutcome =
  | { status: 'not-found'; query: string }
  | { status: 'refused'; query: string; candidate: Candidate; reason: string }
  | { status: 'declined'; query: string; candidate: Candidate; at: 'install' | 'confirm-risk' }
  | { status: 'installed'; query: string; candidate: Candidate; result: InstallResult };

/** Optimal-string-alignment distance: insert, delete, substitute, or swap two neighbours, each 1. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

const popularity = (r: SearchResult) => (r.installs ?? r.downloads) + 10 * r.stars;

/** The most popular other skill within edit distance 1 that is more popular than `top`, if any. */
export function findTyposquatTarget(top: SearchResult, others: SearchResult[]): SearchResult | undefined {
  let best: SearchResult | undefined;
  for (const o of others) {
    if (o.slug === top.slug || editDistance(o.slug, top.slug) > 1) continue;
    if (popularity(o) <= popularity(top)) continue;
    if (!best || popularity(o) > popularity(best)) best = o;
  }
  return best;
}

export async function describeCandidate(
  client: HubClient,
  top: SearchResult,
  pool: SearchResult[],
): Promise<Candidate> {
  // The search hit may not carry signature status; the version record does.
  let signed: boolean | null = top.signed ?? null;
  let keyId: string | null = null;
  let verdict: Verdict | null = top.verdict ?? null;
  if (top.version) {
    const v = await client.version(top.slug, top.version);
    signed = Boolean(v.signature);
    keyId = v.keyId ?? (typeof v.signature === 'object' ? (v.signature?.keyId ?? null) : null);
    verdict = v.scan?.verdict ?? v.verdict ?? verdict;
  }
  const squat = findTyposquatTarget(top, pool);
  return {
    slug: top.slug,
    name: top.name ?? top.slug,
    version: top.version ?? null,
    description: top.description ?? '',
    publisher: top.publisher ?? null,
    stars: top.stars,
    installs: top.installs ?? top.downloads,
    verdict,
    signed,
    keyId,
    typosquatOf: squat
      ? { slug: squat.slug, stars: squat.stars, installs: squat.installs ?? squat.downloads }
      : null,
  };
}

export async function autoSearchAndInstall(query: string, deps: AutoSearchDeps): Promise<AutoSearchOutcome> {
  const { results } = await deps.client.search(query, { limit: 10 });
  const top = results[0];
  if (!top) return { status: 'not-found', query };
  // Neighbours of the top slug may not match the query's words; look them up by slug too.
  const near = await deps.client.search(top.slug, { limit: 10 }).then(
    (r) => r.results,
    () => [] as SearchResult[],
  );
  const candidate = await describeCandidate(deps.client, top, [...results, ...near]);
  if (!candidate.version) {
    return { status: 'refused', query, candidate, reason: `${candidate.slug} has no installable version` };
  }
  if (candidate.verdict === 'block') {
    return {
      status: 'refused',
      query,
      candidate,
      reason: `${candidate.slug} is blocked by the security scan`,
    };
  }
  if (!(await deps.confirm({ kind: 'install', candidate, query }))) {
    return { status: 'declined', query, candidate, at: 'install' };
  }
  const reasons: string[] = [];
  if (candidate.verdict === 'warn') reasons.push('the security scan raised warnings');
  if (candidate.signed === false) reasons.push('it is not signed, so its origin cannot be verified');
  if (candidate.signed === null) reasons.push('the registry did not say whether it is signed');
  if (candidate.typosquatOf) {
    reasons.push(
      `its name is one letter away from the more popular ${candidate.typosquatOf.slug} (possible typosquat)`,
    );
  }
  if (reasons.length > 0 && !(await deps.confirm({ kind: 'confirm-risk', candidate, reasons }))) {
    return { status: 'declined', query, candidate, at: 'confirm-risk' };
  }
  const result = await deps.install({
    slug: candidate.slug,
    version: candidate.version,
    allowUnsigned: candidate.signed !== true,
  });
  return { status: 'installed', query, candidate, result };
}

/** The usual installer for auto-search: the verified pipeline into `<workdir>/<dir>/<slug>`. */
export function pipelineInstaller(
  opts: { workdir: string; dir?: string },
  deps: Omit<InstallDeps, 'confirm'> & Partial<Pick<InstallDeps, 'confirm'>>,
): AutoSearchDeps['install'] {
  return (req) =>
    installSkill(
      {
        slug: req.slug,
        version: req.version,
        workdir: opts.workdir,
        dir: opts.dir,
        allowUnsigned: req.allowUnsigned,
      },
      deps,
    );
}
