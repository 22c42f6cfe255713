import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { agentFixture } from '../../helpers/agent-ctx.js';

describe('file tools enforce the fs policy in-process', () => {
  test('Write, Read and Edit inside the workspace are allowed and audited', async () => {
    const f = await agentFixture();
    const w = await f.call('Write', { path: 'src/app.txt', content: 'hello\nworld\n' });
    assert.equal(w.ok, true, w.output);
    assert.equal(await readFile(join(f.workspace, 'src/app.txt'), 'utf8'), 'hello\nworld\n');
    const r = await f.call('Read', { path: 'src/app.txt' });
    assert.match(r.output, /1\thello\n\s+2\tworld/);
    const e = await f.call('Edit', { path: 'src/app.txt', old_string: 'world', new_string: 'there' });
    assert.equal(e.ok, true, e.output);
    assert.equal(await readFile(join(f.workspace, 'src/app.txt'), 'utf8'), 'hello\nthere\n');
    const gate = f.events.filter((x) => x.event === 'tool.gate');
    assert.deepEqual(
      gate.map((x) => [x.tool, x.decision]),
      [
        ['Write', 'allow'],
        ['Read', 'allow'],
        ['Edit', 'allow'],
      ],
    );
    const fsAllow = f.events.filter((x) => x.event === 'fs.access' && x.decision === 'allow');
    assert.equal(fsAllow.length, 3);
    assert.equal(fsAllow[0]!.detail.path, join(f.workspace, 'src/app.txt'));
    for (const ev of f.events) {
      assert.equal(ev.agentId, 'alpha');
      assert.equal(ev.runId, 'run-test');
      assert.match(ev.policyHash ?? '', /^[0-9a-f]{16}$/);
    }
  });

  test('paths outside the workspace are denied (absolute and ..) and the denial is audited', async () => {
    const f = await agentFixture();
    const outside = join(f.root, 'outside.txt');
    await writeFile(outside, 'secret');
    for (const p of [outside, '../../../../outside.txt', '/etc/passwd']) {
      const r = await f.call('Read', { path: p });
      assert.equal(r.ok, false);
      assert.equal(r.error?.code, 'E_PATH_DENIED', p);
    }
    const w = await f.call('Write', { path: join(f.root, 'new.txt'), content: 'x' });
    assert.equal(w.error?.code, 'E_PATH_DENIED');
    const denies = f.events.filter((x) => x.event === 'fs.access' && x.decision === 'deny');
    assert.equal(denies.length, 4);
    assert.match(denies[0]!.reason, /outside the allowed filesystem roots/);
  });

  test('symlink escapes are refused: the link resolves to its real target', async () => {
    const f = await agentFixture();
    const secret = join(f.root, 'secret.txt');
    await writeFile(secret, 'top secret');
    await symlink(secret, join(f.workspace, 'link.txt'));
    await symlink(f.root, join(f.workspace, 'linkdir'));
    const r = await f.call('Read', { path: 'link.txt' });
    assert.equal(r.error?.code, 'E_PATH_DENIED');
    const w = await f.call('Write', { path: 'linkdir/planted.txt', content: 'x' });
    assert.equal(w.error?.code, 'E_PATH_DENIED');
    const g = await f.call('Glob', { pattern: '**/*.txt' });
    assert.doesNotMatch(g.output, /secret|planted/);
    const deny = f.events.find((x) => x.event === 'fs.access' && x.decision === 'deny');
    assert.equal(deny?.detail.path, secret);
  });

  test('mandatory deny list applies inside the writable workspace', async () => {
    const f = await agentFixture();
    await writeFile(join(f.workspace, '.env'), 'API_KEY=1');
    await mkdir(join(f.workspace, '.git', 'hooks'), { recursive: true });
    for (const [tool, args] of [
      ['Read', { path: '.env' }],
      ['Write', { path: '.env.local', content: 'x' }],
      ['Write', { path: '.git/hooks/pre-commit', content: '#!/bin/sh' }],
      ['Write', { path: '.bashrc', content: 'x' }],
    ] as const) {
      const r = await f.call(tool, args);
      assert.equal(r.error?.code, 'E_PATH_DENIED', `${tool} ${JSON.stringify(args)}`);
      assert.match(r.output, /mandatory (deny|read-only)/);
    }
    const grep = await f.call('Grep', { pattern: 'API_KEY' });
    assert.equal(grep.output, 'no matches');
  });

  test('read-only rules allow Read but not Write; ~/.ssh stays denied even when granted', async () => {
    const f0 = await agentFixture();
    const shared = join(f0.root, 'shared');
    await mkdir(join(f0.home, '.ssh'), { recursive: true });
    await writeFile(join(f0.home, '.ssh', 'id_rsa'), 'KEY');
    await mkdir(shared, { recursive: true });
    await writeFile(join(shared, 'doc.md'), 'docs');
    const f = await agentFixture({
      sandbox: { filesystem: { rules: [{ path: shared }, { path: f0.home, writable: true }] } },
    });
    // a fresh fixture has its own home; point at f0's files by absolute path
    assert.equal((await f.call('Read', { path: join(shared, 'doc.md') })).ok, true);
    const w = await f.call('Write', { path: join(shared, 'doc.md'), content: 'x' });
    assert.equal(w.error?.code, 'E_PATH_DENIED');
    assert.match(w.output, /read-only/);
    const f2 = await agentFixture({ sandbox: { filesystem: { rules: [{ path: '~', writable: true }] } } });
    await mkdir(join(f2.home, '.ssh'), { recursive: true });
    await writeFile(join(f2.home, '.ssh', 'id_rsa'), 'KEY');
    const r = await f2.call('Read', { path: join(f2.home, '.ssh', 'id_rsa') });
    assert.equal(r.error?.code, 'E_PATH_DENIED');
    assert.match(r.output, /mandatory deny: .*\/\.ssh/);
  });

  test('Glob and Grep list and search only the workspace', async () => {
    const f = await agentFixture();
    await mkdir(join(f.workspace, 'a/b'), { recursive: true });
    await writeFile(join(f.workspace, 'a/one.ts'), 'const x = 1;\n// TODO fix\n');
    await writeFile(join(f.workspace, 'a/b/two.ts'), 'export {}\n');
    await writeFile(join(f.workspace, 'readme.md'), 'TODO: docs\n');
    const g = await f.call('Glob', { pattern: '**/*.ts' });
    assert.deepEqual(g.output.split('\n'), ['a/b/two.ts', 'a/one.ts']);
    const gr = await f.call('Grep', { pattern: 'TODO', glob: '*.ts' });
    assert.equal(gr.output, 'a/one.ts:2: // TODO fix');
    const out = await f.call('Glob', { pattern: '*', path: '/etc' });
    assert.equal(out.error?.code, 'E_PATH_DENIED');
  });

  test('Edit refuses ambiguous and missing matches', async () => {
    const f = await agentFixture();
    await writeFile(join(f.workspace, 'x.txt'), 'a a');
    assert.equal(
      (await f.call('Edit', { path: 'x.txt', old_string: 'a', new_string: 'b' })).error?.code,
      'E_TOOL_INPUT',
    );
    assert.equal(
      (await f.call('Edit', { path: 'x.txt', old_string: 'zz', new_string: 'b' })).error?.code,
      'E_TOOL_INPUT',
    );
    const all = await f.call('Edit', { path: 'x.txt', old_string: 'a', new_string: 'b', replace_all: true });
    assert.equal(all.ok, true);
    assert.equal(await readFile(join(f.workspace, 'x.txt'), 'utf8'), 'b b');
  });
});

