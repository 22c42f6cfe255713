import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { evaluate, runAudit } from '../../../src/security/audit/index.js';
import { takeSnapshot } from '../../../src/security/audit/snapshot.js';
import { runHarden, undoHarden } from '../../../src/security/harden/apply.js';
import { setTomlKey } from '../../../src/security/harden/plan.js';
import { tempDir } from '../../helpers/tmp.js';

const K = Buffer.alloc(32, 9).toString('base64');

/** A deliberately bad installation: one problem per check we can plant on disk. */
async function badInstallation(): Promise<{ home: string; env: NodeJS.ProcessEnv }> {
  const home = join(await tempDir('weft-audit-'), '.clawft');
  const env = { ...process.env, CLAWFT_HOME: home };
  await mkdir(join(home, 'keys'), { recursive: true });
  await writeFile(join(home, 'keys', 'default.key'), 'not really a key', { mode: 0o644 });
  await writeFile(join(home, 'keys', 'team.key'), 'k', { mode: 0o640 });
  await writeFile(join(home, 'credentials.json'), '{"token":"x"}', { mode: 0o644 });
  await writeFile(join(home, 'trust.json'), JSON.stringify({ version: 1, pins: {} }));
  await chmod(join(home, 'trust.json'), 0o666);
  await mkdir(join(home, 'audit'), { recursive: true });
  await writeFile(join(home, 'audit', 'audit.jsonl'), '', { mode: 0o644 });
  await chmod(join(home, 'audit'), 0o777);
  await chmod(home, 0o755);

  const agent = async (id: string, toml: string) => {
    await mkdir(join(home, 'agents', id, 'workspace'), { recursive: true });
    await writeFile(join(home, 'agents', id, 'config.toml'), toml, { mode: 0o600 });
  };
  await agent(
    'wild',
    `[sandbox]
sandbox_type = "os"
privileged = true

[[sandbox.network.rules]]
host = "*"

[[sandbox.network.rules]]
host = "169.254.169.254"
ports = [80]
require_tls = false

[[sandbox.filesystem.rules]]
path = "/"
writable = true

[[sandbox.filesystem.rules]]
path = "~/.ssh"

[[sandbox.filesystem.rules]]
path = "${join(home, 'agents', 'calm')}"

[[sandbox.environment.rules]]
pattern = "*"

[sandbox.limits]
memory_mb = 65536
`,
  );
  await agent('leaky', `[model]\napi_key = "sk-abcdefghijklmnopqrstuvwx"\n`);
  await agent('calm', `[sandbox]\nsandbox_type = "none"\nprivileged = true\n`);
  await agent('broken', `[sandbox\nsandbox_type = "os"\n`);
  await chmod(join(home, 'agents', 'calm', 'config.toml'), 0o666);
  await agent('implicit', `[agent]\nmax_steps = 5\n`);

  await writeFile(join(home, 'gateway.toml'), `[gateway]\nhost = "0.0.0.0"\n`);
  await writeFile(
    join(home, 'hub.toml'),
    `# hub config\n[hub]\nallow_unsigned = true\nallow_block_override = true\nrate_limits = false\n`,
  );

  // Installed skills in the "calm" agent's workspace: unsigned, unpinned, forced-block, drifted, copied in.
  const ws = join(home, 'agents', 'calm', 'workspace');
  const skill = async (slug: string) => {
    await mkdir(join(ws, 'skills', slug), { recursive: true });
    await writeFile(join(ws, 'skills', slug, 'SKILL.md'), `---\nname: ${slug}\ndescription: d\n---\n`);
  };
  for (const s of ['unsigned', 'unpinned', 'forced', 'drifted', 'copied']) await skill(s);
  await mkdir(join(ws, '.clawhub'), { recursive: true });
  await writeFile(
    join(ws, '.clawhub', 'lock.json'),
    JSON.stringify({
      version: 1,
      skills: {
        unsigned: { version: '1.0.0' },
        unpinned: { version: '1.0.0', signature: 'sig', publicKey: K, registry: 'http://hub' },
        forced: {
          version: '1.0.0',
          signature: 'sig',
          publicKey: K,
          registry: 'http://hub',
          scan: { verdict: 'block', forced: true },
        },
        drifted: {
          version: '1.0.0',
          signature: 'sig',
          publicKey: K,
          registry: 'http://hub',
          fingerprint: 'f'.repeat(64),
        },
      },
    }),
  );
  return { home, env };
}

