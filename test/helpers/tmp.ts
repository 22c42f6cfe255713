import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];
// Removed when the test file's process exits: node:test's after() binds to whichever
// test or hook is running, so a dir made in a before() hook would vanish too early.
process.on('exit', () => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});

/** A temp dir removed when the test file finishes. */
export async function tempDir(prefix = 'weft-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}
