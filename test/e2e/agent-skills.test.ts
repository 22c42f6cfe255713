import assert from 'node:assert/strict';
import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AgentEvent } from '../../src/agent/loop.js';
import { runAgent } from '../../src/agent/run.js';
import type { AuditEvent } from '../../src/agent/tools/types.js';
import { detectCapabilities } from '../../src/sandbox/capabilities.js';
import { weft } from '../helpers/cli.js';
import { type HubProcess, spawnHub } from '../helpers/hub-process.js';
import { lastToolResult, startScriptedModel } from '../helpers/scripted-model.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * The agent uses the three MVP skills through the sandbox, driven by the
 * scripted model. The skills come from a real registry: a `weft hub serve` on
 * 127.0.0.1 gets each skill signed and published with `weft skill publish`,
 * and each test installs it into the agent's workspace with
 * `weft skill install` (fingerprint, signature, pinned key, scan, atomic).
 */

const SKILLS = fileURLToPath(new URL('../../skills/', import.meta.url));
const caps = detectCapabilities();
const ready = Boolean(caps.bwrap) && caps.userNamespaces;
const skip = !ready && !process.env.CI ? 'bubblewrap/user namespaces unavailable' : false;

let search: Server;
let searchPort = 0;
const queries: string[] = [];

before(async () => {
  search = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    queries.push(u.searchParams.get('q') ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        results: [
          { title: 'Clawft docs', url: 'https://docs.example/clawft', content: 'sandboxed agent skills' },
        ],
      }),
    );
  });
  await new Promise<void>((r) => search.listen(0, '127.0.0.1', r));
  searchPort = (search.address() as AddressInfo).port;
  if (!skip) await startRegistry();
});
after(async () => {
  await new Promise<void>((r) => search.close(() => r()));
  hub?.child.kill('SIGTERM');
  await hub?.exited;
});

let hub: HubProcess | undefined;

