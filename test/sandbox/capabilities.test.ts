import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { clearProbeCache, detectCapabilities, probeHelper } from '../../src/sandbox/capabilities.js';
import { tempDir } from '../helpers/tmp.js';

const caps = detectCapabilities();
if (process.platform === 'linux' && !caps.helper && process.env.CI)
  throw new Error('native helper missing in CI');
const skip = caps.helper ? false : 'native helper not built (make -C native)';

describe('helper probe cache', { skip }, () => {
  test('stored under $CLAWFT_HOME/cache keyed by the helper file and the boot; reused; re-probed when the helper changes', async () => {
    const dir = await tempDir();
    const home = join(dir, 'home');
    mkdirSync(home);
    const helper = join(dir, 'weft-sandbox');
    copyFileSync(caps.helper!, helper);
    const env = { CLAWFT_HOME: home };
    const real = probeHelper(helper, env)!;
    assert.ok(real.landlock);
    const file = join(home, 'cache/sandbox-probe.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      key: string;
      probe: { landlock: { abi: number } };
    };
    assert.ok(stored.key.startsWith(`${helper}|`));
    assert.ok(stored.key.includes(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()));

    // a stored answer for the same key is used without running the helper
    stored.probe.landlock.abi = 99;
    writeFileSync(file, JSON.stringify(stored));
    clearProbeCache();
    assert.equal(probeHelper(helper, env)!.landlock.abi, 99);

    // a rebuilt helper (new mtime) is probed again
    const t = new Date(Date.now() - 60_000);
    utimesSync(helper, t, t);
    clearProbeCache();
    assert.equal(probeHelper(helper, env)!.landlock.abi, real.landlock.abi);
  });

  test('no state dir is created just to store a probe', async () => {
    const dir = await tempDir();
    const helper = join(dir, 'weft-sandbox');
    copyFileSync(caps.helper!, helper);
    const home = join(dir, 'missing-home');
    assert.ok(probeHelper(helper, { CLAWFT_HOME: home }));
    assert.equal(existsSync(home), false);
  });
});
