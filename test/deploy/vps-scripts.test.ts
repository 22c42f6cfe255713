import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const setup = join(root, 'scripts/deploy/vps-setup.sh');
const update = join(root, 'scripts/deploy/vps-update.sh');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a deploy script with state dirs redirected into `dir`, so nothing on the host is read or written. */
function sh(script: string, args: string[], dir: string, env: Record<string, string> = {}): Run {
  const r = spawnSync('bash', [script, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      WEFT_CONF_DIR: join(dir, 'etc'),
      WEFT_DATA_DIR: join(dir, 'data'),
      WEFT_UNIT_FILE: join(dir, 'clawft.service'),
      WEFT_OS_RELEASE: osRelease(dir, 'ID=debian\nVERSION_ID="12"\n'),
      WEFT_ARCH: 'x86_64',
      ...env,
    },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function osRelease(dir: string, text: string, name = 'os-release'): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** The "+ ..." plan lines, in order. */
function plan(out: string): string[] {
  return out.split('\n').filter((l) => l.startsWith('+ '));
}

function indexOfMatch(lines: string[], re: RegExp): number {
  const i = lines.findIndex((l) => re.test(l));
  assert.notEqual(i, -1, `no plan line matches ${re}\n${lines.join('\n')}`);
  return i;
}

test('vps-setup --dry-run prints the full plan in order and changes nothing', async () => {
  const dir = await tempDir();
  const r = sh(setup, ['--dry-run', '--image', 'ghcr.io/clawft/clawft:1.2.3'], dir, {
    WEFT_ASSUME_NO_DOCKER: '1',
  });
  assert.equal(r.code, 0, r.stderr);
  const steps = plan(r.stdout);
  const order = [
    /^\+ apt-get update/,
    /^\+ env DEBIAN_FRONTEND=noninteractive apt-get install .* docker\.io$/,
    /^\+ systemctl enable --now docker$/,
    /^\+ docker pull ghcr\.io\/clawft\/clawft:1\.2\.3$/,
    /^\+ install -d -m 0700 -o 10001 -g 10001 .*\/data$/,
    /^\+ write .*\/etc\/clawft\.env \(mode 0600\)$/,
    /^\+ write .*\/etc\/image\.env \(mode 0644\)$/,
    /^\+ write .*\/clawft\.service \(mode 0644\)$/,
    /^\+ systemctl daemon-reload$/,
    /^\+ systemctl enable clawft$/,
    /^\+ systemctl restart clawft$/,
    /^\+ wait up to \d+s for http:\/\/127\.0\.0\.1:8080\/health/,
  ];
  let last = -1;
  for (const re of order) {
    const i = indexOfMatch(steps, re);
    assert.ok(i > last, `${re} is out of order`);
    last = i;
  }
  assert.match(r.stdout, /\| ExecStart=.* run --rm --name clawft .*\\$/m);
  assert.match(r.stdout, /\| +\$\{WEFT_IMAGE\} gateway --host 0\.0\.0\.0 --port 8080$/m);
  assert.match(r.stdout, /\| +-p 127\.0\.0\.1:8080:8080 -v .*\/data:\/home\/weft\/\.clawft/m);
  // The gateway sandboxes skills with bubblewrap, which needs these two (docs/deploy.md).
  assert.match(
    r.stdout,
    /--cap-drop ALL --security-opt no-new-privileges:true --security-opt seccomp=unconfined --security-opt systempaths=unconfined/,
  );
  // A fresh install mints the gateway token (the gateway refuses 0.0.0.0 without one).
  assert.match(r.stdout, /\| WEFT_GATEWAY_TOKEN=<64 random hex chars>$/m);
  // Nothing was written in dry-run mode.
  const { existsSync } = await import('node:fs');
  assert.equal(existsSync(join(dir, 'etc')), false);
  assert.equal(existsSync(join(dir, 'clawft.service')), false);
});

test('vps-setup loads an image archive instead of pulling, and honours --bind/--port/--command', async () => {
  const dir = await tempDir();
  const r = sh(
    setup,
    [
      '--dry-run',
      '--image-tar',
      '/srv/clawft.tar',
      '--bind',
      '0.0.0.0',
      '--port',
      '9000',
      '--command',
      'hub serve --host 0.0.0.0',
    ],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const steps = plan(r.stdout);
  indexOfMatch(steps, /^\+ docker load -i \/srv\/clawft\.tar$/);
  assert.equal(
    steps.some((l) => l.startsWith('+ docker pull')),
    false,
  );
  assert.match(r.stdout, /-p 0\.0\.0\.0:9000:8080/);
  assert.match(r.stdout, /\$\{WEFT_IMAGE\} hub serve --host 0\.0\.0\.0$/m);
  // The hub runs no skills, so it keeps Docker's default seccomp profile.
  assert.doesNotMatch(r.stdout, /seccomp=unconfined/);
});

test('vps-setup is idempotent: unchanged files are kept and the service is started, not restarted', async () => {
  const dir = await tempDir();
  const first = sh(setup, ['--dry-run', '--image', 'ghcr.io/clawft/clawft:1.2.3'], dir);
  assert.equal(first.code, 0, first.stderr);
  // Materialise exactly what the dry run would write, then plan again.
  const files = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of first.stdout.split('\n')) {
    const w = /^\+ write (\S+) \(mode \d+\)$/.exec(line);
    if (w) {
      current = [];
      files.set(w[1]!, current);
    } else if (current && line.startsWith('    | ')) current.push(line.slice(6));
    else if (current && line === '    |') current.push('');
    else current = undefined;
  }
  assert.equal(files.size, 3);
  for (const [path, lines] of files) {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, lines.join('\n') + '\n');
  }
  const again = sh(setup, ['--dry-run', '--image', 'ghcr.io/clawft/clawft:1.2.3'], dir);
  assert.equal(again.code, 0, again.stderr);
  const steps = plan(again.stdout);
  assert.equal(steps.filter((l) => l.startsWith('+ write')).length, 0, again.stdout);
  assert.match(again.stdout, /unchanged .*image\.env/);
  assert.match(again.stdout, /unchanged .*clawft\.service/);
  assert.match(again.stdout, /keeping existing .*clawft\.env/);
  indexOfMatch(steps, /^\+ systemctl start clawft$/);
  assert.equal(
    steps.some((l) => l.startsWith('+ systemctl restart')),
    false,
  );
});

test('vps-setup refuses unsupported OS and architecture', async () => {
  const dir = await tempDir();
  const os = sh(setup, ['--dry-run'], dir, {
    WEFT_OS_RELEASE: osRelease(dir, 'ID=fedora\nID_LIKE="rhel centos"\n', 'fedora'),
  });
  assert.equal(os.code, 1);
  assert.match(os.stderr, /unsupported OS 'fedora'/);
  const arch = sh(setup, ['--dry-run'], dir, { WEFT_ARCH: 'riscv64' });
  assert.equal(arch.code, 1);
  assert.match(arch.stderr, /unsupported architecture 'riscv64'/);
  const ubuntu = sh(setup, ['--dry-run'], dir, {
    WEFT_OS_RELEASE: osRelease(dir, 'ID=ubuntu\nID_LIKE=debian\n', 'ubuntu'),
    WEFT_ARCH: 'aarch64',
  });
  assert.equal(ubuntu.code, 0, ubuntu.stderr);
});

test('vps-setup rejects unknown arguments and a non-numeric port', async () => {
  const dir = await tempDir();
  assert.match(sh(setup, ['--dry-run', '--frobnicate'], dir).stderr, /unknown argument --frobnicate/);
  assert.match(sh(setup, ['--dry-run', '--port', '80;rm'], dir).stderr, /--port must be a number/);
});

test('vps-update --dry-run tags the rollback target, switches, restarts and plans the rollback', async () => {
  const dir = await tempDir();
  mkdirSync(join(dir, 'etc'));
  writeFileSync(
    join(dir, 'etc/image.env'),
    'WEFT_IMAGE=sha256:aaa\nWEFT_IMAGE_REF=ghcr.io/clawft/clawft:1.0.0\n',
  );
  const r = sh(update, ['--dry-run', '--image', 'ghcr.io/clawft/clawft:1.1.0'], dir);
  assert.equal(r.code, 0, r.stderr);
  const steps = plan(r.stdout);
  const pull = indexOfMatch(steps, /^\+ docker pull ghcr\.io\/clawft\/clawft:1\.1\.0$/);
  const tag = indexOfMatch(steps, /^\+ docker tag sha256:aaa clawft:rollback$/);
  const write = indexOfMatch(steps, /^\+ write .*image\.env/);
  const restart = indexOfMatch(steps, /^\+ systemctl restart clawft$/);
  const rollback = indexOfMatch(steps, /^\+ on health failure: .*WEFT_IMAGE=sha256:aaa/);
  const wait = indexOfMatch(steps, /^\+ wait up to/);
  assert.ok(pull < tag && tag < write && write < restart && restart < rollback && rollback < wait);
  assert.match(r.stdout, /\| WEFT_IMAGE_REF=ghcr\.io\/clawft\/clawft:1\.1\.0/);
});

test('vps-update does nothing when the image ID is unchanged', async () => {
  const dir = await tempDir();
  mkdirSync(join(dir, 'etc'));
  const ref = 'ghcr.io/clawft/clawft:1.0.0';
  // In dry-run the resolved ID of REF is the placeholder "sha256:<id of REF>".
  writeFileSync(join(dir, 'etc/image.env'), `WEFT_IMAGE=sha256:<id of ${ref}>\nWEFT_IMAGE_REF=${ref}\n`);
  const r = sh(update, ['--dry-run'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /nothing to do/);
  assert.equal(
    plan(r.stdout).some((l) => /restart|docker tag/.test(l)),
    false,
  );
});

test('vps-update without a prior install fails clearly', async () => {
  const dir = await tempDir();
  const r = sh(update, [], dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /run as root|run vps-setup\.sh first/);
});

test('deploy and docker scripts pass shellcheck', (t) => {
  const probe = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    if (process.env.CI) assert.fail('shellcheck is missing in CI (.ci/setup.d/40-deploy.sh installs it)');
    t.skip('shellcheck not installed (apt-get install shellcheck)');
    return;
  }
  const scripts = [
    'scripts/deploy/vps-setup.sh',
    'scripts/deploy/vps-update.sh',
    'scripts/deploy/common.sh',
    'scripts/docker/size-check.sh',
    'scripts/ci/docker-smoke.sh',
  ];
  const r = spawnSync('shellcheck', ['-x', ...scripts], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
