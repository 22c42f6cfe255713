import assert from 'node:assert/strict';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { weft } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('weft security audit / harden (CLI)', () => {
  it('reports, fails on severity, renders sarif and html, hardens and undoes', async () => {
    const home = join(await tempDir(), '.clawft');
    await mkdir(join(home, 'keys'), { recursive: true });
    await writeFile(join(home, 'keys', 'default.key'), 'k');
    await chmod(join(home, 'keys', 'default.key'), 0o644);
    await mkdir(join(home, 'agents', 'a<b', 'workspace'), { recursive: true });
    await writeFile(join(home, 'agents', 'a<b', 'config.toml'), '[[sandbox.network.rules]]\nhost = "*"\n');
    const env = { CLAWFT_HOME: home };

    const json = await weft(['security', 'audit', '--json', '--fail-on', 'none'], { env });
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.ok(report.findings.some((f: { checkId: string }) => f.checkId === 'fs.keys.perms_world_readable'));

    assert.equal((await weft(['security', 'audit', '--fail-on', 'critical'], { env })).code, 1);
    assert.equal((await weft(['security', 'audit', '--fail-on', 'bogus'], { env })).code, 2);

    const sarif = JSON.parse(
      (await weft(['security', 'audit', '--format', 'sarif', '--fail-on', 'none'], { env })).stdout,
    );
    assert.equal(sarif.version, '2.1.0');
    const rules = new Set(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id));
    for (const r of sarif.runs[0].results) assert.ok(rules.has(r.ruleId), `rule for ${r.ruleId}`);

    const html = (await weft(['security', 'audit', '--format', 'html', '--fail-on', 'none'], { env })).stdout;
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /a&lt;b/, 'agent ids are escaped');
    assert.doesNotMatch(html, /<script/);

    const dry = await weft(['security', 'harden', '--dry-run'], { env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /chmod .*default\.key: 0644 -> 0600/);
    assert.equal((await weft(['security', 'harden'], { env })).code, 0);
    const after = JSON.parse(
      (await weft(['security', 'audit', '--json', '--fail-on', 'none'], { env })).stdout,
    );
    assert.ok(!after.findings.some((f: { checkId: string }) => f.checkId === 'fs.keys.perms_world_readable'));
    assert.equal((await weft(['security', 'harden', '--undo'], { env })).code, 0);
    const undone = JSON.parse(
      (await weft(['security', 'audit', '--json', '--fail-on', 'none'], { env })).stdout,
    );
    assert.ok(undone.findings.some((f: { checkId: string }) => f.checkId === 'fs.keys.perms_world_readable'));
  });
});
