import { unpackArchive } from '../../../skills/archive.js';
import { splitFrontmatter } from '../../../skills/manifest.js';
import type { HubContext } from '../../context.js';
import type { Principal } from '../../services/auth.js';
import { getSkillDetail } from '../../services/catalog.js';
import { type ScanFinding, summarizeFindings } from '../../services/scan.js';
import { hasStarred } from '../../store/browse.js';
import { listComments } from '../../store/community.js';
import { findVersion, getBlob, listVersions, type VersionRow } from '../../store/versions.js';
import { html, type SafeHtml } from '../html.js';
import { verdictBadge } from '../layout.js';
import { renderMarkdown } from '../markdown.js';

const PREVIEW_LIMIT = 256 * 1024;

/** Files of a stored version, unpacked from its archive blob (verified like any other archive). */
export async function versionFiles(ctx: HubContext, v: VersionRow) {
  const blob = await getBlob(ctx.db, v.archive_sha256);
  return blob ? unpackArchive(blob).files : [];
}

function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096));
    return true;
  } catch {
    return false;
  }
}

export async function skillPage(
  ctx: HubContext,
  slug: string,
  p: { principal?: Principal | undefined; csrf?: string | undefined; version?: string },
) {
  const { skill } = await getSkillDetail(ctx, slug);
  const versions = (await listVersions(ctx.db, skill.id, { limit: 50, offset: 0 })).rows;
  const wanted = p.version ?? skill.latest_version ?? versions[0]?.version;
  const v = wanted ? await findVersion(ctx.db, skill.id, wanted) : undefined;
  const files = v ? await versionFiles(ctx, v) : [];
  const skillMd = files.find((f) => f.path === 'SKILL.md');
  let readme: SafeHtml = html`<p>No SKILL.md.</p>`;
  if (skillMd) {
    const text = new TextDecoder().decode(skillMd.bytes);
    let body = text;
    try {
      body = splitFrontmatter(text).body;
    } catch {
      // show the whole file when there is no frontmatter block
    }
    readme = renderMarkdown(body);
  }
  const comments = (await listComments(ctx.db, skill.id, { limit: 100, offset: 0 })).rows;
  const starred = p.principal ? await hasStarred(ctx.db, skill.id, p.principal.user.id) : false;
  const findings = v ? summarizeFindings(v.findings as ScanFinding[]) : undefined;
  const csrf = html`<input type="hidden" name="_csrf" value="${p.csrf}">`;

  const body = html`
<h1>${skill.display_name || skill.slug} <code>${skill.slug}</code></h1>
<p>${skill.summary}</p>
<p class="meta">by <a href="/u/${skill.owner_handle}">${skill.owner_handle}</a> · ★ ${skill.stars} · ${skill.installs} installs · ${skill.downloads} downloads</p>
<div class="grid">
<section aria-labelledby="readme-h">
  <h2 id="readme-h" class="sr-only">README</h2>
  ${v?.status === 'quarantined' ? html`<p class="notice">This version is quarantined: the scanner blocked it and it cannot be installed.</p>` : ''}
  ${v?.status === 'yanked' ? html`<p class="notice">This version was yanked by its publisher.</p>` : ''}
  <div class="readme">${readme}</div>
  <h2 id="comments">Comments (${comments.length})</h2>
  ${comments.length === 0 ? html`<p>No comments yet.</p>` : html`<ul class="results">${comments.map((c) => html`<li><div class="meta">${c.author} · ${new Date(c.created_ms).toISOString().slice(0, 10)}</div><div>${c.body}</div></li>`)}</ul>`}
  ${
    p.principal
      ? html`<form method="post" action="/skills/${skill.slug}/comments">${csrf}
          <label for="comment-body">Add a comment</label>
          <textarea id="comment-body" name="body" rows="3" maxlength="4000" required></textarea>
          <p><button type="submit">Post comment</button></p></form>`
      : html`<p><a href="/login?next=/skills/${skill.slug}">Sign in</a> to star, comment or report.</p>`
  }
</section>
<aside>
  <h2>Install</h2>
  <pre><code>weft skill install ${skill.slug}${p.version ? `@${p.version}` : ''}</code></pre>
  ${
    p.principal
      ? html`<form method="post" action="/skills/${skill.slug}/star">${csrf}<input type="hidden" name="on" value="${starred ? '0' : '1'}"><button type="submit" class="secondary">${starred ? '★ Unstar' : '☆ Star'}</button></form>`
      : ''
  }
  <h2>Security</h2>
  ${
    v
      ? html`<p>${verdictBadge(v.verdict)} <span class="meta">${v.scanner}</span></p>
        ${
          findings && Object.keys(findings).length > 0
            ? html`<p class="meta">Findings: ${Object.entries(findings)
                .map(([s, n]) => `${n} ${s}`)
                .join(', ')}</p>`
            : html`<p class="meta">No findings.</p>`
        }
        <p>${v.signature ? html`Signed by key <code>${v.key_id}</code>` : html`<strong>Unsigned</strong>`}</p>
        <p class="meta">fingerprint <code>${v.fingerprint.slice(0, 16)}…</code></p>`
      : html`<p>No published version.</p>`
  }
  <h2>Versions</h2>
  <table><thead><tr><th>version</th><th>date</th><th>status</th></tr></thead><tbody>
  ${versions.map((x) => html`<tr><td><a href="/skills/${skill.slug}?version=${x.version}">${x.version}</a></td><td>${new Date(x.created_ms).toISOString().slice(0, 10)}</td><td>${x.status === 'active' ? x.verdict : x.status}</td></tr>`)}
  </tbody></table>
  <h2>Files</h2>
  <ul>${files.map((f) => html`<li><a href="/skills/${skill.slug}/files/${f.path}?version=${v?.version ?? ''}">${f.path}</a> <span class="meta">${f.size} B</span></li>`)}</ul>
  ${
    p.principal
      ? html`<details><summary>Report this skill</summary><form method="post" action="/skills/${skill.slug}/report">${csrf}
          <label for="reason">Reason</label><textarea id="reason" name="reason" rows="2" maxlength="2000" required></textarea>
          <button type="submit">Report</button></form></details>`
      : ''
  }
</aside>
</div>`;
  return { body, title: skill.display_name || skill.slug, description: skill.summary };
}

export async function filePage(ctx: HubContext, slug: string, path: string, version?: string) {
  const { skill } = await getSkillDetail(ctx, slug);
  const ver = version || skill.latest_version;
  const v = ver ? await findVersion(ctx.db, skill.id, ver) : undefined;
  const file = v ? (await versionFiles(ctx, v)).find((f) => f.path === path) : undefined;
  if (!v || !file) return undefined;
  const content =
    file.size > PREVIEW_LIMIT
      ? html`<p>File too large to preview (${file.size} bytes).</p>`
      : isText(file.bytes)
        ? html`<pre><code>${new TextDecoder().decode(file.bytes)}</code></pre>`
        : html`<p>Binary file, ${file.size} bytes.</p>`;
  const body = html`<p><a href="/skills/${slug}">← ${slug}</a> v${v.version}</p><h1><code>${path}</code></h1><p class="meta">sha256 ${file.sha256}</p>${content}`;
  return { body, title: `${path} · ${slug}` };
}
