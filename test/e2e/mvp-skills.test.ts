import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadSkillDir } from '../../src/skills/load.js';
import { weft } from '../helpers/cli.js';

/**
 * The three MVP skills are real, valid bundles with least-privilege
 * permissions that the scanner passes. Signing, publishing to a hub and
 * installing them is exercised in agent-skills.test.ts.
 */
const SKILLS = fileURLToPath(new URL('../../skills/', import.meta.url));
const MVP = ['coding-agent', 'web-search', 'file-management'] as const;

describe('MVP skills', () => {
  for (const slug of MVP) {
    test(`${slug}: weft skill validate passes`, async () => {
      const res = await weft(['skill', 'validate', join(SKILLS, slug), '--json']);
      assert.equal(res.code, 0, res.stderr);
      const out = JSON.parse(res.stdout) as { ok: boolean; slug: string; version: string };
      assert.equal(out.ok, true);
      assert.equal(out.slug, slug);
      assert.equal(out.version, '1.0.0');
    });

    test(`${slug}: weft security scan verdict is pass`, async () => {
      const res = await weft([
        'security',
        'scan',
        join(SKILLS, slug),
        '--format',
        'json',
        '--fail-on',
        'none',
      ]);
      assert.equal(res.code, 0, res.stderr);
      const report = JSON.parse(res.stdout) as {
        skills: { verdict: string; findings: { checkId: string }[] }[];
      };
      assert.equal(report.skills.length, 1);
      assert.equal(
        report.skills[0]!.verdict,
        'pass',
        JSON.stringify(report.skills[0]!.findings.map((f) => f.checkId)),
      );
    });
  }

  test('permissions are least privilege for each purpose', async () => {
    const load = async (slug: string) => (await loadSkillDir(join(SKILLS, slug))).manifest;
    const coding = await load('coding-agent');
    assert.deepEqual(coding.permissions?.net, [], 'coding-agent has no network');
    assert.deepEqual(coding.permissions?.env, []);
    assert.deepEqual(coding.permissions?.fs, { read: ['.'], write: ['.'] });
    const files = await load('file-management');
    assert.deepEqual(files.permissions?.net, []);
    assert.ok(!files.permissions?.tools?.includes('WebFetch'));
    const web = await load('web-search');
    assert.deepEqual(web.permissions?.fs, { read: [], write: [] }, 'web-search touches no files');
    assert.deepEqual(
      web.permissions?.net?.map((n) => `${n.host}:${n.ports.join(',')}:${n.require_tls}`),
      ['127.0.0.1:8888:false', 'api.search.brave.com:443:true'],
    );
    assert.deepEqual(web.permissions?.env, ['WEFT_SEARCH_URL', 'WEFT_SEARCH_BACKEND', 'BRAVE_API_KEY']);
    for (const m of [coding, files, web]) {
      assert.ok(m.openclaw?.requires?.bins?.length, `${m.slug} declares the binaries it needs`);
      assert.ok(!m.permissions?.tools?.includes('Skill'));
    }
  });
});
