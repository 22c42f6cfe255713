// Sandbox startup overhead per layer: median of N runs of /bin/true (default 25).
// Usage: npm run bench:sandbox [-- --runs 40]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import wabt from 'wabt';
import { detectCapabilities, findOnPath } from '../src/sandbox/capabilities.js';
import { resolvePolicy } from '../src/sandbox/policy/resolve.js';
import { runSandboxed } from '../src/sandbox/run.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = Math.max(20, runsArg > 0 ? Number(process.argv[runsArg + 1]) : 25);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const round = (x: number) => Math.round(x * 100) / 100;

async function time(fn: () => Promise<unknown>): Promise<{ medianMs: number; p90Ms: number; runs: number }> {
  await fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  const sorted = [...xs].sort((a, b) => a - b);
  return { medianMs: round(median(xs)), p90Ms: round(sorted[Math.floor(sorted.length * 0.9)]!), runs: RUNS };
}

const spawnTrue = (argv: string[]) =>
  new Promise<void>((res, rej) => {
    const c = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    c.on('error', rej);
    c.on('close', () => res());
  });

const caps = detectCapabilities();
const results: Record<string, unknown> = {};
const dir = mkdtempSync(join(tmpdir(), 'weft-bench-'));
try {
  results.unsandboxed = await time(() => spawnTrue(['/bin/true']));
  const base = resolvePolicy({});
  const run =
    (p = base, extra: Parameters<typeof runSandboxed>[2] = {}) =>
    () =>
      runSandboxed(p, ['/bin/true'], { audit: false, ...extra });
  if (caps.helper) {
    results['helper only (landlock+seccomp+rlimits, degraded)'] = await time(
      run(base, { caps: { ...caps, bwrap: null }, allowDegraded: true }),
    );
  }
  if (caps.bwrap) {
    results['bwrap only (namespaces, degraded)'] = await time(
      run(base, { caps: { ...caps, helper: null }, allowDegraded: true }),
    );
  }
  if (caps.bwrap && caps.helper) {
    results['os: bwrap + helper (full)'] = await time(run());
    const net = resolvePolicy({ network: { rules: [{ host: 'example.com' }] } });
    results['os + proxy'] = await time(run(net));
  }
  const w = await wabt();
  const m = w.parseWat('t.wat', '(module (memory (export "memory") 1 1) (func (export "_start")))');
  const mod = join(dir, 'true.wasm');
  writeFileSync(mod, Buffer.from(m.toBinary({}).buffer));
  mkdirSync(join(dir, 'w'));
  results['wasm (node:wasi worker in a child)'] = await time(() =>
    runSandboxed(resolvePolicy({ sandbox_type: 'wasm' }), [mod], { audit: false, cwd: join(dir, 'w') }),
  );
  if (caps.bwrap && caps.helper) {
    results['combined (wasm host inside os)'] = await time(() =>
      runSandboxed(resolvePolicy({ sandbox_type: 'combined' }), [mod], { audit: false, cwd: join(dir, 'w') }),
    );
  }
  const srt = findOnPath('srt');
  results['srt (@anthropic-ai/sandbox-runtime)'] = srt
    ? await time(() => spawnTrue([srt, '/bin/true']))
    : null;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  kernel: release(),
  node: process.versions.node,
  bwrap: spawnSync('bwrap', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? null,
  landlockAbi: caps.landlock.abi,
  // other work on the machine skews absolute numbers; compare rows within one run
  loadavg1m: round(loadavg()[0]!),
};
const out = { date: new Date().toISOString(), command: '/bin/true', machine, results };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/sandbox.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
const md = [
  `# Sandbox startup overhead (median of ${RUNS} runs of /bin/true)`,
  '',
  `${machine.cpus} cores, ${machine.cpu}, kernel ${machine.kernel}, node ${machine.node}, ${machine.bwrap}, Landlock ABI ${machine.landlockAbi}, load average ${machine.loadavg1m} during the run`,
  '',
  '| layer | median ms | p90 ms | overhead vs unsandboxed ms |',
  '|---|---:|---:|---:|',
  ...Object.entries(results).map(([k, v]) => {
    if (!v) return `| ${k} | not installed | | |`;
    const r = v as { medianMs: number; p90Ms: number };
    const baseMs = (results.unsandboxed as { medianMs: number }).medianMs;
    return `| ${k} | ${r.medianMs} | ${r.p90Ms} | ${round(r.medianMs - baseMs)} |`;
  }),
  '',
];
writeFileSync(new URL('./results/sandbox.md', import.meta.url), md.join('\n'));
process.stdout.write(md.join('\n'));
