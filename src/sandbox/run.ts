import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { toWeftError, WeftError } from '../errors.js';
import { type AuditLog, newRunId, openAuditLog } from './audit.js';
import { detectCapabilities, type HostCapabilities } from './capabilities.js';
import { checkTool } from './gate.js';
import { IN_SANDBOX_PROXY_PORT, type LaunchPlan, planLaunch, SANDBOX_UID } from './launch.js';
import { findMasks, hostLayout } from './masks.js';
import { canonicalPath, envAllowed, isSystemPath, isWithin } from './policy/resolve.js';
import type { ResolvedPolicy } from './policy/types.js';
import type { RunResult } from './spawn.js';
import { spawnPlan } from './spawn.js';

export type { RunResult } from './spawn.js';

export interface RunOptions {
  /** host dir bound read-write and used as the working dir (default: a fresh per-run workspace, removed after) */
  cwd?: string;
  stdin?: string | Buffer;
  /** variables offered to the command (default process.env); only names the policy allows pass */
  env?: NodeJS.ProcessEnv;
  /** where decisions go: an open log, false for none, default the user's audit dir */
  audit?: AuditLog | false;
  agentId?: string;
  skill?: string;
  tool?: string;
  signal?: AbortSignal;
  /** run with fewer layers than the policy needs (audited) instead of refusing */
  allowDegraded?: boolean;
  /** override host detection (tests) */
  caps?: HostCapabilities;
  runId?: string;
}

const BASE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const RESERVED_ENV = new Set(['HOME', 'TMPDIR', 'USER', 'LOGNAME', 'PWD']);

/** The command's environment: a small fixed base plus host variables the policy allows. */
export function buildEnv(
  policy: ResolvedPolicy,
  source: NodeJS.ProcessEnv,
  workdir: string,
  proxy: boolean,
): { env: Record<string, string>; passed: string[]; dropped: string[] } {
  const env: Record<string, string> = {
    PATH: BASE_PATH,
    HOME: workdir,
    TMPDIR: '/tmp',
    LANG: 'C.UTF-8',
    USER: 'sandbox',
    LOGNAME: 'sandbox',
    SHELL: '/bin/sh',
  };
  const passed: string[] = [];
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(source)) {
    if (v === undefined || RESERVED_ENV.has(k)) continue;
    if (envAllowed(policy, k)) {
      env[k] = v;
      passed.push(k);
    } else if (policy.env.allow.length > 0) dropped.push(k);
  }
  for (const k of Object.keys(env)) {
    if (/^(https?|all|no)_proxy$/i.test(k)) delete env[k];
  }
  if (proxy) {
    const url = `http://127.0.0.1:${IN_SANDBOX_PROXY_PORT}`;
    Object.assign(env, {
      HTTP_PROXY: url,
      HTTPS_PROXY: url,
      http_proxy: url,
      https_proxy: url,
      NO_PROXY: '',
    });
  }
  return { env, passed: passed.sort(), dropped: dropped.sort() };
}

/** The workdir is bound read-write: never the OS, a kernel interface or a denied path. */
export function checkWorkdir(policy: ResolvedPolicy, workdir: string): void {
  let bad: string | null = null;
  if (['/proc', '/sys', '/dev'].some((k) => isWithin(workdir, k))) bad = 'a kernel interface';
  else if (isSystemPath(workdir) || workdir === '/tmp' || workdir === '/run') bad = 'a system path';
  else if (policy.fs.deny.some((d) => isWithin(workdir, d))) bad = 'inside the mandatory deny list';
  else if (!existsSync(workdir)) bad = 'missing';
  if (bad)
    throw new WeftError('E_POLICY_INVALID', `workdir ${workdir} is ${bad}; choose a project directory`);
}

const SYSTEM_PREFIXES = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/etc', '/proc', '/dev'];

/**
 * Explain up front why a path argument will not be reachable, so the audit log
 * says "mandatory deny: ~/.ssh" rather than only "exit 1". This is an
 * explanation, not the enforcement (that is the kernel's job).
 */
export function explainPathArgs(
  policy: ResolvedPolicy,
  command: string[],
  workdir: string,
): { path: string; reason: string }[] {
  const out: { path: string; reason: string }[] = [];
  for (const arg of command.slice(1)) {
    if (!/^(\/|~\/|\.\.?\/)/.test(arg) || arg.length > 4096) continue;
    const p = canonicalPath(arg, workdir, homedir());
    const deny = policy.fs.deny.find((d) => isWithin(p, d));
    if (deny) {
      out.push({ path: p, reason: `mandatory deny list (${deny})` });
      continue;
    }
    const granted = [...policy.fs.read, ...policy.fs.write, workdir].some((r) => isWithin(p, r));
    if (!granted && !SYSTEM_PREFIXES.some((s) => isWithin(p, s)))
      out.push({ path: p, reason: 'not granted by the policy' });
  }
  return out;
}

