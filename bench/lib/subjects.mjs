// The programs under test. A subject is { id, command, prefix, env, cwd }: run as `command ...prefix ...args`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';

// BENCH_WEFT_ENTRY measures another build (e.g. a branch's dist/cli/main.js) with this harness.
export const weftEntry = process.env.BENCH_WEFT_ENTRY || join(repoRoot, 'dist', 'cli', 'main.js');

/** Builds dist/ so the numbers describe the current source (BENCH_SKIP_BUILD=1 to skip). */
export function ensureBuilt() {
  if ((process.env.BENCH_SKIP_BUILD === '1' || process.env.BENCH_WEFT_ENTRY) && existsSync(weftEntry)) return;
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed; cannot benchmark');
}

/** A scratch HOME so no subject reads the developer's real config or state. */
const homes = [];
process.on('exit', () => {
  for (const d of homes) rmSync(d, { recursive: true, force: true });
});

export function privateHome(tag) {
  const dir = mkdtempSync(join(tmpdir(), `clawft-bench-${tag}-`));
  homes.push(dir);
  mkdirSync(join(dir, '.config'), { recursive: true });
  return dir;
}

function baseEnv(home) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    NO_COLOR: '1',
    DO_NOT_TRACK: '1',
  };
}

/** The built weft CLI on the Node that runs this harness, with its own CLAWFT_HOME. */
export function weftSubject(home = privateHome('weft')) {
  return {
    id: 'weft',
    command: process.execPath,
    prefix: [weftEntry],
    cwd: home,
    home,
    env: { ...baseEnv(home), CLAWFT_HOME: join(home, '.clawft') },
  };
}

/** Bare `node -e 0` on a given binary: the floor any Node CLI pays. */
export function nodeSubject(id = 'node', nodeBin = process.execPath) {
  const home = privateHome(id);
  return { id, command: nodeBin, prefix: ['-e', '0'], cwd: home, home, env: baseEnv(home) };
}

/**
 * True when the command exists in this build: `weft <words> --help` exits 0 and
 * prints that command's own usage line (an unknown subcommand makes commander
 * print the parent's help instead, also with exit 0).
 */
export function weftHasCommand(subject, words) {
  const r = spawnSync(subject.command, [...subject.prefix, ...words, '--help'], {
    env: subject.env,
    cwd: subject.cwd,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return r.status === 0 && r.stdout.includes(`Usage: weft ${words.join(' ')}`);
}
