// `npm run bench`: every suite in one run, side by side with OpenClaw (installed into
// the bench cache on first use; BENCH_OPENCLAW=0 to measure weft alone). Writes each
// suite's files plus bench/results/<date>-<git-sha>.{json,md} with everything.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFootprint } from './footprint.mjs';
import { gatewayAdapters, runGateways } from './lib/gateway-suite.mjs';
import { ensureOpenClaw } from './lib/openclaw.mjs';
import { benchOptions, log, machine, maybeOpenClaw } from './lib/options.mjs';
import { repoRoot } from './lib/paths.mjs';
import { markdownTable, resultsDir, suiteMarkdown, writeSuite } from './lib/results.mjs';
import { ensureBuilt, weftSubject } from './lib/subjects.mjs';
import { MEMORY_LOAD, runMemory } from './memory.mjs';
import { runMicro } from './micro.mjs';
import { runStartup } from './startup.mjs';
import { runThroughput, THROUGHPUT_LOAD } from './throughput.mjs';

const OWN = new Set([
  'bench',
  'bench:startup',
  'bench:memory',
  'bench:throughput',
  'bench:footprint',
  'bench:micro',
  'bench:check',
  'bench:compare',
]);

const opts = { ...benchOptions(), openclaw: process.env.BENCH_OPENCLAW !== '0' };
if (opts.openclaw) ensureOpenClaw({ log });
ensureBuilt();
process.env.BENCH_SKIP_BUILD = '1';

const results = {};
const save = (name, r) => {
  results[name] = r;
  writeSuite(name, r);
  log(`${name}: done`);
};

save('footprint', await runFootprint(opts));
save('startup', await runStartup(opts));
// One gateway lifetime per subject serves both the memory and the throughput suites.
log('gateways: start, health, idle, warmup, bounded load');
const gw = await runGateways(gatewayAdapters(weftSubject(), maybeOpenClaw(opts), opts), {
  load: THROUGHPUT_LOAD,
});
save('memory', await runMemory(opts, { gateways: gw }));
const tp = await runThroughput({ ...opts, gatewaysOverride: gw });
save('throughput', tp);
save('micro', await runMicro(opts));

// Benches other areas add as `bench:<area>` scripts run too, each on its own.
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const others = Object.keys(pkg.scripts ?? {}).filter((s) => s.startsWith('bench:') && !OWN.has(s));
const external = {};
for (const s of others) {
  log(`running npm run ${s}`);
  const r = spawnSync('npm', ['run', '--silent', s], { cwd: repoRoot, stdio: 'inherit', env: process.env });
  external[s] = r.status === 0 ? 'ok' : `failed (exit ${r.status})`;
}

const m = machine(opts);
const stamp = `${m.date.slice(0, 10)}-${m.git.sha}`;
const all = {
  machine: m,
  config: { ...opts, memoryLoad: MEMORY_LOAD, throughputLoad: THROUGHPUT_LOAD },
  suites: results,
  external,
};
const seen = new Set();
const headline = ['footprint', 'startup', 'memory', 'throughput']
  .flatMap((k) => results[k].metrics)
  .filter((x) => !seen.has(x.id) && seen.add(x.id));
const md = [
  `# clawft benchmarks ${stamp}${opts.openclaw ? ' (weft vs OpenClaw, one run)' : ''}`,
  '',
  `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.kernel}; weft on Node ${m.node}${m.node24 ? `, OpenClaw ${m.openclaw} on Node ${m.node24}` : ''}; load at start ${m.loadavgAtStart.join(' ')}.`,
  '',
  markdownTable(headline),
  '',
  ...Object.values(results).map((r) => suiteMarkdown(r).split('\n').slice(4).join('\n')),
  ...(others.length
    ? ['## Other area benches', '', ...others.map((s) => `- \`npm run ${s}\`: ${external[s]}`), '']
    : []),
].join('\n');
const dir = resultsDir();
writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(all, null, 2)}\n`);
writeFileSync(join(dir, `${stamp}.md`), md);
if (opts.openclaw) writeFileSync(join(dir, 'compare-openclaw.md'), md);
console.log(md);
console.error(`wrote ${join(dir, `${stamp}.json`)} and .md`);
