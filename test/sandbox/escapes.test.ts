import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { detectCapabilities } from '../../src/sandbox/capabilities.js';
import { CASES, type EscapeCase } from './escapes/cases.js';
import { type Fixture, fill, makeFixture } from './escapes/fixture.js';
import { type CaseRun, runCase } from './escapes/runner.js';
import { type Stage, stageUnprivileged } from './escapes/stage.js';

const caps = detectCapabilities();
const ready = Boolean(caps.bwrap && caps.helper && caps.userNamespaces && caps.landlock.available);
if (!ready && process.env.CI) {
  throw new Error(
    `sandbox layers missing in CI: bwrap=${caps.bwrap} helper=${caps.helper} landlock=${caps.landlock.available}`,
  );
}
const skip = ready
  ? false
  : 'bwrap, userns, Landlock or the native helper is missing (make -C native; apt-get install bubblewrap)';
const isRoot = process.getuid?.() === 0;

// The "as uid 65534" runs do not read the checkout (it may sit in a 0700 dir such as
// `mktemp -d` or /root): the runner is bundled and staged with the helper in a
// root-owned 0755 dir. In CI a failure to stage fails the suite instead of skipping.
let stage: Stage | null = null;
let asUserSkip: string | false = false;
if (isRoot && ready) {
  try {
    stage = await stageUnprivileged(caps.helper!);
  } catch (err) {
    asUserSkip = `cannot stage the unprivileged runner: ${(err as Error).message}`;
    if (process.env.CI) throw new Error(`${asUserSkip} (CI must run the uid 65534 variants)`);
  }
}

function hostProcessWith(fragment: string): boolean {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(fragment)) return true;
    } catch {
      // gone
    }
  }
  return false;
}

function check(c: EscapeCase, r: CaseRun, fx: Fixture, who: string): void {
  const ctx = `${c.id} (${who}): ${JSON.stringify({ exit: r.exitCode, limit: r.limitHit, err: r.error, out: r.stdout.slice(0, 300), errOut: r.stderr.slice(0, 300) })}`;
  assert.equal(r.error, undefined, ctx);
  const e = c.expect;
  if (e.exit === 'zero') assert.equal(r.exitCode, 0, ctx);
  if (e.exit === 'nonzero') assert.notEqual(r.exitCode, 0, ctx);
  for (const s of e.stdoutIncludes ?? [])
    assert.ok(r.stdout.includes(fill(s, fx)), `stdout lacks ${s}: ${ctx}`);
  for (const s of e.outputExcludes ?? []) {
    assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), `output has ${s}: ${ctx}`);
  }
  if (e.limitHit) {
    const want = Array.isArray(e.limitHit) ? e.limitHit : [e.limitHit];
    assert.ok(r.limitHit && want.includes(r.limitHit), `limitHit ${r.limitHit} not in ${want}: ${ctx}`);
  }
  if (e.hostAbsent) assert.ok(!existsSync(fill(e.hostAbsent, fx)), `${e.hostAbsent} was created: ${ctx}`);
  if (e.noProcess)
    assert.ok(!hostProcessWith(e.noProcess), `a "${e.noProcess}" process outlived the run: ${ctx}`);
  const a = e.audit;
  const hit = r.events.find(
    (ev) =>
      ev.event === a.event &&
      (!a.decision || ev.decision === a.decision) &&
      (!a.reasonIncludes || ev.reason.includes(a.reasonIncludes)),
  );
  assert.ok(
    hit,
    `no audit event ${JSON.stringify(a)} in ${JSON.stringify(r.events.map((x) => [x.event, x.reason]))}: ${ctx}`,
  );
  assert.ok(
    r.events.some((ev) => ev.event === 'spawn'),
    `no spawn event: ${ctx}`,
  );
}

describe('sandbox escape suite', { skip }, () => {
  let fx: Fixture;
  let fxUser: Fixture;
  let dir: string;
  before(async () => {
    // Not tempDir(): its after() hook would bind to this before() hook and run at once.
    dir = mkdtempSync(join(tmpdir(), 'weft-escapes-'));
    chmodSync(dir, 0o755);
    fx = await makeFixture(join(dir, 'fx'));
    // a second tree for the unprivileged runs, so files written as root do not get in the way
    fxUser = await makeFixture(join(dir, 'fx-user'));
    // start both batches now so they overlap
    ownRuns();
    if (isRoot && !asUserSkip) userRuns().catch(() => {});
  });
  // This uid's runs go through a small pool (each run mostly waits on the kernel).
  let own: Map<string, Promise<CaseRun>> | null = null;
  const ownRuns = (): Map<string, Promise<CaseRun>> => {
    if (own) return own;
    const m = new Map<string, Promise<CaseRun>>();
    const queue = [...CASES];
    const auditDir = join(dir, 'audit');
    const waiters = new Map<string, (r: CaseRun) => void>();
    for (const c of CASES) m.set(c.id, new Promise<CaseRun>((res) => waiters.set(c.id, res)));
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        waiters.get(c.id)!(await runCase(c, fx, auditDir, join(dir, 'clawft')));
      }
    };
    for (let i = 0; i < 3; i++) void worker();
    own = m;
    return m;
  };
  // All unprivileged runs happen in one child process (node + tsx start once).
  let userResults: Promise<Record<string, CaseRun>> | null = null;
  const userRuns = (): Promise<Record<string, CaseRun>> => {
    if (userResults) return userResults;
    const userDir = join(dir, 'nobody');
    mkdirSync(userDir, { recursive: true, mode: 0o777 });
    chmodSync(userDir, 0o777);
    const cases = CASES.filter((c) => c.tags.includes('both'));
    userResults = new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [stage!.runner], {
        uid: 65534,
        gid: 65534,
        cwd: stage!.dir,
        env: { PATH: process.env.PATH, HOME: userDir, WEFT_SANDBOX_HELPER: stage!.helper },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`runner as uid 65534 failed (${code}): ${err}`));
        else resolve(JSON.parse(out) as Record<string, CaseRun>);
      });
      child.stdin.end(
        JSON.stringify({
          cases,
          fx: fxUser,
          auditDir: join(userDir, 'audit'),
          clawftHome: join(userDir, 'clawft'),
        }),
      );
    });
    return userResults;
  };
  after(async () => {
    await fx?.close();
    await fxUser?.close();
    rmSync(dir, { recursive: true, force: true });
    stage?.remove();
  });

  for (const c of CASES) {
    test(`${c.id} [${c.tags.join(',')}]`, async () => {
      const r = await ownRuns().get(c.id)!;
      check(c, r, fx, isRoot ? 'root' : 'user');
    });
    if (isRoot && c.tags.includes('both')) {
      test(`${c.id} [as uid 65534]`, { skip: asUserSkip }, async () => {
        const r = (await userRuns())[c.id];
        assert.ok(r, `no result for ${c.id}`);
        check(c, r, fxUser, 'uid 65534');
      });
    }
  }
});
