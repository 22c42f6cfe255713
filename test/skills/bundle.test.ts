import assert from 'node:assert/strict';
import { link, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WeftError } from '../../src/errors.js';
import { readBundleDir } from '../../src/skills/bundle.js';
import { tempDir } from '../helpers/tmp.js';

const code = (c: string) => (e: unknown) => e instanceof WeftError && e.code === c;

async function skillDir(): Promise<string> {
  const dir = join(await tempDir(), 'skill');
  await mkdir(dir);
  await writeFile(join(dir, 'SKILL.md'), '---\nname: s\ndescription: d\n---\n');
  return dir;
}

describe('readBundleDir', () => {
  it('refuses a symlink inside the skill', async () => {
    const dir = await skillDir();
    await symlink('/etc/passwd', join(dir, 'passwd'));
    await assert.rejects(readBundleDir(dir), code('E_SYMLINK'));
  });

  it('refuses a symlinked directory', async () => {
    const dir = await skillDir();
    await symlink('/etc', join(dir, 'etc'));
    await assert.rejects(readBundleDir(dir), code('E_SYMLINK'));
  });

  it('reads a hardlink as the regular file it is (content is what gets hashed and scanned)', async () => {
    const dir = await skillDir();
    await writeFile(join(dir, 'a.txt'), 'A');
    await link(join(dir, 'a.txt'), join(dir, 'b.txt'));
    const b = await readBundleDir(dir);
    assert.deepEqual(
      b.files.map((f) => f.path),
      ['a.txt', 'b.txt', 'SKILL.md'],
    );
  });

  it('refuses a file over 10 MB and a bundle over 50 MB', async () => {
    const dir = await skillDir();
    await writeFile(join(dir, 'big.bin'), Buffer.alloc(10 * 1024 * 1024 + 1));
    await assert.rejects(readBundleDir(dir), code('E_FILE_TOO_LARGE'));

    const dir2 = await skillDir();
    for (let i = 0; i < 6; i++) await writeFile(join(dir2, `part${i}.bin`), Buffer.alloc(10 * 1024 * 1024));
    await assert.rejects(readBundleDir(dir2), code('E_BUNDLE_TOO_LARGE'));
  });

  it('honours .clawhubignore and skips dot-paths and node_modules', async () => {
    const dir = await skillDir();
    await writeFile(join(dir, '.clawhubignore'), 'dist/\n*.log\n');
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'x.js'), 'x');
    await writeFile(join(dir, 'debug.log'), 'x');
    await mkdir(join(dir, 'node_modules', 'm'), { recursive: true });
    await writeFile(join(dir, 'node_modules', 'm', 'i.js'), 'x');
    await writeFile(join(dir, '.env'), 'SECRET=1');
    const b = await readBundleDir(dir);
    assert.deepEqual(
      b.files.map((f) => f.path),
      ['SKILL.md'],
    );
  });

  it('refuses names that only differ by case', async (t) => {
    const dir = await skillDir();
    await writeFile(join(dir, 'Notes.md'), 'a');
    try {
      await writeFile(join(dir, 'notes.md'), 'b');
    } catch {
      t.skip('case-insensitive filesystem');
      return;
    }
    await assert.rejects(readBundleDir(dir), code('E_CASE_COLLISION'));
  });

  it('reports a missing directory clearly', async () => {
    await assert.rejects(readBundleDir('/nonexistent/skill'), code('E_NOT_FOUND'));
  });
});
