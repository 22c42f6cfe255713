// Install footprint: npm tarball size, production install size on disk, package count, Docker image size.
// Usage: npm run bench:footprint   (BENCH_OPENCLAW=1 adds OpenClaw from the bench cache)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMain, runAsScript } from './lib/main.mjs';
import { openclawPaths } from './lib/openclaw.mjs';
import { benchOptions, log, machine } from './lib/options.mjs';
import { repoRoot } from './lib/paths.mjs';
import { metric, resultsDir, unavailable } from './lib/results.mjs';
import { ratio, summarize } from './lib/stats.mjs';

const one = (v) => ({ status: 'ok', summary: summarize([v]), samples: [v] });

/** Bytes on disk (allocated blocks) and apparent bytes of a tree, via du. */
function diskUsage(dir) {
  const kib = Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
  const apparent = Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
  return { diskBytes: kib * 1024, apparentBytes: apparent };
}

/** Installed packages: every directory under any node_modules that holds a package.json. */
function countPackages(nodeModules) {
  let n = 0;
  const visit = (nm) => {
    if (!existsSync(nm)) return;
    for (const name of readdirSync(nm)) {
      if (name.startsWith('.')) continue;
      const p = join(nm, name);
      const dirs = name.startsWith('@') ? readdirSync(p).map((s) => join(p, s)) : [p];
      for (const d of dirs) {
        if (!existsSync(join(d, 'package.json'))) continue;
        n++;
        visit(join(d, 'node_modules'));
      }
    }
  };
  visit(nodeModules);
  return n;
}

function npm(args, cwd, env = process.env) {
  // `npm pack --json` lists every file: OpenClaw's listing is several MB.
  const r = spawnSync('npm', args, {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 20 * 60_000,
    maxBuffer: 512 * 2 ** 20,
  });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    throw new Error(`npm ${args.join(' ')} failed: ${why}`);
  }
  return r.stdout;
}

/** `npm pack` this repo, then a production install of the tarball into an empty prefix. */
function weftFootprint() {
  const tmp = mkdtempSync(join(tmpdir(), 'clawft-bench-footprint-'));
  try {
    const out = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp], repoRoot));
    const tarball = join(tmp, out[0].filename);
    const prefix = join(tmp, 'prefix');
    execFileSync('mkdir', ['-p', prefix]);
    writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
    npm(['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error', tarball], prefix);
    return {
      tarballBytes: statSync(tarball).size,
      ...diskUsage(join(prefix, 'node_modules')),
      packages: countPackages(join(prefix, 'node_modules')),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The cached production install of the pinned OpenClaw, plus its registry tarball size. */
function openclawFootprint() {
  const p = openclawPaths();
  if (!existsSync(p.entry)) return undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'clawft-bench-ocpack-'));
  try {
    const out = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp, `openclaw@${p.version}`], tmp));
    return {
      tarballBytes: statSync(join(tmp, out[0].filename)).size,
      ...diskUsage(join(p.prefix, 'node_modules')),
      packages: countPackages(join(p.prefix, 'node_modules')),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Docker image size from the deploy size check when it has run
 * (bench/results/docker-image.json: { "image": "...", "bytes": N }), or from
 * `docker image inspect $BENCH_DOCKER_IMAGE` when that image exists locally.
 */
function weftImageBytes() {
  const file = join(resultsDir(), 'docker-image.json');
  if (existsSync(file)) {
    const j = JSON.parse(readFileSync(file, 'utf8'));
    if (Number.isFinite(j.bytes)) return { bytes: j.bytes, source: file };
  }
  const image = process.env.BENCH_DOCKER_IMAGE;
  if (image) {
    const r = spawnSync('docker', ['image', 'inspect', '--format', '{{.Size}}', image], { encoding: 'utf8' });
    if (r.status === 0) return { bytes: Number(r.stdout.trim()), source: `docker image inspect ${image}` };
  }
  return undefined;
}

export async function runFootprint(opts = benchOptions()) {
  log('footprint: npm pack + production install of weft');
  const w = weftFootprint();
  let o;
  if (opts.openclaw) {
    log('footprint: OpenClaw tarball + cached install');
    o = openclawFootprint();
  }
  const image = weftImageBytes();
  const rows = [
    [
      'footprint.install_disk',
      'installed size on disk (`npm install --omit=dev`, node_modules)',
      'bytes',
      'diskBytes',
    ],
    ['footprint.install_apparent', 'installed size, apparent bytes', 'bytes', 'apparentBytes'],
    ['footprint.tarball', 'npm tarball', 'bytes', 'tarballBytes'],
    ['footprint.packages', 'installed packages', 'packages', 'packages'],
  ];
  const metrics = rows.map(([id, label, unit, key]) => {
    const subjects = { weft: one(w[key]) };
    const ratios = {};
    if (opts.openclaw) {
      subjects.openclaw = o ? one(o[key]) : unavailable('OpenClaw not installed in the bench cache');
      if (o)
        ratios['weft / OpenClaw'] = ratio(
          { summary: subjects.weft.summary },
          { summary: subjects.openclaw.summary },
        );
    }
    return metric(id, label, unit, subjects, ratios);
  });
  const imgSubjects = {
    weft: image ? one(image.bytes) : unavailable('no image size recorded (run scripts/docker/size-check.sh)'),
  };
  if (opts.openclaw)
    imgSubjects.openclaw = unavailable('no OpenClaw image is reachable here (no container registry)');
  metrics.push(metric('footprint.docker_image', 'Docker image size', 'bytes', imgSubjects));
  return {
    suite: 'footprint',
    title: 'Install footprint',
    machine: machine(opts),
    config: { openclaw: opts.openclaw },
    metrics,
    raw: { weft: w, openclaw: o, image },
    notes: [
      'weft: `npm pack` of this checkout, then `npm install --omit=dev <tarball>` into an empty prefix; OpenClaw: `npm install --omit=dev openclaw@<pinned>` into an empty prefix (the bench cache).',
      'Size on disk is `du -sk` of node_modules (allocated blocks); apparent bytes is `du -sb`.',
    ],
  };
}

if (isMain(import.meta.url)) await runAsScript('footprint', runFootprint);