/** Serve a hub, and sign + publish the three skills to it as the publisher `skills-team`. */
async function startRegistry(): Promise<void> {
  const root = await tempDir('weft-skills-hub-');
  const data = join(root, 'hub');
  const publisher = { CLAWFT_HOME: join(root, 'publisher'), WEFT_TOKEN: '' };
  const ok = (r: { code: number; stdout: string; stderr: string }, what: string) => {
    assert.equal(r.code, 0, `${what}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  ok(await weft(['hub', 'user', 'add', 'skills-team', '--data', data]), 'user add');
  const token = ok(
    await weft(['hub', 'token', 'create', '--user', 'skills-team', '--scope', 'publish', '--data', data]),
    'token',
  )
    .trim()
    .split('\n')
    .at(-1)!;
  hub = await spawnHub(['--host', '127.0.0.1', '--data', data]);
  ok(await weft(['skill', 'keygen'], { env: publisher }), 'keygen');
  for (const slug of ['coding-agent', 'web-search', 'file-management']) {
    const src = join(root, 'src', slug);
    await cp(join(SKILLS, slug), src, { recursive: true });
    if (slug === 'web-search') {
      // The fixture search server listens on a random port: publish a build that names it instead of 8888.
      const md = join(src, 'SKILL.md');
      await writeFile(md, (await readFile(md, 'utf8')).replace('ports: [8888]', `ports: [${searchPort}]`));
    }
    ok(
      await weft(['skill', 'publish', src, '--registry', hub.url, '--token', token], { env: publisher }),
      `publish ${slug}`,
    );
  }
}

/** `weft skill install SLUG` into the agent's workspace, as the agent's own user (its trust store pins the key). */
async function installSkill(workspace: string, slug: string, state: string): Promise<string> {
  const r = await weft(['skill', 'install', slug, '--registry', hub!.url, '--workdir', workspace, '--json'], {
    env: { CLAWFT_HOME: state, WEFT_TOKEN: '' },
  });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const dir = join(workspace, 'skills', slug);
  assert.ok((await stat(join(dir, 'SKILL.md'))).isFile());
  const lock = JSON.parse(await readFile(join(workspace, '.clawhub', 'lock.json'), 'utf8'));
  assert.ok(lock.skills[slug], `${slug} is in the lockfile`);
  return dir;
}

async function agentHome(config: string) {
  const root = await tempDir('weft-skills-e2e-');
  const home = join(root, 'home');
  const state = join(home, '.clawft');
  const workspace = join(state, 'agents', 'dev', 'workspace');
  await mkdir(workspace, { recursive: true });
  await writeFile(join(state, 'agents', 'dev', 'config.toml'), config);
  return { root, home, state, workspace };
}

describe('agent uses the MVP skills through the sandbox (scripted model)', { skip }, () => {
  test('coding-agent edits a file in its workspace, runs checks, and is denied outside it', async () => {
    const h = await agentHome('[agent]\nmax_steps = 8\n');
    await installSkill(h.workspace, 'coding-agent', h.state);
    await writeFile(join(h.workspace, 'greet.sh'), 'echo "helo world"\n');
    const outside = join(h.root, 'outside.sh');
    const model = await startScriptedModel([
      {
        expect: (req) =>
          assert.match(req.body.messages[0]!.content!, /- coding-agent: Read, change and test code/),
        toolCalls: [{ name: 'Skill', arguments: { name: 'coding-agent' } }],
      },
      {
        expect: (req) => assert.match(lastToolResult(req), /run-checks\.sh/),
        toolCalls: [
          { name: 'Edit', arguments: { path: 'greet.sh', old_string: 'helo', new_string: 'hello' } },
        ],
      },
      {
        toolCalls: [
          {
            name: 'Bash',
            arguments: {
              skill: 'coding-agent',
              command: 'bash "$SKILL_DIR/scripts/run-checks.sh" && bash greet.sh',
            },
          },
        ],
      },
      {
        expect: (req) =>
          assert.match(lastToolResult(req), /\+ bash -n \.\/greet\.sh[\s\S]*exit code: 0[\s\S]*hello world/),
        toolCalls: [
          { name: 'Write', arguments: { path: outside, content: 'pwned' } },
          {
            name: 'Bash',
            arguments: { skill: 'coding-agent', command: `echo pwned > ${outside}; echo rc=$?` },
          },
        ],
      },
      { content: 'Fixed the typo in greet.sh; writing outside the workspace was refused.' },
    ]);
    after(() => model.close());
    const audit: AuditEvent[] = [];
    const events: AgentEvent[] = [];
    const res = await runAgent({
      agentId: 'dev',
      task: 'fix the typo in greet.sh',
      env: {
        HOME: h.home,
        CLAWFT_HOME: h.state,
        WEFT_MODEL_BASE_URL: model.url,
        WEFT_MODEL: 'scripted',
        PATH: process.env.PATH,
      },
      audit: (e) => audit.push(e),
      onEvent: (e) => events.push(e),
    });
    assert.deepEqual(model.failures, []);
    assert.equal(res.stopReason, 'final');
    assert.equal(await readFile(join(h.workspace, 'greet.sh'), 'utf8'), 'echo "hello world"\n');
    await assert.rejects(readFile(outside), 'nothing was written outside the workspace');
    const results = events.filter((e) => e.type === 'tool_result');
    const writeOut = results.find((e) => e.type === 'tool_result' && e.name === 'Write');
    assert.equal(writeOut?.type === 'tool_result' && writeOut.error?.code, 'E_PATH_DENIED');
    // the audit log (file) shows the allowed calls and the denied one
    const logged = (await readFile(join(h.state, 'audit', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEvent);
    assert.ok(logged.some((e) => e.event === 'fs.access' && e.decision === 'allow' && e.tool === 'Edit'));
    assert.ok(logged.some((e) => e.event === 'spawn' && e.skill === 'coding-agent' && e.backend === 'bwrap'));
    const denied = logged.find((e) => e.event === 'fs.access' && e.decision === 'deny');
    assert.equal(denied?.tool, 'Write');
    assert.equal(denied?.detail.path, outside);
    assert.equal(logged.length, audit.length);
  });

  test('web-search queries the configured SearXNG through the sandbox proxy', async () => {
    const h = await agentHome(
      [
        '[agent]',
        'max_steps = 5',
        '[[sandbox.network.rules]]',
        'host = "127.0.0.1"',
        `ports = [${searchPort}]`,
        'require_tls = false',
        '[[sandbox.environment.rules]]',
        'pattern = "WEFT_SEARCH_*"',
        '',
      ].join('\n'),
    );
    // the published build names the fixture's random port (see startRegistry)
    await installSkill(h.workspace, 'web-search', h.state);
    const model = await startScriptedModel([
      {
        toolCalls: [
          {
            name: 'Bash',
            arguments: {
              skill: 'web-search',
              command: 'python3 "$SKILL_DIR/scripts/search.py" --limit 3 clawft sandbox',
            },
          },
        ],
      },
      {
        expect: (req) =>
          assert.match(
            lastToolResult(req),
            /exit code: 0[\s\S]*1\. Clawft docs\n\s+https:\/\/docs\.example\/clawft/,
          ),
        toolCalls: [{ name: 'WebSearch', arguments: { query: 'weft gateway' } }],
      },
      { expect: (req) => assert.match(lastToolResult(req), /Clawft docs/), content: 'Found the docs.' },
    ]);
    after(() => model.close());
    const audit: AuditEvent[] = [];
    const res = await runAgent({
      agentId: 'dev',
      task: 'search',
      env: {
        HOME: h.home,
        CLAWFT_HOME: h.state,
        WEFT_MODEL_BASE_URL: model.url,
        WEFT_MODEL: 'scripted',
        WEFT_SEARCH_URL: `http://127.0.0.1:${searchPort}`,
        PATH: process.env.PATH,
      },
      audit: (e) => audit.push(e),
    });
    assert.deepEqual(model.failures, []);
    assert.equal(res.stopReason, 'final');
    assert.ok(queries.includes('clawft sandbox'), 'the skill script reached the backend');
    assert.ok(queries.includes('weft gateway'), 'the WebSearch tool reached the backend');
    const viaProxy = audit.find((e) => e.event === 'net.decision' && e.backend === 'proxy');
    assert.equal(viaProxy?.decision, 'allow');
    assert.equal(viaProxy?.skill, 'web-search');
  });

  test('file-management summarizes the workspace with its script', async () => {
    const h = await agentHome('[agent]\nmax_steps = 4\n');
    await installSkill(h.workspace, 'file-management', h.state);
    await mkdir(join(h.workspace, 'docs'), { recursive: true });
    await writeFile(join(h.workspace, 'docs', 'a.md'), 'same');
    await writeFile(join(h.workspace, 'docs', 'b.md'), 'same');
    const model = await startScriptedModel([
      {
        toolCalls: [
          {
            name: 'Bash',
            arguments: {
              skill: 'file-management',
              command:
                'python3 "$SKILL_DIR/scripts/summarize.py" docs && python3 "$SKILL_DIR/scripts/duplicates.py" docs',
            },
          },
        ],
      },
      {
        expect: (req) =>
          assert.match(lastToolResult(req), /2 files[\s\S]*\.md[\s\S]*2 copies:\n\s+a\.md\n\s+b\.md/),
        content: 'docs/a.md and docs/b.md are duplicates.',
      },
    ]);
    after(() => model.close());
    const res = await runAgent({
      agentId: 'dev',
      task: 'tidy docs',
      env: {
        HOME: h.home,
        CLAWFT_HOME: h.state,
        WEFT_MODEL_BASE_URL: model.url,
        WEFT_MODEL: 'scripted',
        PATH: process.env.PATH,
      },
    });
    assert.deepEqual(model.failures, []);
    assert.equal(res.stopReason, 'final');
  });
});
