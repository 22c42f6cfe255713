import assert from 'node:assert/strict';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_REGISTRY,
  removeToken,
  resolveClientConfig,
  saveToken,
} from '../../src/hub-client/config.js';
import { tempDir } from '../helpers/tmp.js';

describe('registry and token resolution', () => {
  it('prefers flag, then env, then login default, then config.toml, then the local default', async () => {
    const home = await tempDir();
    const env: NodeJS.ProcessEnv = { CLAWFT_HOME: home };
    assert.equal((await resolveClientConfig({}, env)).registry, DEFAULT_REGISTRY);
    await writeFile(join(home, 'config.toml'), '[registry]\nurl = "https://cfg.example"\n');
    assert.deepEqual(
      { ...(await resolveClientConfig({}, env)), token: undefined },
      { registry: 'https://cfg.example', registrySource: 'config', token: undefined },
    );
    await saveToken('https://login.example/', 'tok-login-1', { makeDefault: true, env });
    const viaLogin = await resolveClientConfig({}, env);
    assert.equal(viaLogin.registry, 'https://login.example');
    assert.equal(viaLogin.token, 'tok-login-1');
    env.WEFT_REGISTRY = 'https://env.example';
    const viaEnv = await resolveClientConfig({}, env);
    assert.equal(viaEnv.registrySource, 'env');
    assert.equal(viaEnv.token, undefined, 'a token saved for another registry is not sent');
    env.WEFT_TOKEN = 'tok-env-1';
    assert.equal((await resolveClientConfig({}, env)).token, 'tok-env-1');
    const viaFlag = await resolveClientConfig({ registry: 'http://127.0.0.1:9/', token: 'tok-flag-1' }, env);
    assert.deepEqual(viaFlag, {
      registry: 'http://127.0.0.1:9',
      token: 'tok-flag-1',
      registrySource: 'flag',
    });
  });

  it('stores tokens 0600 and removes them', async () => {
    const home = await tempDir();
    const env: NodeJS.ProcessEnv = { CLAWFT_HOME: home };
    const { path } = await saveToken('http://127.0.0.1:8080', 'tok-123456', { env });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await resolveClientConfig({}, env)).token, 'tok-123456');
    assert.equal(await removeToken('http://127.0.0.1:8080', env), true);
    assert.equal((await resolveClientConfig({}, env)).token, undefined);
  });

  it('rejects bad registry URLs, short tokens and corrupt credential files with codes', async () => {
    const home = await tempDir();
    const env: NodeJS.ProcessEnv = { CLAWFT_HOME: home };
    await assert.rejects(resolveClientConfig({ registry: 'ftp://x' }, env), { code: 'E_USAGE' });
    await assert.rejects(saveToken('http://x', 'short', { env }), { code: 'E_USAGE' });
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'credentials.json'), '{"version":1,');
    await assert.rejects(resolveClientConfig({}, env), { code: 'E_CONFIG_PARSE' });
  });
});
