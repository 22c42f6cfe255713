#!/usr/bin/env node
// Fails when the npm package is over its size budget.
// Usage: node scripts/ci/pack-size.mjs [--json]   (run `npm run build` first)
//
// Budgets (bytes) from WEFT_PACK_BUDGET / WEFT_PACK_UNPACKED_BUDGET, else 1 MB
// packed and 4 MB unpacked: `npm i -g clawft` should stay a few-second install,
// and only dist/, the native helper's C sources, skills/ and docs/ ship.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('../..', import.meta.url).pathname;
const packedBudget = Number(process.env.WEFT_PACK_BUDGET ?? 1_000_000);
const unpackedBudget = Number(process.env.WEFT_PACK_UNPACKED_BUDGET ?? 4_000_000);

if (!existsSync(new URL('../../dist/cli/main.js', import.meta.url))) {
  console.error('pack-size: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
// --ignore-scripts: `prepare` would rebuild; the caller already built.
const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
  cwd: root,
  encoding: 'utf8',
});
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(2);
}
const [pkg] = JSON.parse(r.stdout);
const report = {
  name: pkg.name,
  version: pkg.version,
  files: pkg.entryCount,
  packedBytes: pkg.size,
  packedBudget,
  unpackedBytes: pkg.unpackedSize,
  unpackedBudget,
  ok: pkg.size <= packedBudget && pkg.unpackedSize <= unpackedBudget,
};
if (process.argv.includes('--json')) console.log(JSON.stringify(report));
else {
  const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
  console.log(`${report.name}@${report.version}: ${report.files} files`);
  console.log(`packed   ${kb(report.packedBytes)} (budget ${kb(packedBudget)})`);
  console.log(`unpacked ${kb(report.unpackedBytes)} (budget ${kb(unpackedBudget)})`);
}
if (!report.ok) {
  console.error('pack-size: over budget');
  process.exit(1);
}
