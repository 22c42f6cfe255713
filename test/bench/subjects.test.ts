import assert from 'node:assert/strict';
import { test } from 'node:test';

const lib = (rel: string) => import(new URL(`../../bench/lib/${rel}`, import.meta.url).href);

test('weftHasCommand tells commands in this build from missing ones', async () => {
  const { weftHasCommand, weftSubject } = await lib('subjects.mjs');
  const weft = weftSubject();
  assert.equal(weftHasCommand(weft, ['skill', 'validate']), true);
  assert.equal(weftHasCommand(weft, ['health']), true);
  // commander prints the parent's help (exit 0) for an unknown subcommand; that must not count.
  assert.equal(weftHasCommand(weft, ['skill', 'no-such-command']), false);
  assert.equal(weftHasCommand(weft, ['no-such-group', 'x']), false);
});

test('subjects run with a private HOME and CLAWFT_HOME, not the caller’s', async () => {
  const { weftSubject } = await lib('subjects.mjs');
  const weft = weftSubject();
  assert.notEqual(weft.env.HOME, process.env.HOME);
  assert.ok(weft.env.CLAWFT_HOME.startsWith(weft.env.HOME));
  assert.equal(weft.env.DO_NOT_TRACK, '1');
});
