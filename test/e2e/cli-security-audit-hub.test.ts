import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { addUser, createToken } from '../../src/hub/services/auth.js';
import { openStore } from '../../src/hub/store/index.js';
import { weft } from '../helpers/cli.js';
import { embeddedLocation } from '../helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';

/** The built CLI: audit finds a token without expiry, its fix command revokes it, the next audit is clean. */
describe('weft security audit: hub tokens (CLI)', () => {
  it('prints the exact revoke command, which works, and harden only prints it', async () => {
    const loc = await embeddedLocation();
    after(() => rm(loc.dataDir!, { recursive: true, force: true }));
    const db = await openStore(loc);
    await addUser(db, 'alice', 'user');
    const secret = (await createToken(db, { handle: 'alice', scope: 'publish', label: 'laptop' })).token;
    await db.close();
    const home = join(await tempDir('weft-audit-cli-'), '.clawft');
    await mkdir(home, { recursive: true, mode: 0o700 });
    await writeFile(join(home, 'hub.toml'), `[hub]\ndata_dir = "${loc.dataDir}"\n`);
    const env = { CLAWFT_HOME: home, WEFT_DATABASE_URL: '' };

    let r = await weft(['security', 'audit', '--json', '--fail-on', 'medium'], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!r.stdout.includes(secret));
    const f = JSON.parse(r.stdout).findings.find(
      (x: { checkId: string }) => x.checkId === 'hub.token_no_expiry',
    );
    assert.ok(f, r.stdout);
    assert.match(f.detail, /^token 1 \(user alice, scope publish, label "laptop"\) has no expiry/);
    const revoke = /weft hub token revoke 1 --data \S+/.exec(f.fix)?.[0];
    assert.ok(revoke, f.fix);

    r = await weft(['security', 'harden', '--dry-run'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /not applied, run these yourself[\s\S]*weft hub token create --user alice --scope publish --expires 90 --label 'laptop'/,
    );
    assert.ok(r.stdout.includes(revoke));

    r = await weft(revoke.split(' ').slice(1), { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /revoked token 1/);
    r = await weft(['security', 'audit', '--json', '--fail-on', 'none', '--token-max-age', '30'], { env });
    assert.equal(r.code, 0, r.stderr);
    const ids = JSON.parse(r.stdout).findings.map((x: { checkId: string }) => x.checkId);
    assert.ok(!ids.some((id: string) => id.startsWith('hub.token')), ids.join(','));
  });
});
