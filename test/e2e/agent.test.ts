import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { weft } from '../helpers/cli.js';
import { startScriptedModel } from '../helpers/scripted-model.js';
import { tempDir } from '../helpers/tmp.js';

async function setup() {
  const root = await tempDir('weft-agent-e2e-');
  const home = join(root, 'home');
  await mkdir(home, { recursive: true });
  return { home, state: join(home, '.clawft') };
}

describe('weft agent run (built binary, scripted model)', () => {
  test('prints a transcript; the denied call shows its code', async () => {
    const { home, state } = await setup();
    const model = await startScriptedModel([
      {
        toolCalls: [
          { name: 'Write', arguments: { path: 'a.txt', content: 'A' } },
          { name: 'Read', arguments: { path: '/etc/hostname' } },
        ],
      },
      { content: 'Wrote a.txt; /etc is off limits.' },
    ]);
    after(() => model.close());
    const res = await weft(['agent', 'run', '--agent', 'dev', 'write a file'], {
      env: { HOME: home, CLAWFT_HOME: state, WEFT_MODEL_BASE_URL: model.url, WEFT_MODEL: 'scripted' },
    });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^agent dev · model scripted/m);
    assert.match(res.stdout, /→ Write \{"path":"a.txt","content":"A"\}/);
    assert.match(res.stdout, /← Write ok: wrote 1 bytes/);
    assert.match(res.stdout, /← Read E_PATH_DENIED: read \/etc\/hostname denied/);
    assert.match(res.stdout, /assistant: Wrote a.txt; \/etc is off limits\./);
    assert.match(res.stdout, /done \(final\) · 2 steps/);
    assert.equal(await readFile(join(state, 'agents', 'dev', 'workspace', 'a.txt'), 'utf8'), 'A');
  });

  test('--json emits one event per line; budget stops exit 1', async () => {
    const { home, state } = await setup();
    const glob = { toolCalls: [{ name: 'Glob', arguments: { pattern: '*' } }] };
    const model = await startScriptedModel([glob, glob]);
    after(() => model.close());
    const res = await weft(['agent', 'run', '--agent', 'dev', '--json', '--max-steps', '2', 'loop forever'], {
      env: { HOME: home, CLAWFT_HOME: state, WEFT_MODEL_BASE_URL: model.url, WEFT_MODEL: 'scripted' },
    });
    assert.equal(res.code, 1, res.stderr);
    const events = res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; stopReason?: string });
    assert.equal(events[0]!.type, 'start');
    assert.equal(events.at(-1)!.type, 'done');
    assert.equal(events.at(-1)!.stopReason, 'max_steps');
  });

  test('model unreachable: coded error and network exit code', async () => {
    const { home, state } = await setup();
    const res = await weft(['agent', 'run', '--agent', 'dev', 'x'], {
      env: { HOME: home, CLAWFT_HOME: state, WEFT_MODEL_BASE_URL: 'http://127.0.0.1:9/v1', WEFT_MODEL: 'm' },
    });
    assert.equal(res.code, 6, res.stdout + res.stderr);
    assert.match(res.stdout, /error E_MODEL_UNREACHABLE/);
  });
});
