import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('docs/scanner.md', () => {
  it('lists every check exactly as the code defines it (npm run docs:checks)', () => {
    const root = join(import.meta.dirname, '..', '..');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docs/checks-table.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr || r.stdout);
  });
});
