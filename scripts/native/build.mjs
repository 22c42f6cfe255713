#!/usr/bin/env node
// Builds native/build/weft-sandbox with `make -C native`. Outside CI a missing
// compiler is a warning (the OS sandbox then fails closed at run time with a
// clear message); in CI (CI=true) it is an error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('../..', import.meta.url).pathname;
if (process.platform !== 'linux') {
  console.error('weft: native sandbox helper is Linux-only; skipping build');
  process.exit(0);
}
if (!existsSync(`${root}native/Makefile`)) process.exit(0);
const have = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
if (!have('make') || !(have('gcc') || have('cc'))) {
  const msg =
    'weft: gcc/make not found; the os sandbox helper was not built (apt-get install gcc make; npm run build:native)';
  console.error(msg);
  process.exit(process.env.CI ? 1 : 0);
}
const r = spawnSync('make', ['-s', '-C', `${root}native`], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('weft: building the sandbox helper failed (see above)');
  process.exit(process.env.CI ? 1 : 0);
}
