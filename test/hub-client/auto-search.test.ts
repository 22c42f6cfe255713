import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type AutoSearchPrompt,
  autoSearchAndInstall,
  editDistance,
  pipelineInstaller,
} from '../../src/hub-client/auto-search.js';
import { createHubClient } from '../../src/hub-client/client.js';
import type { ScanFn } from '../../src/hub-client/scan.js';
import { memKey, startFakeHub } from '../helpers/fake-hub.js';
import { tempDir } from '../helpers/tmp.js';

const passScan: ScanFn = async () => ({ verdict: 'pass', findings: 0, summary: [] });

async function setup(answers: boolean[]) {
  const hub = await startFakeHub();
  const root = await tempDir();
  const client = createHubClient({ registry: hub.url, retries: 0 });
  const prompts: AutoSearchPrompt[] = [];
  const deps = {
    client,
    confirm: async (p: AutoSearchPrompt) => {
      prompts.push(p);
      return answers.shift() ?? false;
    },
    install: pipelineInstaller(
      { workdir: root },
      { client, scan: passScan, trustFile: join(root, 'trust.json') },
    ),
  };
  return { hub, root, deps, prompts };
}

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as 1', () => {
    assert.equal(editDistance('web-search', 'web-search'), 0);
    assert.equal(editDistance('web-search', 'web-serch'), 1);
    assert.equal(editDistance('web-search', 'web-saerch'), 1);
    assert.equal(editDistance('web-search', 'wob-search'), 1);
    assert.equal(editDistance('web-search', 'web-searchs'), 1);
    assert.equal(editDistance('web-search', 'web-fetch'), 3);
  });
  it('is symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        assert.equal(d, editDistance(b, a));
        assert.equal(d === 0, a === b);
        assert.ok(d <= Math.max(a.length, b.length));
      }),
    );
  });
});

describe('auto-search', () => {
  it('shows the top match and installs only after a yes', async () => {
    const { hub, root, deps, prompts } = await setup([true]);
    const key = memKey();
    hub.add({ slug: 'pdf-tools', version: '1.0.0', key, publisher: 'carol' });
    const out = await autoSearchAndInstall('pdf', deps);
    assert.equal(out.status, 'installed');
    assert.equal(prompts.length, 1);
    const p = prompts[0]!;
    assert.equal(p.kind, 'install');
    assert.equal(p.candidate.slug, 'pdf-tools');
    assert.equal(p.candidate.publisher, 'carol');
    assert.equal(p.candidate.signed, true);
    assert.equal(p.candidate.keyId, key.keyId);
    assert.equal(p.candidate.verdict, 'pass');
    assert.equal(p.candidate.typosquatOf, null);
    assert.match(await readFile(join(root, 'skills', 'pdf-tools', 'SKILL.md'), 'utf8'), /pdf-tools/);
  });

  it('installs nothing when the user says no', async () => {
    const { hub, deps } = await setup([false]);
    hub.add({ slug: 'pdf-tools', version: '1.0.0', key: memKey() });
    const out = await autoSearchAndInstall('pdf', deps);
    assert.equal(out.status, 'declined');
    assert.ok(!hub.requests.some((r) => r.includes('/download')));
  });

  it('asks a second time for warn or unsigned skills, and respects a no', async () => {
    const { hub, deps, prompts } = await setup([true, false]);
    hub.add({ slug: 'csv-kit', version: '1.0.0', verdict: 'warn' });
    const out = await autoSearchAndInstall('csv', deps);
    assert.equal(out.status, 'declined');
    assert.equal(out.status === 'declined' && out.at, 'confirm-risk');
    const second = prompts[1]!;
    assert.equal(second.kind, 'confirm-risk');
    assert.equal(second.kind === 'confirm-risk' && second.reasons.length, 2);
    assert.ok(!hub.requests.some((r) => r.includes('/download')));
  });

  it('installs an unsigned skill only after both confirmations', async () => {
    const { hub, deps } = await setup([true, true]);
    hub.add({ slug: 'csv-kit', version: '1.0.0' });
    const out = await autoSearchAndInstall('csv', deps);
    assert.equal(out.status, 'installed');
    assert.equal(out.status === 'installed' && out.result.signed, false);
  });

  it('flags a slug one edit away from a more popular skill as a possible typosquat', async () => {
    const { hub, deps, prompts } = await setup([true, false]);
    hub.add({ slug: 'web-search', version: '1.0.0', key: memKey() });
    hub.skills.get('web-search')!.downloads = 5000;
    hub.add({ slug: 'web-serch', version: '1.0.0', key: memKey() });
    // Make the squatter the top hit for its own name.
    const out = await autoSearchAndInstall('web-serch', deps);
    assert.equal(out.status, 'declined');
    assert.equal(prompts[0]!.candidate.slug, 'web-serch');
    assert.equal(prompts[0]!.candidate.typosquatOf?.slug, 'web-search');
    assert.equal(prompts[1]!.kind, 'confirm-risk');
  });

  it('never offers a blocked skill, and reports nothing found', async () => {
    const { hub, deps, prompts } = await setup([true, true]);
    hub.add({ slug: 'evil', version: '1.0.0', key: memKey(), verdict: 'block' });
    const out = await autoSearchAndInstall('evil', deps);
    assert.equal(out.status, 'refused');
    assert.equal(prompts.length, 0);
    assert.equal((await autoSearchAndInstall('zzz-nothing', deps)).status, 'not-found');
  });
});
