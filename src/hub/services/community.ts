import { WeftError } from '../../errors.js';
import type { HubContext } from '../context.js';
import {
  addStar,
  deleteComment,
  findComment,
  insertComment,
  insertInstall,
  insertReport,
  listComments,
  removeStar,
} from '../store/community.js';
import { findVersion } from '../store/versions.js';
import { isModerator, type Principal, requireScope } from './auth.js';
import { requireSkill } from './catalog.js';

/** Stars, comments, reports and install events. */

export async function star(ctx: HubContext, p: Principal | undefined, slug: string, on: boolean) {
  const who = requireScope(p, 'read');
  return ctx.db.tx(async (q) => {
    const s = await requireSkill(q, slug);
    const changed = on ? await addStar(q, s.id, who.user.id) : await removeStar(q, s.id, who.user.id);
    return { slug, starred: on, changed };
  });
}

export async function postComment(ctx: HubContext, p: Principal | undefined, slug: string, body: string) {
  const who = requireScope(p, 'read');
  const s = await requireSkill(ctx.db, slug);
  const id = await insertComment(ctx.db, s.id, who.user.id, body);
  return { id, slug, author: who.user.handle, body };
}

export async function getComments(ctx: HubContext, slug: string, page: { limit: number; offset: number }) {
  const s = await requireSkill(ctx.db, slug);
  return listComments(ctx.db, s.id, page);
}

export async function removeComment(ctx: HubContext, p: Principal | undefined, slug: string, id: number) {
  const who = requireScope(p, 'read');
  const s = await requireSkill(ctx.db, slug);
  const c = await findComment(ctx.db, s.id, id);
  if (!c) throw new WeftError('E_NOT_FOUND', `no comment ${id} on ${slug}`);
  if (c.user_id !== who.user.id && !isModerator(who)) {
    throw new WeftError('E_FORBIDDEN', 'only the author or a moderator can delete a comment');
  }
  await deleteComment(ctx.db, id);
  return { id, deleted: true };
}

export async function report(
  ctx: HubContext,
  p: Principal | undefined,
  slug: string,
  r: { reason: string; version?: string | undefined },
) {
  const who = requireScope(p, 'read');
  const s = await requireSkill(ctx.db, slug);
  const id = await insertReport(ctx.db, {
    skillId: s.id,
    userId: who.user.id,
    version: r.version ?? null,
    reason: r.reason,
  });
  ctx.log.warn({ slug, version: r.version, reportId: id, by: who.user.handle }, 'skill reported');
  return { id, slug, status: 'open' };
}

/** Install events are anonymous: clients report them after a verified install. */
export async function recordInstall(ctx: HubContext, slug: string, version: string) {
  const s = await requireSkill(ctx.db, slug);
  const v = await findVersion(ctx.db, s.id, version);
  if (!v) throw new WeftError('E_NOT_FOUND', `no version ${slug}@${version}`);
  await insertInstall(ctx.db, s.id, version);
  return { slug, version, recorded: true };
}
