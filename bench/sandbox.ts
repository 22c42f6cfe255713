// Sandbox startup overhead per layer: /bin/true through each backend.
// Usage: npm run bench:sandbox [-- --runs 30] [-- --before DIR]
//
// The machine is shared, so variants run interleaved (one run of each, round
// robin) and every row comes from the same minutes: load hits all rows alike.
// When this process may create a cgroup v1 cpuacct group (root), each row also
// reports CPU ms per run: user+sys of the bench process plus every process the
// run started (bwrap, helper, command), which other load skews far less than
// wall time. Kernel work deferred to kworkers (net namespace cleanup) is not in it.
// --before DIR adds rows from an older checkout's src/ (DIR must sit inside this
// repo so its imports resolve node_modules), for a before/after in one run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import wabt from 'wabt';
import { openAuditLog } from '../src/sandbox/audit.js';
import { detectCapabilities, findOnPath } from '../src/sandbox/capabilities.js';
import { hostLayout } from '../src/sandbox/masks.js';
import { resolvePolicy } from '../src/sandbox/policy/resolve.js';
import { runSandboxed } from '../src/sandbox/run.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Math.max(10, Number(arg('--runs') ?? 30));
const BEFORE = arg('--before');
const REPO = fileURLToPath(new URL('..', import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const round = (x: number) => Math.round(x * 100) / 100;

const spawnTrue = (argv: string[]) =>
  new Promise<void>((res, rej) => {
    const c = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    c.on('error', rej);
    c.on('close', () => res());
  });

/** A cpuacct cgroup holding this process (children inherit it), or null. */
function cpuGroup(): { usageMs(): number; close(): void } | null {
  const root = '/sys/fs/cgroup/cpuacct';
  const dir = `${root}/weft-bench-${process.pid}`;
  try {
    mkdirSync(dir);
    writeFileSync(`${dir}/cgroup.procs`, String(process.pid));
  } catch {
    try {
      rmdirSync(dir);
    } catch {
      // never made
    }
    return null;
  }
  return {
    usageMs: () => Number(readFileSync(`${dir}/cpuacct.usage`, 'utf8')) / 1e6,
    close: () => {
      writeFileSync(`${root}/cgroup.procs`, String(process.pid));
      rmdirSync(dir);
    },
  };
}

type Fn = () => Promise<unknown>;
interface Row {
  medianMs: number;
  p90Ms: number;
  /** CPU ms per run (bench process + the run's processes), when a cpuacct cgroup was available */
  cpuMs: number | null;
  runs: number;
}

/** One warm-up each, then RUNS rounds of every variant in turn. */
async function interleaved(variants: [string, Fn][]): Promise<Record<string, Row>> {
  for (const [, fn] of variants) await fn();
  const wall = variants.map(() => [] as number[]);
  const cpu = variants.map(() => 0);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, [, fn]] of variants.entries()) {
      const c0 = cg?.usageMs() ?? 0;
      const t = performance.now();
      await fn();
      wall[k]!.push(performance.now() - t);
      cpu[k]! += (cg?.usageMs() ?? 0) - c0;
    }
  }
  const out: Record<string, Row> = {};
  for (const [k, [name]] of variants.entries()) {
    const sorted = [...wall[k]!].sort((a, b) => a - b);
    out[name] = {
      medianMs: round(median(wall[k]!)),
      p90Ms: round(sorted[Math.floor(sorted.length * 0.9)]!),
      cpuMs: cg ? round(cpu[k]! / RUNS) : null,
      runs: RUNS,
    };
  }
  return out;
}

