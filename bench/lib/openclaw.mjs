// Installs and runs the pinned OpenClaw release for side-by-side numbers.
// Everything lives outside the repo in a cache dir; OpenClaw runs on the Node 24
// binary from the npm registry's `node` package because it requires Node >= 24.16.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';
import { privateHome } from './subjects.mjs';

export const NODE24_VERSION = process.env.BENCH_NODE24_VERSION || '24.21.0';
export const cacheDir = () => process.env.CLAWFT_BENCH_CACHE || '/var/cache/clawft-bench';
export const openclawVersion = () =>
  readFileSync(join(repoRoot, 'bench', 'openclaw-version.txt'), 'utf8').trim();

export function openclawPaths(version = openclawVersion()) {
  const node24Prefix = join(cacheDir(), `node-${NODE24_VERSION}`);
  const prefix = join(cacheDir(), `openclaw-${version}`);
  return {
    version,
    node24Prefix,
    node24: join(node24Prefix, 'node_modules', '.bin', 'node'),
    prefix,
    entry: join(prefix, 'node_modules', 'openclaw', 'openclaw.mjs'),
    marker: join(prefix, '.clawft-bench-installed.json'),
  };
}

function npmInstall(dir, spec, { allowScripts, path, log }) {
  mkdirSync(dir, { recursive: true });
  const pkg = { private: true, description: 'clawft benchmark cache (safe to delete)' };
  // npm 11 runs no dependency install scripts unless the project approves them.
  if (allowScripts) pkg.allowScripts = Object.fromEntries(allowScripts.map((n) => [n, true]));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  log(`npm install ${spec} into ${dir}`);
  const r = spawnSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error', spec], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PATH: path ?? process.env.PATH },
    timeout: 30 * 60_000,
  });
  if (r.status !== 0) throw new Error(`npm install ${spec} failed (exit ${r.status})`);
}

/** Installs node@24 and openclaw@<pinned> into the cache unless already there. */
export function ensureOpenClaw({ log = console.error } = {}) {
  const p = openclawPaths();
  if (!existsSync(p.node24))
    npmInstall(p.node24Prefix, `node@${NODE24_VERSION}`, { allowScripts: ['node'], log });
  if (!existsSync(p.marker) || !existsSync(p.entry)) {
    // OpenClaw's install runs under Node 24 so engine checks and any approved scripts see the right runtime.
    const path = `${join(p.node24Prefix, 'node_modules', '.bin')}:${process.env.PATH}`;
    npmInstall(p.prefix, `openclaw@${p.version}`, { path, log });
    writeFileSync(
      p.marker,
      `${JSON.stringify({ version: p.version, installedAt: new Date().toISOString() })}\n`,
    );
  }
  return p;
}

export function node24Version(p = openclawPaths()) {
  if (!existsSync(p.node24)) return undefined;
  const r = spawnSync(p.node24, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * OpenClaw as a subject, or undefined when it is not installed. Private HOME,
 * telemetry off, Bonjour off, channels skipped: it makes no network attempts.
 */
export function openclawSubject(p = openclawPaths()) {
  if (!existsSync(p.entry) || !existsSync(p.node24)) return undefined;
  const home = privateHome('openclaw');
  seedOpenClawHome(home);
  const env = {
    PATH: `${join(p.node24Prefix, 'node_modules', '.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    NO_COLOR: '1',
    DO_NOT_TRACK: '1',
    OPENCLAW_DISABLE_BONJOUR: '1',
    OPENCLAW_SKIP_CHANNELS: '1',
    OPENCLAW_STATE_DIR: join(home, '.openclaw'),
    OPENCLAW_CONFIG_PATH: join(home, '.openclaw', 'openclaw.json'),
  };
  return { id: 'openclaw', command: p.node24, prefix: [p.entry], cwd: home, home, env };
}

/** A minimal local config so commands take their configured path rather than a first-run wizard. */
export function seedOpenClawHome(home) {
  const dir = join(home, '.openclaw');
  mkdirSync(dir, { recursive: true });
  const cfg = { gateway: { mode: 'local', bind: 'loopback' } };
  writeFileSync(join(dir, 'openclaw.json'), `${JSON.stringify(cfg, null, 2)}\n`);
}
