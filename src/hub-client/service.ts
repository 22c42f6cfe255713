import semver from 'semver';
import { WeftError } from '../errors.js';
import { validateSlug } from '../skills/manifest.js';
import { createHubClient, type HubClient } from './client.js';
import { type ClientFlags, resolveClientConfig, saveToken } from './config.js';
import { type ConfirmRequest, type InstallEvent, installSkill } from './install.js';
import type { Recovery } from './journal.js';
import { listInstalled, removeSkill, updateSkills } from './manage.js';
import { publishSkillDir } from './publish.js';
import { defaultScan, type ScanFn } from './scan.js';

/**
 * One function per `weft skill <registry command>`: resolve the registry and
 * token, build the client, call the pipeline, return plain data for the CLI
 * to render. The CLI lazily imports only this module.
 */

export interface ServiceFlags extends ClientFlags {
  timeout?: number | undefined;
}

export interface Interaction {
  signal?: AbortSignal;
  confirm?: (req: ConfirmRequest) => Promise<boolean>;
  onProgress?: (ev: InstallEvent) => void;
  /** An install or remove a killed process left half recorded was settled first (journal.ts). */
  onRecover?: (r: Recovery) => void;
  scan?: ScanFn;
}

export async function openClient(flags: ServiceFlags, signal?: AbortSignal): Promise<HubClient> {
  const cfg = await resolveClientConfig(flags);
  return createHubClient({
    registry: cfg.registry,
    token: cfg.token,
    signal,
    timeoutMs: flags.timeout,
    userAgent: 'weft-cli',
  });
}

/** `slug`, `slug@1.2.3` or `slug@tag`. */
export function parseSkillRef(spec: string): { slug: string; version?: string; tag?: string } {
  const at = spec.indexOf('@');
  if (at < 0) return { slug: validateSlug(spec) };
  const slug = validateSlug(spec.slice(0, at));
  const ref = spec.slice(at + 1);
  if (!ref) throw new WeftError('E_USAGE', `missing version or tag after @ in ${JSON.stringify(spec)}`);
  if (semver.valid(ref)) return { slug, version: ref };
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(ref)) {
    throw new WeftError('E_USAGE', `${JSON.stringify(ref)} is neither a semver version nor a tag name`);
  }
  return { slug, tag: ref };
}

export async function searchSkills(
  flags: ServiceFlags,
  query: string,
  o: { limit?: number; offset?: number; explain?: boolean },
) {
  const client = await openClient(flags);
  const r = await client.search(query, o);
  return { registry: client.registry, query, ...r };
}

export async function skillInfo(
  flags: ServiceFlags,
  spec: string,
  o: { versions?: boolean; files?: boolean },
) {
  const ref = parseSkillRef(spec);
  const client = await openClient(flags);
  const skill = await client.skill(ref.slug);
  const versions = o.versions ? await client.versions(ref.slug) : undefined;
  const version = ref.version ?? (ref.tag ? skill.tags[ref.tag] : undefined) ?? skill.latestVersion;
  const detail = o.files && version ? await client.version(ref.slug, version) : undefined;
  return { registry: client.registry, skill, versions, version: detail };
}

export interface InstallFlags extends ServiceFlags {
  workdir?: string;
  dir?: string;
  force?: boolean;
  allowUnsigned?: boolean;
}

/** What installs and updates get from the CLI: the registry client, the scanner and the user's answers. */
function installDeps(client: Awaited<ReturnType<typeof openClient>>, ui: Interaction) {
  return {
    client,
    scan: ui.scan ?? defaultScan,
    confirm: ui.confirm,
    signal: ui.signal,
    onProgress: ui.onProgress,
    onRecover: ui.onRecover,
  };
}

