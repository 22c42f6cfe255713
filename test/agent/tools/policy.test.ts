import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gateTool, intersectSkillPolicy, resolveAgentToolPolicy } from '../../../src/agent/tools/policy.js';
import { SandboxSectionSchema } from '../../../src/config/policy-schema.js';
import { PermissionsSchema } from '../../../src/skills/manifest.js';
import { tempDir } from '../../helpers/tmp.js';

async function setup(section: Record<string, unknown>) {
  const root = await tempDir();
  const home = join(root, 'home');
  const stateHome = join(home, '.clawft');
  const workspace = join(stateHome, 'agents', 'a', 'workspace');
  const skillDir = join(workspace, 'skills', 's1');
  await mkdir(skillDir, { recursive: true });
  const agent = resolveAgentToolPolicy({
    agentId: 'a',
    section: SandboxSectionSchema.parse(section),
    workspace,
    stateHome,
    home,
    env: {},
  });
  return { root, home, workspace, skillDir, agent };
}

describe('agent tool policy over resolvePolicy', () => {
  test('the workspace is added back as a writable root although ~/.clawft is mandatory-denied', async () => {
    const { agent, workspace, home } = await setup({});
    assert.deepEqual(agent.resolved.fs.write, [workspace]);
    // ~/.clawft is split around the workspace: everything beside the path to it stays denied
    const deny = agent.resolved.fs.deny;
    assert.ok(!deny.includes(join(home, '.clawft')));
    for (const p of ['keys', 'trust.json', 'audit', 'agents/a/config.toml'].map((x) =>
      join(home, '.clawft', x),
    )) {
      assert.ok(deny.includes(p), p);
    }
    assert.ok(deny.includes(join(home, '.ssh')));
    assert.deepEqual(agent.resolved.net.rules, []);
    assert.equal(agent.workspaceWritable, true);
    assert.equal(agent.hash, agent.resolved.hash);
  });

  test('agent ∩ skill: tools, net and env narrowed; skill folder readable; workspace per permissions', async () => {
    const { agent, skillDir, workspace } = await setup({
      tools: { allowed: ['Read', 'Bash', 'Write'], denied: ['Write'] },
      network: {
        rules: [
          { host: 'api.example.com', ports: [443] },
          { host: '*.searx.test', ports: [443, 8080] },
        ],
      },
      environment: { rules: [{ pattern: 'SEARCH_*' }] },
    });
    const perms = PermissionsSchema.parse({
      tools: ['Bash', 'WebFetch', 'Write'],
      fs: { read: ['.'], write: ['out', '/etc'] },
      net: ['api.example.com', 'evil.test', { host: 'x.searx.test', ports: [8080, 9000] }],
      env: ['SEARCH_URL', 'AWS_SECRET_ACCESS_KEY'],
    });
    const p = intersectSkillPolicy(agent, { slug: 's1', dir: skillDir, permissions: perms });
    assert.equal(p.skill, 's1');
    assert.equal(gateTool(p, 'Bash').allowed, true);
    assert.equal(gateTool(p, 'Write').allowed, false, 'denied by the agent');
    assert.equal(
      gateTool(p, 'WebFetch').allowed,
      false,
      'the skill asks for it, the agent does not allow it',
    );
    assert.deepEqual(p.resolved.fs.write, [join(workspace, 'out')]);
    assert.ok(p.resolved.fs.read.includes(workspace));
    assert.ok(!p.resolved.fs.write.includes('/etc') && !p.resolved.fs.read.includes('/etc'));
    assert.equal(p.workspaceWritable, false);
    assert.deepEqual(
      p.resolved.net.rules.map((r) => `${r.host}:${r.ports.join(',')}`),
      ['api.example.com:443', 'x.searx.test:8080'],
    );
    assert.deepEqual(p.resolved.env.allow, ['SEARCH_URL']);
    assert.notEqual(p.hash, agent.hash);
  });

  test('a skill without permissions can read only its own folder', async () => {
    const { agent, skillDir } = await setup({ network: { rules: [{ host: 'example.com' }] } });
    const p = intersectSkillPolicy(agent, { slug: 's1', dir: skillDir });
    assert.deepEqual(p.resolved.fs.read, [skillDir]);
    assert.deepEqual(p.resolved.fs.write, []);
    assert.deepEqual(p.resolved.net.rules, []);
    assert.deepEqual(p.resolved.env.allow, []);
  });
});
