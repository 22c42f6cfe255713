import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  gateTool,
  hostMatches,
  intersectSkillPolicy,
  normalizeHost,
  resolveAgentToolPolicy,
} from '../../../src/agent/tools/policy.js';
import { SandboxSectionSchema } from '../../../src/config/policy-schema.js';
import { PermissionsSchema } from '../../../src/skills/manifest.js';
import { tempDir } from '../../helpers/tmp.js';

async function setup(section: Record<string, unknown>) {
  const root = await tempDir();
  const workspace = join(root, 'ws');
  const skillDir = join(workspace, 'skills', 's1');
  await mkdir(skillDir, { recursive: true });
  const agent = resolveAgentToolPolicy({
    agentId: 'a',
    section: SandboxSectionSchema.parse(section),
    workspace,
    stateHome: join(root, '.clawft'),
    home: root,
  });
  return { root, workspace, skillDir, agent };
}

describe('tool policy: agent ∩ skill', () => {
  test('the workspace is always a writable root', async () => {
    const { agent, workspace } = await setup({});
    assert.deepEqual(agent.fs, [{ path: workspace, writable: true }]);
    assert.deepEqual(agent.net, []);
  });

  test('skill fs, tools, net and env are narrowed to what the agent allows', async () => {
    const { agent, skillDir, workspace, root } = await setup({
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
      net: [
        'api.example.com',
        'evil.test',
        { host: 'x.searx.test', ports: [8080, 9000], require_tls: false },
      ],
      env: ['SEARCH_URL', 'AWS_SECRET_ACCESS_KEY'],
    });
    const p = intersectSkillPolicy(agent, { slug: 's1', dir: skillDir, permissions: perms });
    assert.equal(p.skill, 's1');
    assert.deepEqual(p.tools.allowed, ['Bash', 'Write']);
    assert.deepEqual(p.tools.denied, ['Write']);
    assert.equal(gateTool(p, 'Write').allowed, false);
    assert.equal(
      gateTool(p, 'WebFetch').allowed,
      false,
      'skill asks for WebFetch but the agent does not allow it',
    );
    assert.equal(gateTool(p, 'Bash').allowed, true);
    assert.deepEqual(p.fs, [
      { path: skillDir, writable: false },
      { path: workspace, writable: false },
      { path: join(workspace, 'out'), writable: true },
    ]);
    assert.ok(!p.fs.some((r) => r.path === '/etc'), '/etc is outside every agent root');
    assert.deepEqual(p.net, [
      { host: 'api.example.com', ports: [443], require_tls: true },
      { host: 'x.searx.test', ports: [8080], require_tls: true },
    ]);
    assert.deepEqual(
      p.env.map((e) => e.pattern),
      ['SEARCH_URL'],
    );
    assert.notEqual(p.hash, agent.hash);
    assert.equal(p.section.network.rules.length, 2);
    assert.ok(root);
  });

  test('a skill without permissions gets the workspace read-only and nothing else', async () => {
    const { agent, skillDir, workspace } = await setup({ network: { rules: [{ host: 'example.com' }] } });
    const p = intersectSkillPolicy(agent, { slug: 's1', dir: skillDir });
    assert.deepEqual(p.fs, [
      { path: skillDir, writable: false },
      { path: workspace, writable: false },
    ]);
    assert.deepEqual(p.net, []);
    assert.deepEqual(p.env, []);
  });

  test('hosts normalize and match', () => {
    assert.equal(normalizeHost('Example.COM.'), 'example.com');
    assert.equal(normalizeHost('bücher.example'), 'xn--bcher-kva.example');
    assert.equal(hostMatches('*.example.com', 'a.example.com'), true);
    assert.equal(hostMatches('*.example.com', 'example.com'), false);
    assert.equal(hostMatches('*.example.com', 'evilexample.com'), false);
    assert.equal(hostMatches('example.com', 'a.example.com'), false);
  });
});
