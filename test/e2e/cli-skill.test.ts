import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { weft } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/skills/pdf-tools', import.meta.url));

/** Every failure is one line on stderr: `weft: E_CODE: message`. */
function assertOneLineError(r: { code: number; stderr: string }, code: string, exit: number) {
  assert.equal(r.code, exit, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, new RegExp(`^weft: ${code}: `));
}

describe('weft CLI (skeleton)', () => {
  let home: string;
  let work: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    home = await tempDir();
    work = await tempDir();
    env = { CLAWFT_HOME: join(home, '.clawft') };
  });

  const copySkill = async (name: string) => {
    const dir = join(work, name);
    await cp(FIXTURE, dir, { recursive: true });
    return dir;
  };

  it('--version, --help and health', async () => {
    const v = await weft(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout.trim(), /^\d+\.\d+\.\d+/);
    const h = await weft(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Examples:/);
    const hs = await weft(['skill', 'sign', '--help']);
    assert.match(hs.stdout, /Examples:/);
    const health = await weft(['health', '--json'], { env });
    assert.equal(health.code, 0, health.stderr);
    const report = JSON.parse(health.stdout);
    assert.equal(report.ok, true);
    assert.equal(report.configDir, join(home, '.clawft'));
    assert.equal(report.node, process.versions.node);
    assert.ok('landlock' in report.sandbox && 'bwrap' in report.sandbox);
  });

  it('unknown commands and flags exit 2', async () => {
    assert.equal((await weft(['nope'])).code, 2);
    assert.equal((await weft(['skill', 'validate', '--bogus', 'x'])).code, 2);
  });

  it('validates, packs and unpacks a skill; fingerprints agree', async () => {
    const dir = await copySkill('pdf-tools');
    const v = await weft(['skill', 'validate', dir, '--json'], { env });
    assert.equal(v.code, 0, v.stderr);
    const summary = JSON.parse(v.stdout);
    assert.equal(summary.slug, 'pdf-tools');
    assert.equal(summary.version, '1.2.0');
    assert.equal(summary.files, 3);

    const zip = join(work, 'pdf.zip');
    const p = await weft(['skill', 'pack', dir, '-o', zip, '--json'], { env });
    assert.equal(p.code, 0, p.stderr);
    assert.equal(JSON.parse(p.stdout).fingerprint, summary.fingerprint);

    const out = join(work, 'unpacked');
    const u = await weft(['skill', 'unpack', zip, '--dir', out, '--json'], { env });
    assert.equal(u.code, 0, u.stderr);
    assert.equal(JSON.parse(u.stdout).fingerprint, summary.fingerprint);
    assert.ok((await stat(join(out, 'scripts/extract.sh'))).mode & 0o100);
  });

  it('keygen, sign and verify; tampering, other versions and other keys fail', async () => {
    const dir = await copySkill('signed');
    const k = await weft(['skill', 'keygen', '--json'], { env });
    assert.equal(k.code, 0, k.stderr);
    const key = JSON.parse(k.stdout);
    assert.equal((await stat(key.privateKeyPath)).mode & 0o777, 0o600);
    assertOneLineError(await weft(['skill', 'keygen'], { env }), 'E_KEY_EXISTS', 7);

    assert.equal((await weft(['skill', 'sign', dir], { env })).code, 0);
    const ok = await weft(['skill', 'verify', dir, '--json', '--public-key', key.publicKey], { env });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).keyId, key.keyId);

    // signature for a different version
    assertOneLineError(
      await weft(['skill', 'verify', dir, '--version', '1.2.1'], { env }),
      'E_SIGNATURE_INVALID',
      4,
    );

    // wrong key expected
    const other = Buffer.alloc(32, 7).toString('base64');
    assertOneLineError(
      await weft(['skill', 'verify', dir, '--public-key', other], { env }),
      'E_KEY_CHANGED',
      4,
    );

    // tampered file after signing
    await writeFile(join(dir, 'reference.md'), 'changed\n');
    assertOneLineError(await weft(['skill', 'verify', dir], { env }), 'E_FINGERPRINT_MISMATCH', 4);

    // a signature file forged with another key over the new content
    const env2 = { CLAWFT_HOME: join(home, 'other') };
    assert.equal((await weft(['skill', 'keygen'], { env: env2 })).code, 0);
    assert.equal((await weft(['skill', 'sign', dir], { env: env2 })).code, 0);
    assertOneLineError(
      await weft(['skill', 'verify', dir, '--public-key', key.publicKey], { env }),
      'E_KEY_CHANGED',
      4,
    );
  });

  it('rejects bad skills with one-line coded errors', async () => {
    const mk = async (name: string, skillMd: string) => {
      const dir = join(work, name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'SKILL.md'), skillMd);
      return dir;
    };
    const cases: [string, string, number][] = [
      [await mk('bad-yaml', '---\nname: x\ndescription: [oops\n---\n'), 'E_MANIFEST_PARSE', 3],
      [await mk('no-fm', '# no frontmatter\n'), 'E_MANIFEST_PARSE', 3],
      [await mk('bad-semver', '---\nname: x\ndescription: d\nversion: 1.0\n---\n'), 'E_SEMVER_INVALID', 3],
      [await mk('dots', '---\nname: ../evil\ndescription: d\n---\n'), 'E_SLUG_INVALID', 3],
      [await mk('upper', '---\nname: MySkill\ndescription: d\n---\n'), 'E_SLUG_INVALID', 3],
    ];
    const sym = await mk('sym', '---\nname: sym\ndescription: d\n---\n');
    await symlink('/etc/hostname', join(sym, 'host'));
    cases.push([sym, 'E_SYMLINK', 3]);
    const big = await mk('big', '---\nname: big\ndescription: d\n---\n');
    for (let i = 0; i < 6; i++) {
      await writeFile(join(big, `blob${i}.bin`), '');
      await truncate(join(big, `blob${i}.bin`), 10 * 1024 * 1024);
    }
    cases.push([big, 'E_BUNDLE_TOO_LARGE', 3]);
    cases.push([join(work, 'missing'), 'E_NOT_FOUND', 5]);
    for (const [dir, code, exit] of cases) {
      assertOneLineError(await weft(['skill', 'validate', dir], { env }), code, exit);
    }
    const json = await weft(['skill', 'validate', join(work, 'bad-semver'), '--json'], { env });
    assert.equal(json.code, 3);
    assert.equal(JSON.parse(json.stdout).error.code, 'E_SEMVER_INVALID');
  });

  it('hostile archives fail and leave no partial files', async () => {
    const md = strToU8('---\nname: a\ndescription: d\n---\n');
    const good = join(work, 'good.zip');
    assert.equal((await weft(['skill', 'pack', await copySkill('for-zip'), '-o', good])).code, 0);
    const goodBytes = await readFile(good);
    const archives: [string, Uint8Array, string][] = [
      ['slip.zip', zipSync({ 'SKILL.md': md, '../x': strToU8('pwned') }), 'E_PATH_UNSAFE'],
      ['truncated.zip', goodBytes.subarray(0, goodBytes.length - 40), 'E_ARCHIVE_CORRUPT'],
      ['garbage.zip', strToU8('PK\u0003\u0004 this is not really a zip file at all'), 'E_ARCHIVE_CORRUPT'],
      ['noskill.zip', zipSync({ 'README.md': strToU8('hi') }), 'E_MANIFEST_MISSING'],
    ];
    const outRoot = join(work, 'out');
    await mkdir(outRoot);
    for (const [name, bytes, code] of archives) {
      const f = join(work, name);
      await writeFile(f, bytes);
      assertOneLineError(
        await weft(['skill', 'unpack', f, '--dir', join(outRoot, name)]),
        code,
        code === 'E_ARCHIVE_CORRUPT' || code === 'E_PATH_UNSAFE' || code === 'E_MANIFEST_MISSING' ? 3 : 1,
      );
    }
    assert.deepEqual(await readdir(outRoot), [], 'nothing was written');
    await assert.rejects(stat(join(work, 'x')));
  });
});