describe('weft security audit', () => {
  let env: NodeJS.ProcessEnv;
  let home: string;
  before(async () => {
    ({ env, home } = await badInstallation());
  });

  it('finds every planted problem', async () => {
    const report = await runAudit({ env });
    const ids = new Set(report.findings.map((f) => f.checkId));
    const expected = [
      'fs.state_dir.perms_open',
      'fs.keys.perms_world_readable',
      'fs.keys.perms_group_readable',
      'fs.credentials.perms_readable',
      'fs.trust.perms_writable',
      'fs.agent_config.perms_writable',
      'audit.log_world_readable',
      'audit.dir_writable_by_others',
      'config.parse_error',
      'config.plaintext_secret',
      'sandbox.agent.disabled',
      'sandbox.agent.privileged_unused',
      'sandbox.agent.network_wildcard',
      'sandbox.agent.network_private_target',
      'sandbox.agent.network_plaintext',
      'sandbox.agent.fs_root_writable',
      'sandbox.agent.fs_sensitive',
      'sandbox.agent.cross_agent_access',
      'sandbox.agent.env_wildcard',
      'sandbox.agent.shell_with_egress',
      'sandbox.agent.limits_excessive',
      'gateway.bind_network_no_auth',
      'gateway.bind_network_no_tls',
      'hub.allow_unsigned_enabled',
      'hub.block_override_allowed',
      'hub.rate_limits_disabled',
      'skills.unsigned_installed',
      'skills.key_unpinned',
      'skills.verdict_block_forced',
      'skills.fingerprint_drift',
      'skills.not_in_lockfile',
    ];
    for (const id of expected) assert.ok(ids.has(id), `missing ${id}`);
    assert.equal(report.findings.find((f) => f.checkId === 'config.parse_error')?.agentId, 'broken');
    assert.match(report.findings.find((f) => f.checkId === 'config.parse_error')!.detail, /config\.toml:\d+/);
    assert.ok(report.summary.critical >= 4);
    // Findings come most severe first and never leak the secret itself.
    assert.equal(report.findings[0]!.severity, 'critical');
    assert.ok(!JSON.stringify(report).includes('sk-abcdefghijklmnopqrstuvwx'));
  });

  it('a clean installation has no installation findings', async () => {
    const clean = join(await tempDir('weft-clean-'), '.clawft');
    await mkdir(join(clean, 'agents', 'ok', 'workspace'), { recursive: true, mode: 0o700 });
    await chmod(clean, 0o700);
    await writeFile(join(clean, 'agents', 'ok', 'config.toml'), '[sandbox]\nsandbox_type = "os"\n', {
      mode: 0o600,
    });
    const findings = evaluate(await takeSnapshot({ env: { ...process.env, CLAWFT_HOME: clean } }));
    const own = findings.filter(
      (f) => !/^(sandbox\.layer|docker|host)\./.test(f.checkId) && f.checkId !== 'audit.log_missing',
    );
    assert.deepEqual(own, []);
  });

  it('harden fixes what is safe to fix, the re-audit is clean for those, and undo restores everything', async () => {
    const keyPath = join(home, 'keys', 'default.key');
    const hubBefore = await readFile(join(home, 'hub.toml'), 'utf8');
    const dry = await runHarden({ env, dryRun: true });
    assert.ok(dry.changes.length > 0);
    assert.equal((await stat(keyPath)).mode & 0o777, 0o644, 'dry run changes nothing');

    const res = await runHarden({ env });
    assert.ok(res.backupDir);
    assert.equal((await stat(keyPath)).mode & 0o777, 0o600);
    assert.equal((await stat(join(home, 'credentials.json'))).mode & 0o777, 0o600);
    const hub = await readFile(join(home, 'hub.toml'), 'utf8');
    assert.match(hub, /^allow_unsigned = false$/m);
    assert.match(hub, /^# hub config$/m, 'comments survive');
    assert.match(
      await readFile(join(home, 'agents', 'implicit', 'config.toml'), 'utf8'),
      /sandbox_type = "os"/,
    );
    assert.doesNotMatch(await readFile(join(home, 'agents', 'wild', 'config.toml'), 'utf8'), /privileged/);
    assert.match(await readFile(join(home, 'profiles', 'readonly.toml'), 'utf8'), /sandbox_type = "os"/);
    const trust = JSON.parse(await readFile(join(home, 'trust.json'), 'utf8'));
    assert.equal(trust.pins['http://hub::unpinned'].publicKey, K);

    const after = await runAudit({ env });
    const fixable = after.findings.filter((f) => f.fixable);
    assert.deepEqual(
      fixable.map((f) => f.checkId),
      [],
      'every fixable finding is gone',
    );
    assert.ok(
      after.findings.some((f) => f.checkId === 'sandbox.agent.network_wildcard'),
      'judgement calls stay reported',
    );

    const undo = await undoHarden({ env });
    assert.equal(undo.reverted, res.changes.length);
    assert.equal((await stat(keyPath)).mode & 0o777, 0o644);
    assert.equal(await readFile(join(home, 'hub.toml'), 'utf8'), hubBefore);
    await assert.rejects(stat(join(home, 'profiles', 'readonly.toml')));
    const again = await runAudit({ env });
    assert.ok(again.findings.some((f) => f.checkId === 'fs.keys.perms_world_readable'));
  });
});

describe('setTomlKey', () => {
  it('replaces, inserts and removes keys inside a table, keeping the rest', () => {
    const t = '# c\n[a]\nx = 1\n\n[hub]\n# keep\nallow_unsigned = true\n';
    assert.equal(
      setTomlKey(t, 'hub', 'allow_unsigned', 'false'),
      '# c\n[a]\nx = 1\n\n[hub]\n# keep\nallow_unsigned = false\n',
    );
    assert.equal(setTomlKey(t, 'hub', 'allow_unsigned', null), '# c\n[a]\nx = 1\n\n[hub]\n# keep\n');
    assert.equal(
      setTomlKey(t, 'a', 'y', '2'),
      '# c\n[a]\ny = 2\nx = 1\n\n[hub]\n# keep\nallow_unsigned = true\n',
    );
    assert.equal(setTomlKey('', 'sandbox', 'sandbox_type', '"os"'), '[sandbox]\nsandbox_type = "os"\n');
  });
});
