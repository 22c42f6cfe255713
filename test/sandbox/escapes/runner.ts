import { openAuditLog, readAuditLog } from '../../../src/sandbox/audit.js';
import { resolvePolicy } from '../../../src/sandbox/policy/resolve.js';
import { runSandboxed } from '../../../src/sandbox/run.js';
import type { EscapeCase } from './cases.js';
import { fillDeep } from './fixture.js';

export interface CaseRun {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  limitHit?: string | undefined;
  events: { event: string; decision: string; reason: string; runId: string }[];
  error?: string;
}

type Fx = { root: string; home: string; work: string; sock: string; port: number };

/** Run one case in this process (the suite calls it directly, or as another uid via main()). */
export async function runCase(c: EscapeCase, fx: Fx, auditDir: string, clawftHome: string): Promise<CaseRun> {
  const policy = resolvePolicy(fillDeep(c.policy, fx), undefined, {
    home: fx.home,
    env: { CLAWFT_HOME: clawftHome },
  });
  const audit = openAuditLog({ dir: auditDir });
  const runId = `${c.id}-${process.getuid?.() ?? 0}-${Date.now()}`;
  try {
    const r = await runSandboxed(policy, fillDeep(c.payload, fx), {
      cwd: fx.work,
      env: { PATH: process.env.PATH ?? '', ...(c.env ?? {}) },
      audit,
      runId,
    });
    return {
      exitCode: r.exitCode,
      signal: r.signal,
      stdout: r.stdout,
      stderr: r.stderr,
      limitHit: r.limitHit,
      events: readAuditLog(auditDir).filter((e) => e.runId === runId),
    };
  } catch (err) {
    return {
      exitCode: null,
      signal: null,
      stdout: '',
      stderr: '',
      error: String(err),
      events: readAuditLog(auditDir).filter((e) => e.runId === runId),
    };
  } finally {
    audit.close();
  }
}

// As a script (the suite runs it as another uid): reads {cases, fx, auditDir, clawftHome}
// as JSON on stdin and prints {id: CaseRun} as JSON.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  const chunks: Buffer[] = [];
  process.stdin.on('data', (d: Buffer) => chunks.push(d));
  process.stdin.on('end', async () => {
    const arg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      cases: EscapeCase[];
      fx: Fx;
      auditDir: string;
      clawftHome: string;
    };
    const out: Record<string, CaseRun> = {};
    const queue = [...arg.cases];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift())
        out[c.id] = await runCase(c, arg.fx, arg.auditDir, arg.clawftHome);
    };
    await Promise.all([worker(), worker(), worker()]);
    process.stdout.write(JSON.stringify(out));
  });
}