export async function installFromRegistry(flags: InstallFlags, spec: string, ui: Interaction = {}) {
  const ref = parseSkillRef(spec);
  const client = await openClient(flags, ui.signal);
  return installSkill(
    {
      ...ref,
      workdir: flags.workdir ?? process.cwd(),
      dir: flags.dir,
      force: flags.force,
      allowUnsigned: flags.allowUnsigned,
    },
    installDeps(client, ui),
  );
}

export async function updateInstalled(flags: InstallFlags, slugs: string[], ui: Interaction = {}) {
  const client = await openClient(flags, ui.signal);
  return updateSkills(
    {
      workdir: flags.workdir ?? process.cwd(),
      slugs,
      force: flags.force,
      allowUnsigned: flags.allowUnsigned,
    },
    installDeps(client, ui),
  );
}

export async function listSkills(
  flags: ServiceFlags & { workdir?: string; offline?: boolean },
  ui: Pick<Interaction, 'onRecover'> = {},
) {
  const client = flags.offline ? undefined : await openClient({ ...flags, timeout: flags.timeout ?? 5000 });
  return listInstalled({ workdir: flags.workdir ?? process.cwd(), onRecover: ui.onRecover }, client);
}

export async function removeInstalled(
  flags: { workdir?: string; force?: boolean },
  slug: string,
  ui: Pick<Interaction, 'onRecover'> = {},
) {
  return removeSkill({
    workdir: flags.workdir ?? process.cwd(),
    slug,
    force: flags.force,
    onRecover: ui.onRecover,
  });
}

export async function publishSkill(
  flags: ServiceFlags & {
    version?: string;
    tag?: string[];
    changelog?: string;
    dryRun?: boolean;
    key?: string;
    force?: boolean;
  },
  dir: string,
  ui: Interaction = {},
) {
  const client = await openClient(flags, ui.signal);
  return publishSkillDir(
    {
      dir,
      version: flags.version,
      tags: flags.tag,
      changelog: flags.changelog,
      dryRun: flags.dryRun,
      key: flags.key,
      force: flags.force,
    },
    { client, scan: ui.scan ?? defaultScan },
  );
}

export async function starSkill(flags: ServiceFlags, slug: string, on: boolean) {
  const client = await openClient(flags);
  const s = validateSlug(slug);
  const r = on ? await client.star(s) : await client.unstar(s);
  return { slug: s, starred: r.starred ?? on, stars: r.stars ?? null };
}

export async function commentOn(flags: ServiceFlags, slug: string, body: string) {
  const text = body.trim();
  if (!text) throw new WeftError('E_USAGE', 'comment text is empty');
  const client = await openClient(flags);
  return { slug: validateSlug(slug), comment: await client.postComment(validateSlug(slug), text) };
}

export async function listComments(
  flags: ServiceFlags,
  slug: string,
  o: { limit?: number; offset?: number },
) {
  const client = await openClient(flags);
  return { slug, ...(await client.comments(validateSlug(slug), o)) };
}

export async function deleteComment(flags: ServiceFlags, slug: string, id: string) {
  const client = await openClient(flags);
  await client.deleteComment(validateSlug(slug), id);
  return { slug, id, deleted: true };
}

/** `weft login --token`: check the token against the registry (unless told not to), then store it 0600. */
export async function login(
  flags: ServiceFlags & { verify?: boolean; makeDefault?: boolean },
  token: string,
) {
  const cfg = await resolveClientConfig({ registry: flags.registry });
  let handle: string | null = null;
  if (flags.verify !== false) {
    const client = createHubClient({ registry: cfg.registry, token, timeoutMs: flags.timeout ?? 10_000 });
    handle = (await client.whoami()).handle ?? null;
  }
  const saved = await saveToken(cfg.registry, token, {
    makeDefault: flags.makeDefault ?? Boolean(flags.registry),
  });
  return { registry: saved.registry, path: saved.path, user: handle, verified: flags.verify !== false };
}

export async function whoami(flags: ServiceFlags) {
  const client = await openClient(flags);
  return { registry: client.registry, ...(await client.whoami()) };
}
