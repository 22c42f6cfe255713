import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAgentConfig } from '../../src/config/agent.js';
import { WeftError } from '../../src/errors.js';

const fails = (text: string, re: RegExp, c = 'E_CONFIG_INVALID') =>
  assert.throws(
    () => parseAgentConfig(text, 'agents/x/config.toml'),
    (e: unknown) => e instanceof WeftError && e.code === c && re.test(e.message),
  );

describe('agent config.toml', () => {
  it('parses a full config with secure defaults', () => {
    const cfg = parseAgentConfig(`
[agent]
id = "coder"

[model]
base_url = "http://127.0.0.1:9999/v1"
name = "gpt-test"

[sandbox]
sandbox_type = "os"

[[sandbox.filesystem.rules]]
path = "~/projects"
writable = true

[[sandbox.network.rules]]
host = "api.github.com"
`);
    assert.equal(cfg.agent.id, 'coder');
    assert.equal(cfg.sandbox.privileged, false);
    assert.deepEqual(cfg.sandbox.network.rules, [
      { host: 'api.github.com', ports: [443], require_tls: true },
    ]);
    assert.deepEqual(cfg.sandbox.tools.denied, []);
    assert.equal(cfg.model.api_key_env, 'OPENAI_API_KEY');
  });

  it('an empty file is a valid, locked-down config', () => {
    const cfg = parseAgentConfig('');
    assert.equal(cfg.sandbox.sandbox_type, undefined);
    assert.deepEqual(cfg.sandbox.network.rules, []);
  });

  it('names file and line for TOML syntax errors', () => {
    fails('[agent]\nid = "x"\nmax_steps = [1,\n', /^agents\/x\/config\.toml:\d+:\d+:/, 'E_CONFIG_PARSE');
  });

  it('names file, line and key for schema errors', () => {
    fails(
      '[agent]\nid = "x"\n\n[sandbox]\nsandbox_type = "none"\n',
      /config\.toml:5: sandbox\.sandbox_type: .*privileged/,
    );
    fails('[sandbox]\nsandbox_type = "chroot"\n', /config\.toml:2: sandbox\.sandbox_type/);
    fails(
      '[[sandbox.network.rules]]\nhost = "x.org"\nports = [70000]\n',
      /config\.toml:3: sandbox\.network\.rules\.0\.ports/,
    );
    fails('[agent]\nid = "Bad Id"\n', /config\.toml:2: agent\.id/);
    fails('[agent]\nunknown_key = 1\n', /agent/);
  });

  it('allows sandbox_type none only when privileged', () => {
    const cfg = parseAgentConfig('[sandbox]\nsandbox_type = "none"\nprivileged = true\n');
    assert.equal(cfg.sandbox.sandbox_type, 'none');
  });
});
