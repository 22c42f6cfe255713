#!/usr/bin/env node
// Runs every test file under test/ with node's built-in runner (TypeScript via tsx).
// Usage: node scripts/test/run.mjs [filter-substring ...]
// Builds dist/ first, because end-to-end tests run the real `weft` binary.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.test\.ts$/.test(name)) out.push(relative(root, p));
  }
  return out;
}

const files = walk(join(root, 'test'))
  .sort()
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

if (!process.env.WEFT_SKIP_BUILD) {
  // The sandbox tests need the native helper; `npm ci` builds it in prepare, but build again
  // here so a checkout that skipped lifecycle scripts still tests the real thing.
  for (const script of ['build:native', 'build']) {
    const build = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}

const concurrency = process.env.WEFT_TEST_CONCURRENCY ?? '2';
const args = [
  '--import',
  'tsx',
  '--test',
  `--test-concurrency=${concurrency}`,
  '--test-reporter=spec',
  ...files,
];
const res = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: '0' },
});
process.exit(res.status ?? 1);