describe('tool gate', () => {
  test('tools.denied refuses the call before it runs, and is audited', async () => {
    const f = await agentFixture({ sandbox: { tools: { denied: ['Write'] } } });
    const r = await f.call('Write', { path: 'a.txt', content: 'x' });
    assert.equal(r.error?.code, 'E_TOOL_DENIED');
    const gate = f.events.find((e) => e.event === 'tool.gate');
    assert.equal(gate?.decision, 'deny');
    assert.match(gate!.reason, /tools.denied/);
    assert.equal(
      f.events.some((e) => e.event === 'fs.access'),
      false,
      'no fs decision after a gate denial',
    );
  });

  test('tools.allowed admits only listed tools', async () => {
    const f = await agentFixture({ sandbox: { tools: { allowed: ['Read', 'Glob'] } } });
    await writeFile(join(f.workspace, 'a.txt'), 'x');
    assert.equal((await f.call('Read', { path: 'a.txt' })).ok, true);
    assert.equal((await f.call('Grep', { pattern: 'x' })).error?.code, 'E_TOOL_DENIED');
  });

  test('bad arguments and unknown tools are tool errors, not crashes', async () => {
    const f = await agentFixture();
    assert.equal((await f.call('Read', { nope: 1 })).error?.code, 'E_TOOL_INPUT');
    assert.equal((await f.call('Teleport', {})).error?.code, 'E_TOOL_INPUT');
  });
});
