import { chmodSync, copyFileSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Everything the escape suite's "as uid 65534" runs need, copied into a
 * root-owned 0755 dir under /tmp: the runner bundled into one file (src/ plus
 * its npm deps, so no node_modules or checkout is read) and the native helper.
 * The checkout itself may sit in a 0700 dir (`mktemp -d`, /root) that uid
 * 65534 cannot traverse; the staged copy does not depend on where it is.
 */
export interface Stage {
  dir: string;
  runner: string;
  helper: string;
  remove(): void;
}

const RUNNER_SRC = fileURLToPath(new URL('./runner.ts', import.meta.url));

/** Why `uid 65534` could not reach, or could write, `path` (null: fine). */
export function othersProblem(path: string, want: 'dir' | 'exec' | 'read'): string | null {
  let p: string;
  try {
    p = realpathSync(path);
  } catch {
    return `${path} is missing`;
  }
  const st = statSync(p);
  const bit = want === 'read' ? 0o004 : 0o001;
  if ((st.mode & bit) === 0) return `${p} is mode ${(st.mode & 0o7777).toString(8)}`;
  // Every parent must be traversable; none may let others swap our entries (sticky /tmp is fine).
  for (let d = dirname(p), child = p; d !== child; child = d, d = dirname(d)) {
    const s = statSync(d);
    if ((s.mode & 0o001) === 0)
      return `${d} is not traversable by others (mode ${(s.mode & 0o7777).toString(8)})`;
    if ((s.mode & 0o002) !== 0 && (s.mode & 0o1000) === 0) return `${d} is writable by others`;
  }
  return null;
}

function stageBase(): string {
  for (const base of [tmpdir(), '/tmp']) if (othersProblem(base, 'dir') === null) return base;
  throw new Error(`neither ${tmpdir()} nor /tmp is traversable by uid 65534`);
}

/** Build the stage; throws with the reason when something is missing. */
export async function stageUnprivileged(helper: string): Promise<Stage> {
  const nodeProblem = othersProblem(process.execPath, 'exec');
  if (nodeProblem) throw new Error(`node (${process.execPath}) is not runnable by uid 65534: ${nodeProblem}`);
  const dir = mkdtempSync(join(stageBase(), 'weft-escapes-stage-'));
  try {
    chmodSync(dir, 0o755);
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [RUNNER_SRC],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      // CommonJS deps (pino) call require() for node builtins; give the ESM bundle one.
      banner: {
        js: "import { createRequire as __weftRequire } from 'node:module'; const require = __weftRequire(import.meta.url);",
      },
    });
    const runner = join(dir, 'runner.mjs');
    writeFileSync(runner, out.outputFiles[0]!.contents, { mode: 0o644 });
    chmodSync(runner, 0o644);
    const staged = join(dir, 'weft-sandbox');
    copyFileSync(helper, staged);
    chmodSync(staged, 0o755);
    for (const [p, want] of [
      [runner, 'read'],
      [staged, 'exec'],
    ] as const) {
      const problem = othersProblem(p, want);
      if (problem) throw new Error(problem);
    }
    return { dir, runner, helper: staged, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
