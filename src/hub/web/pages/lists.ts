import type { SkillRow } from '../../store/skills.js';
import { html, type SafeHtml } from '../html.js';

export interface ListItem {
  slug: string;
  name: string;
  description: string;
  version: string | null;
  publisher: string;
  stars: number;
  installs: number;
  verdict?: string | null;
  explain?: string;
}

export function fromRow(r: SkillRow): ListItem {
  return {
    slug: r.slug,
    name: r.display_name,
    description: r.summary,
    version: r.latest_version,
    publisher: r.owner_handle,
    stars: r.stars,
    installs: r.installs,
  };
}

export function skillList(items: ListItem[], empty = 'No skills yet.'): SafeHtml {
  if (items.length === 0) return html`<p>${empty}</p>`;
  return html`<ul class="results">${items.map(
    (s) => html`<li${s.explain ? html` title="${s.explain}"` : ''}>
      <a href="/skills/${s.slug}"><strong>${s.name || s.slug}</strong></a> <code>${s.slug}</code>${s.version ? html` <span class="meta">v${s.version}</span>` : ''}
      ${s.verdict ? html` <span class="badge ${s.verdict}">${s.verdict}</span>` : ''}
      <div>${s.description.split('\n')[0]?.slice(0, 240) ?? ''}</div>
      <div class="meta">by <a href="/u/${s.publisher}">${s.publisher}</a> · ★ ${s.stars} · ${s.installs} installs</div>
    </li>`,
  )}</ul>`;
}
