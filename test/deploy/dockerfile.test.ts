import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
// Instructions with line continuations joined; comments dropped.
const lines = text
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = new Map<string, string[]>();
let current = '';
for (const l of lines) {
  const from = /^FROM\s+(\S+)\s+AS\s+(\S+)/i.exec(l);
  if (from) {
    current = from[2]!;
    stages.set(current, [l]);
  } else if (current) stages.get(current)!.push(l);
}
const runtime = () => stages.get('runtime')!;

test('multi-stage: deps (cache mount), build, runtime on overridable base images', () => {
  assert.deepEqual([...stages.keys()], ['deps', 'build', 'runtime']);
  assert.ok(lines.includes('ARG NODE_IMAGE=node:24-bookworm-slim'));
  assert.ok(lines.includes('ARG RUNTIME_IMAGE=node:24-bookworm-slim'));
  assert.match(stages.get('deps')![0]!, /^FROM \$\{NODE_IMAGE\}/);
  assert.match(runtime()[0]!, /^FROM \$\{RUNTIME_IMAGE\}/);
  assert.ok(stages.get('deps')!.some((l) => /--mount=type=cache,target=\/root\/\.npm/.test(l)));
  // A `# syntax=` directive would pull a frontend image; hosts without a registry cannot.
  assert.doesNotMatch(text, /^#\s*syntax=/m);
});

test('toolchain only in the build stage; production deps only in the runtime', () => {
  const build = stages.get('build')!.join('\n');
  assert.match(build, /apt-get install .*gcc/);
  assert.match(build, /make -C native/);
  assert.match(build, /npm prune --omit=dev/);
  assert.doesNotMatch(runtime().join('\n'), /gcc|make -C|npm (ci|install)/);
  assert.match(runtime().join('\n'), /apt-get install .*bubblewrap/);
});

test('runtime: non-root uid 10001, healthcheck, labels, volume, port, entrypoint and command', () => {
  const r = runtime();
  const has = (re: RegExp) =>
    assert.ok(
      r.some((l) => re.test(l)),
      `runtime stage lacks ${re}`,
    );
  has(/useradd --uid 10001 --gid 10001/);
  has(/^USER 10001:10001$/);
  has(/^HEALTHCHECK .*CMD \["node", "-e", "fetch\('http:\/\/127\.0\.0\.1:'.*\/health'\)/);
  for (const l of ['source', 'version', 'revision']) has(new RegExp(`org\\.opencontainers\\.image\\.${l}=`));
  has(/^VOLUME \["\/home\/weft\/\.clawft"\]$/);
  has(/^EXPOSE 8080$/);
  has(/^ENTRYPOINT \["weft"\]$/);
  has(/^CMD \["gateway"/);
  assert.equal(r.at(-1)!.startsWith('CMD'), true);
  // USER comes before the process instructions.
  assert.ok(r.findIndex((l) => l.startsWith('USER')) < r.findIndex((l) => l.startsWith('ENTRYPOINT')));
});

test('.dockerignore keeps secrets, VCS and host build output out of the context', () => {
  const ignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
  for (const p of ['.git', 'node_modules', 'dist', '**/.env', 'native/build']) {
    assert.ok(ignore.includes(p), `.dockerignore lacks ${p}`);
  }
});
