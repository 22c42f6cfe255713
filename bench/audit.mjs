#!/usr/bin/env node
// `weft security audit` on an installation with 5 agents and 50 installed skills, side by side with
// `openclaw security audit` over the same 50 skills (OpenClaw's own default agent; its multi-agent
// config differs, so the agents are weft-only). Cold runs, interleaved, no warmup.
// Usage: npm run bench:audit  (env: BENCH_RUNS=20 BENCH_SLOW_RUNS=5 BENCH_OPENCLAW=0 to skip OpenClaw)
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { machineInfo } from './lib/machine.mjs';
import { openclawPaths, openclawSubject } from './lib/openclaw.mjs';
import { repoRoot } from './lib/paths.mjs';
import { resultsDir } from './lib/results.mjs';
import { ratio } from './lib/stats.mjs';
import { ensureBuilt, weftSubject } from './lib/subjects.mjs';
import { coldStart } from './lib/timing.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SLOW_RUNS = Number(process.env.BENCH_SLOW_RUNS ?? 5);
const AGENTS = 5;
const SKILLS = 50;

function skillMd(i) {
  return `---\nname: bench-skill-${i}\ndescription: Benchmark skill ${i} that summarises notes and files.\nversion: 1.0.${i}\n---\n\n# Skill ${i}\n\nRead the notes the user names and summarise them.\n\n\`\`\`bash\ncat notes.md | head -50\n\`\`\`\n`;
}

function seedWeft(home) {
  const state = join(home, '.clawft');
  for (let a = 0; a < AGENTS; a++) {
    const dir = join(state, 'agents', `agent-${a}`);
    const ws = join(dir, 'workspace');
    mkdirSync(join(ws, '.clawhub'), { recursive: true });
    writeFileSync(
      join(dir, 'config.toml'),
      `[sandbox]\nsandbox_type = "os"\n\n[[sandbox.filesystem.rules]]\npath = "~/projects/p${a}"\nwritable = true\n\n[[sandbox.network.rules]]\nhost = "api.example${a}.com"\n`,
      { mode: 0o600 },
    );
    const lock = { version: 1, skills: {} };
    for (let i = a * (SKILLS / AGENTS); i < (a + 1) * (SKILLS / AGENTS); i++) {
      const sdir = join(ws, 'skills', `bench-skill-${i}`);
      mkdirSync(sdir, { recursive: true });
      writeFileSync(join(sdir, 'SKILL.md'), skillMd(i));
      lock.skills[`bench-skill-${i}`] = { version: `1.0.${i}`, installedAt: Date.now() };
    }
    writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock));
  }
}

function seedOpenClaw(home) {
  for (let i = 0; i < SKILLS; i++) {
    const dir = join(home, '.openclaw', 'skills', `bench-skill-${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'SKILL.md'), skillMd(i));
  }
}

ensureBuilt();
const weft = weftSubject();
seedWeft(weft.home);
const weftCase = { key: 'weft', subject: weft, args: ['security', 'audit', '--json', '--fail-on', 'none'] };
const cases = [weftCase];
let oc;
if (process.env.BENCH_OPENCLAW !== '0') {
  oc = openclawSubject(openclawPaths());
  if (oc) {
    seedOpenClaw(oc.home);
    cases.push({ key: 'openclaw', subject: oc, args: ['security', 'audit', '--json'], okStatus: [0, 1] });
  }
}
const log = (m) => console.error(m);
log(`paired runs: ${SLOW_RUNS} x ${cases.map((c) => c.key).join(' + ')}`);
const paired = coldStart(cases, { runs: SLOW_RUNS, timeoutMs: 300_000, log });
log(`weft alone: ${RUNS} runs`);
const weftOnly = coldStart([weftCase], { runs: RUNS, log })[0];
const w = paired.find((c) => c.key === 'weft');
const o = paired.find((c) => c.key === 'openclaw');
const result = {
  suite: 'audit',
  machine: machineInfo(repoRoot),
  setup: { agents: AGENTS, skills: SKILLS },
  weft: weftOnly,
  paired,
  ratio: o && o.status === 'ok' && w ? ratio(w, o) : null,
};
const row = (k, s) =>
  s?.status === 'ok'
    ? `| ${k} | ${s.samples.length} | ${s.summary.median} | ${s.summary.min} | ${s.summary.max} |`
    : `| ${k} | - | ${s?.reason ?? 'not available'} | | |`;
const md = [
  `# security audit: ${AGENTS} agents, ${SKILLS} installed skills`,
  '',
  '| subject | runs | median ms | min ms | max ms |',
  '|---|---:|---:|---:|---:|',
  row('weft (alone)', weftOnly),
  row('weft (paired)', w),
  row(
    'openclaw (paired)',
    o ?? { status: 'n/a', reason: 'OpenClaw not installed (scripts/bench/compare-openclaw.sh installs it)' },
  ),
  '',
  result.ratio
    ? `weft / openclaw (paired, per-run ratio): median ${result.ratio.median} (min ${result.ratio.min}, max ${result.ratio.max})`
    : '',
].join('\n');
await mkdir(resultsDir(), { recursive: true });
await writeFile(join(resultsDir(), 'audit.json'), `${JSON.stringify(result, null, 2)}\n`);
await writeFile(join(resultsDir(), 'audit.md'), `${md}\n`);
console.log(md);