const caps = detectCapabilities();
const cg = cpuGroup();
const dir = mkdtempSync(join(tmpdir(), 'weft-bench-'));
const load0 = loadavg()[0]!;
let results: Record<string, Row> = {};
try {
  const base = resolvePolicy({});
  const net = resolvePolicy({ network: { rules: [{ host: 'example.com' }] } });
  const run =
    (p = base, extra: Parameters<typeof runSandboxed>[2] = {}) =>
    () =>
      runSandboxed(p, ['/bin/true'], { audit: false, ...extra });
  const v: [string, Fn][] = [['unsandboxed', () => spawnTrue(['/bin/true'])]];
  if (caps.helper) {
    v.push([
      'helper only (landlock+seccomp+rlimits, degraded)',
      run(base, { caps: { ...caps, bwrap: null }, allowDegraded: true }),
    ]);
  }
  if (caps.bwrap) {
    // raw bwrap, for the breakdown: what the kernel and bwrap cost before weft's mounts and helper
    const sys = [
      '--ro-bind',
      '/usr',
      '/usr',
      ...hostLayout().symlinks.flatMap(([t, p]) => ['--symlink', t, p]),
    ];
    v.push([
      'raw bwrap: user namespace, /usr only',
      () => spawnTrue([caps.bwrap!, '--unshare-user', ...sys, '/bin/true']),
    ]);
    v.push([
      'raw bwrap: all namespaces + /proc + /dev',
      () =>
        spawnTrue([
          caps.bwrap!,
          '--unshare-all',
          '--unshare-user',
          ...sys,
          '--proc',
          '/proc',
          '--dev',
          '/dev',
          '/bin/true',
        ]),
    ]);
    v.push([
      'bwrap only (namespaces, degraded)',
      run(base, { caps: { ...caps, helper: null }, allowDegraded: true }),
    ]);
  }
  if (caps.bwrap && caps.helper) {
    v.push(['os: bwrap + helper (full)', run()]);
    const audit = openAuditLog({ dir: join(dir, 'audit') });
    v.push(['os, audit log on', run(base, { audit })]);
    v.push(['os + proxy', run(net)]);
    // a real project as the workdir: every run walks it for deny names (.env, .ssh, sockets, ...)
    v.push(['os, workdir = this repo (~1k entries walked)', run(base, { cwd: REPO })]);
  }
  if (BEFORE && caps.bwrap && caps.helper) {
    const root = resolve(BEFORE);
    const old = (await import(pathToFileURL(join(root, 'src/sandbox/run.ts')).href)) as {
      runSandboxed: typeof runSandboxed;
    };
    const oldCaps = (await import(pathToFileURL(join(root, 'src/sandbox/capabilities.ts')).href)) as {
      detectCapabilities: typeof detectCapabilities;
    };
    const c = oldCaps.detectCapabilities({ ...process.env, WEFT_SANDBOX_HELPER: '' });
    v.push(['before: os full', () => old.runSandboxed(base, ['/bin/true'], { audit: false, caps: c })]);
    v.push(['before: os + proxy', () => old.runSandboxed(net, ['/bin/true'], { audit: false, caps: c })]);
    v.push([
      'before: os, workdir = this repo',
      () => old.runSandboxed(base, ['/bin/true'], { audit: false, caps: c, cwd: REPO }),
    ]);
  }
  const w = await wabt();
  const m = w.parseWat('t.wat', '(module (memory (export "memory") 1 1) (func (export "_start")))');
  const mod = join(dir, 'true.wasm');
  writeFileSync(mod, Buffer.from(m.toBinary({}).buffer));
  mkdirSync(join(dir, 'w'));
  v.push([
    'wasm (node:wasi in a child)',
    () => runSandboxed(resolvePolicy({ sandbox_type: 'wasm' }), [mod], { audit: false, cwd: join(dir, 'w') }),
  ]);
  if (caps.bwrap && caps.helper) {
    v.push([
      'combined (wasm host inside os)',
      () =>
        runSandboxed(resolvePolicy({ sandbox_type: 'combined' }), [mod], {
          audit: false,
          cwd: join(dir, 'w'),
        }),
    ]);
  }
  if (BEFORE) {
    const old = (await import(pathToFileURL(join(resolve(BEFORE), 'src/sandbox/run.ts')).href)) as {
      runSandboxed: typeof runSandboxed;
    };
    v.push([
      'before: wasm',
      () =>
        old.runSandboxed(resolvePolicy({ sandbox_type: 'wasm' }), [mod], {
          audit: false,
          cwd: join(dir, 'w'),
        }),
    ]);
  }
  const srt = findOnPath('srt');
  if (srt) v.push(['srt (@anthropic-ai/sandbox-runtime)', () => spawnTrue([srt, '/bin/true'])]);
  results = await interleaved(v);
} finally {
  rmSync(dir, { recursive: true, force: true });
  cg?.close();
}

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  kernel: release(),
  node: process.versions.node,
  bwrap: spawnSync('bwrap', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? null,
  landlockAbi: caps.landlock.abi,
  // other work on the machine skews absolute numbers; compare rows within one run
  loadavg1m: { start: round(load0), end: round(loadavg()[0]!) },
};
const out = { date: new Date().toISOString(), command: '/bin/true', machine, results };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/sandbox.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
const baseRow = results.unsandboxed!;
const md = [
  `# Sandbox startup overhead (${RUNS} interleaved rounds of /bin/true)`,
  '',
  `${machine.cpus} cores, ${machine.cpu}, kernel ${machine.kernel}, node ${machine.node}, ${machine.bwrap}, Landlock ABI ${machine.landlockAbi}, load average ${machine.loadavg1m.start} -> ${machine.loadavg1m.end} during the run`,
  '',
  'Overhead = row minus `unsandboxed` (node spawning /bin/true directly) in the same run. CPU = user+sys ms per run of the bench process and everything the run started (cpuacct cgroup).',
  '',
  '| layer | median ms | p90 ms | overhead ms | CPU ms | CPU overhead ms |',
  '|---|---:|---:|---:|---:|---:|',
  ...Object.entries(results).map(
    ([k, r]) =>
      `| ${k} | ${r.medianMs} | ${r.p90Ms} | ${round(r.medianMs - baseRow.medianMs)} | ${r.cpuMs ?? 'n/a'} | ${r.cpuMs === null ? 'n/a' : round(r.cpuMs - baseRow.cpuMs!)} |`,
  ),
  '',
];
writeFileSync(new URL('./results/sandbox.md', import.meta.url), md.join('\n'));
process.stdout.write(md.join('\n'));