function argvHash(command: string[]): string {
  return createHash('sha256').update(command.join('\0')).digest('hex').slice(0, 16);
}

/**
 * The files every bwrap run binds (synthetic passwd/group/hosts, an empty dir
 * for masks) are the same for every run: written once per process into a
 * 0755 dir of ours and bound read-only, instead of per run.
 */
let staticDir: string | null = null;
function staticRunFiles(): string {
  if (staticDir && existsSync(join(staticDir, 'hosts'))) return staticDir;
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'weft-static-')));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'empty'), { mode: 0o555 });
  writeFileSync(
    join(dir, 'passwd'),
    `root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:${SANDBOX_UID}:${SANDBOX_UID}:sandbox:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
    { mode: 0o644 },
  );
  writeFileSync(join(dir, 'group'), `root:x:0:\nsandbox:x:${SANDBOX_UID}:\nnogroup:x:65534:\n`, {
    mode: 0o644,
  });
  // written last: its presence says the dir is complete
  writeFileSync(join(dir, 'hosts'), '127.0.0.1 localhost weft\n::1 localhost\n', { mode: 0o644 });
  if (staticDir === null)
    process.once('exit', () => staticDir && rmSync(staticDir, { recursive: true, force: true }));
  staticDir = dir;
  return dir;
}

/** A per-run dir, only when the run needs one (a fresh workspace, or the proxy socket). */
function prepareRunDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'weft-run-')));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * The one entry point agents, the gateway and the CLI use: gate the tool,
 * plan the launch for this host (fail closed), run, audit every decision.
 * Setup failures throw WeftError (E_SANDBOX_UNAVAILABLE, E_SANDBOX_SETUP,
 * E_TOOL_DENIED); the command's own failure is a RunResult.
 */
export async function runSandboxed(
  policy: ResolvedPolicy,
  command: string[],
  opts: RunOptions = {},
): Promise<RunResult> {
  const runId = opts.runId ?? newRunId();
  const ownAudit = opts.audit === undefined;
  const audit: AuditLog | null = opts.audit === false ? null : (opts.audit ?? openAuditLog());
  const base = {
    runId,
    agentId: opts.agentId ?? policy.source.agentId,
    skill: opts.skill ?? policy.source.skill,
    tool: opts.tool ?? null,
    policyHash: policy.hash,
  };
  const rec = (e: Parameters<AuditLog['record']>[0]) => audit?.record({ ...base, ...e });
  let runDir: string | null = null;
  let stopProxy: (() => Promise<void>) | null = null;
  try {
    rec({
      event: 'policy.resolve',
      decision: 'info',
      reason: `type=${policy.type}`,
      detail: {
        type: policy.type,
        read: policy.fs.read,
        write: policy.fs.write,
        net: policy.net.rules.map((r) => `${r.host}:${r.ports.join(',')}`),
        envAllow: policy.env.allow,
        limits: policy.limits,
        dropped: policy.dropped,
      },
    });
    if (opts.tool) {
      const g = checkTool(policy, opts.tool);
      rec({ event: 'tool.gate', decision: g.decision, reason: g.reason });
      if (g.decision === 'deny') throw new WeftError('E_TOOL_DENIED', `tool "${g.tool}" denied: ${g.reason}`);
    }
    if (command.length === 0) throw new WeftError('E_USAGE', 'no command to run');

    const wantNet = policy.net.rules.length > 0 && (policy.type === 'os' || policy.type === 'combined');
    if (!opts.cwd || wantNet) runDir = prepareRunDir();
    const workdir = opts.cwd ? canonicalPath(opts.cwd, process.cwd(), homedir()) : join(runDir!, 'work');
    if (!opts.cwd) mkdirSync(workdir, { mode: 0o700 });
    checkWorkdir(policy, workdir);
    const { env, passed } = buildEnv(policy, opts.env ?? process.env, workdir, wantNet);

    let plan: LaunchPlan;
    let isWasm = false;
    if (policy.type === 'wasm') {
      const { planWasm } = await import('./wasm/run.js');
      plan = planWasm(policy, command, { workdir, env, record: rec });
      isWasm = true;
    } else if (policy.type === 'none') {
      if (!policy.privileged)
        throw new WeftError('E_POLICY_INVALID', 'sandbox_type "none" requires privileged = true');
      plan = {
        backend: 'none',
        layers: ['env-filter'],
        missing: [],
        degraded: false,
        argv: command,
        env,
        cwd: workdir,
        limits: policy.limits,
      };
    } else {
      const caps = opts.caps ?? detectCapabilities();
      let inner = command;
      let runPolicy = policy;
      if (policy.type === 'combined') {
        // The whole WASM host (node + the module) runs inside the OS sandbox.
        const { planWasm } = await import('./wasm/run.js');
        const w = planWasm(policy, command, { workdir, env, record: rec });
        inner = w.argv;
        const extra = [dirname(w.module), dirname(process.execPath)].filter(
          (d) => ![...policy.fs.read, ...policy.fs.write, '/usr'].some((r) => isWithin(d, r)),
        );
        runPolicy = { ...policy, fs: { ...policy.fs, read: [...policy.fs.read, ...extra] } };
        isWasm = true;
      }
      let proxySocket: string | undefined;
      if (wantNet && caps.bwrap) {
        const { startProxy } = await import('./net/proxy.js');
        const proxy = await startProxy({
          socketPath: join(runDir!, 'proxy.sock'),
          rules: policy.net.rules,
          onDecision: (d) =>
            rec({
              event: 'net.decision',
              decision: d.decision,
              reason: d.reason,
              backend: 'proxy',
              detail: { method: d.method, host: d.host, port: d.port, address: d.address },
            }),
        });
        proxySocket = proxy.socketPath;
        stopProxy = proxy.close;
      }
      try {
        plan = planLaunch(runPolicy, caps, {
          command: inner,
          memoryBy: policy.type === 'combined' ? 'data' : 'as',
          workdir,
          runDir: staticRunFiles(),
          env,
          masks: findMasks(policy, [workdir]),
          layout: hostLayout(),
          proxySocket,
          allowDegraded: opts.allowDegraded,
        });
      } catch (err) {
        const e = toWeftError(err);
        rec({ event: 'backend.select', decision: 'deny', reason: e.message, detail: e.details ?? {} });
        throw e;
      }
    }
    rec({
      event: plan.degraded ? 'backend.degraded' : 'backend.select',
      decision: 'allow',
      reason: plan.degraded ? `degraded run: missing ${plan.missing.join(', ')}` : `backend ${plan.backend}`,
      backend: plan.backend,
      layers: plan.layers,
      detail: { missing: plan.missing },
    });
    for (const x of explainPathArgs(policy, command, workdir)) {
      rec({
        event: 'fs.deny',
        decision: 'deny',
        reason: `${x.path}: ${x.reason}`,
        backend: plan.backend,
        detail: x,
      });
    }
    rec({
      event: 'spawn',
      decision: 'allow',
      reason: `exec ${command[0]}`,
      backend: plan.backend,
      layers: plan.layers,
      detail: {
        argv0: command[0],
        argc: command.length,
        argvHash: argvHash(command),
        envNames: passed,
        cwd: workdir,
      },
    });
    let result: RunResult;
    if (isWasm) {
      const { runWasmPlan } = await import('./wasm/run.js');
      result = await runWasmPlan(plan, { workdir, env, stdin: opts.stdin, signal: opts.signal, record: rec });
      if (policy.type === 'combined') result.layers = ['wasm', ...result.layers];
    } else result = await spawnPlan(plan, { stdin: opts.stdin, signal: opts.signal });
    if (result.setupError) {
      rec({
        event: 'setup.error',
        decision: 'error',
        reason: result.setupError,
        backend: plan.backend,
        layers: plan.layers,
      });
      throw new WeftError('E_SANDBOX_SETUP', `sandbox setup failed: ${result.setupError}`);
    }
    if (result.limitHit) {
      rec({
        event: 'limit.hit',
        decision: 'deny',
        reason: `${result.limitHit} limit`,
        backend: plan.backend,
        layers: plan.layers,
        detail: { limit: result.limitHit, limits: plan.limits },
      });
    }
    rec({
      event: 'exit',
      decision: 'info',
      reason: result.signal ? `signal ${result.signal}` : `exit ${result.exitCode}`,
      backend: plan.backend,
      layers: plan.layers,
      detail: {
        exitCode: result.exitCode,
        signal: result.signal,
        durationMs: result.durationMs,
        stdoutBytes: Buffer.byteLength(result.stdout),
        stderrBytes: Buffer.byteLength(result.stderr),
        ...(result.limitHit ? { limitHit: result.limitHit } : {}),
      },
    });
    return result;
  } catch (err) {
    const e = toWeftError(err, 'E_SANDBOX_SETUP');
    if (e.code !== 'E_TOOL_DENIED' && e.code !== 'E_SANDBOX_UNAVAILABLE' && e.code !== 'E_SANDBOX_SETUP') {
      rec({ event: 'setup.error', decision: 'error', reason: e.message });
    }
    throw e;
  } finally {
    if (stopProxy) await stopProxy().catch(() => {});
    if (runDir) rmSync(runDir, { recursive: true, force: true });
    if (ownAudit) audit?.close();
  }
}
