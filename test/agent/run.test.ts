import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ConfirmRequest } from '../../src/agent/auto-search.js';
import { localSkillFinder } from '../../src/agent/local-finder.js';
import type { AgentEvent } from '../../src/agent/loop.js';
import { runAgent } from '../../src/agent/run.js';
import type { AuditEvent } from '../../src/agent/tools/types.js';
import { lastToolResult, startScriptedModel } from '../helpers/scripted-model.js';
import { tempDir } from '../helpers/tmp.js';

async function env() {
  const root = await tempDir('weft-run-');
  const home = join(root, 'home');
  await mkdir(home, { recursive: true });
  return {
    root,
    home,
    state: join(home, '.clawft'),
    vars: { HOME: home, CLAWFT_HOME: join(home, '.clawft') },
  };
}

const SKILL = (name: string, desc: string, body: string) =>
  `---\nname: ${name}\ndescription: ${desc}\nversion: 1.0.0\n---\n${body}\n`;

describe('runAgent', () => {
  test("per-agent workspaces: one agent cannot read another agent's workspace or config", async () => {
    const e = await env();
    const bobWs = join(e.state, 'agents', 'bob', 'workspace');
    await mkdir(bobWs, { recursive: true });
    await writeFile(join(bobWs, 'diary.txt'), 'bob secret');
    await writeFile(join(e.state, 'agents', 'bob', 'config.toml'), '[agent]\nname = "bob"\n');
    const model = await startScriptedModel([
      {
        toolCalls: [
          { name: 'Read', arguments: { path: join(bobWs, 'diary.txt') } },
          { name: 'Read', arguments: { path: '../../bob/config.toml' } },
          { name: 'Grep', arguments: { pattern: 'secret', path: join(e.state, 'agents') } },
          { name: 'Read', arguments: { path: '../config.toml' } },
        ],
      },
      { content: 'could not read them' },
    ]);
    after(() => model.close());
    await mkdir(join(e.state, 'agents', 'alice'), { recursive: true });
    await writeFile(join(e.state, 'agents', 'alice', 'config.toml'), '[agent]\nmax_steps = 4\n');
    const audit: AuditEvent[] = [];
    const events: AgentEvent[] = [];
    const res = await runAgent({
      agentId: 'alice',
      task: 'read bob',
      env: { ...e.vars, WEFT_MODEL_BASE_URL: model.url, WEFT_MODEL: 'scripted' },
      audit: (x) => audit.push(x),
      onEvent: (x) => events.push(x),
    });
    assert.equal(res.stopReason, 'final');
    const results = events.filter((x) => x.type === 'tool_result');
    assert.equal(results.length, 4);
    for (const r of results) assert.equal(r.type === 'tool_result' && r.error?.code, 'E_PATH_DENIED');
    const denies = audit.filter((x) => x.event === 'fs.access' && x.decision === 'deny');
    assert.match(denies[0]!.reason, /another agent's directory \(bob\)/);
    assert.match(denies[3]!.reason, /agent config and state outside the workspace/);
    // the workspace was created private, and the audit file has the same events
    assert.equal((await stat(res.workspace)).mode & 0o777, 0o700);
    const logged = (await readFile(join(e.state, 'audit', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(logged.length, audit.length);
    assert.equal(logged.filter((x) => x.decision === 'deny').length, 4);
  });

  test('installed skill descriptions go in the system prompt; SKILL.md body loads on use', async () => {
    const e = await env();
    const ws = join(e.state, 'agents', 'a1', 'workspace');
    await mkdir(join(ws, 'skills', 'greeter'), { recursive: true });
    await writeFile(
      join(ws, 'skills', 'greeter', 'SKILL.md'),
      SKILL('greeter', 'Greets people politely.', 'SECRET-BODY-MARKER: say hi'),
    );
    const model = await startScriptedModel([
      {
        expect: (req) => {
          const system = req.body.messages[0]!;
          assert.equal(system.role, 'system');
          assert.match(system.content!, /- greeter: Greets people politely\./);
          assert.doesNotMatch(system.content!, /SECRET-BODY-MARKER/);
        },
        toolCalls: [{ name: 'Skill', arguments: { name: 'greeter' } }],
      },
      {
        expect: (req) => assert.match(lastToolResult(req), /SECRET-BODY-MARKER/),
        toolCalls: [
          {
            name: 'Edit',
            arguments: { path: 'skills/greeter/SKILL.md', old_string: 'say hi', new_string: 'x' },
          },
        ],
      },
      {
        expect: (req) => assert.match(lastToolResult(req), /E_PATH_DENIED.*managed by weft skill/),
        content: 'hi',
      },
    ]);
    after(() => model.close());
    const audit: AuditEvent[] = [];
    const res = await runAgent({
      agentId: 'a1',
      task: 'greet',
      env: { ...e.vars, WEFT_MODEL_BASE_URL: model.url, WEFT_MODEL: 'scripted' },
      audit: (x) => audit.push(x),
    });
    assert.deepEqual(model.failures, []);
    assert.deepEqual(res.skills, ['greeter']);
    assert.equal(res.finalText, 'hi');
    assert.ok(audit.some((x) => x.event === 'skill.load' && x.skill === 'greeter'));
  });

  test('auto-search installs a missing skill only after confirmation (twice for unsigned)', async () => {
    const e = await env();
    const source = join(e.root, 'mirror');
    await mkdir(join(source, 'weather'), { recursive: true });
    await writeFile(
      join(source, 'weather', 'SKILL.md'),
      SKILL('weather', 'Weather forecasts.', 'WEATHER-BODY'),
    );
    const asked: ConfirmRequest[] = [];
    const run = async (answers: boolean[]) => {
      const model = await startScriptedModel([
        { toolCalls: [{ name: 'Skill', arguments: { name: 'weather' } }] },
        { content: 'done' },
      ]);
      after(() => model.close());
      const events: AgentEvent[] = [];
      await runAgent({
        agentId: 'w1',
        task: 'weather?',
        env: { ...e.vars, WEFT_MODEL_BASE_URL: model.url, WEFT_MODEL: 'scripted' },
        finder: localSkillFinder(source),
        confirm: async (q) => {
          asked.push(q);
          return answers.shift() ?? false;
        },
        onEvent: (x) => events.push(x),
      });
      return events.find((x) => x.type === 'tool_result');
    };
    const declined = await run([false]);
    assert.equal(declined?.type === 'tool_result' && declined.error?.code, 'E_SKILL_NOT_FOUND');
    assert.match(asked[0]!.message, /weather.*UNSIGNED/);
    const riskDeclined = await run([true, false]);
    assert.equal(riskDeclined?.type === 'tool_result' && riskDeclined.ok, false);
    assert.equal(asked[2]?.kind, 'risk');
    const installed = join(e.state, 'agents', 'w1', 'workspace', 'skills', 'weather', 'SKILL.md');
    await assert.rejects(stat(installed));
    const ok = await run([true, true]);
    assert.equal(ok?.type === 'tool_result' && ok.ok, true);
    assert.match(ok?.type === 'tool_result' ? ok.output : '', /WEATHER-BODY/);
    assert.match(await readFile(installed, 'utf8'), /WEATHER-BODY/);
  });

  test('a registry installer (installMissing seam) is used for a missing skill, and audited', async () => {
    const e = await env();
    const ws = join(e.state, 'agents', 'r1', 'workspace');
    const asked: string[] = [];
    const model = await startScriptedModel([
      { toolCalls: [{ name: 'Skill', arguments: { name: 'notes' } }] },
      { expect: (req) => assert.match(lastToolResult(req), /NOTES-BODY/), content: 'ok' },
    ]);
    after(() => model.close());
    const audit: AuditEvent[] = [];
    await runAgent({
      agentId: 'r1',
      task: 'notes',
      env: { ...e.vars, WEFT_MODEL_BASE_URL: model.url, WEFT_MODEL: 'scripted' },
      audit: (x) => audit.push(x),
      installMissing: async (slug) => {
        asked.push(slug);
        const dir = join(ws, 'skills', slug);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'SKILL.md'), SKILL(slug, 'Take notes.', 'NOTES-BODY'));
        return { slug, dir, signed: true, verdict: 'pass' };
      },
    });
    assert.deepEqual(model.failures, []);
    assert.deepEqual(asked, ['notes']);
    const inst = audit.find((x) => x.event === 'skill.install');
    assert.equal(inst?.skill, 'notes');
    assert.equal(inst?.detail.signed, true);
  });

  test('invalid agent ids and a missing model are clear errors', async () => {
    const e = await env();
    await assert.rejects(runAgent({ agentId: '../x', task: 't', env: e.vars }), { code: 'E_USAGE' });
    await assert.rejects(runAgent({ agentId: 'ok', task: 't', env: e.vars }), { code: 'E_CONFIG_INVALID' });
  });
});
