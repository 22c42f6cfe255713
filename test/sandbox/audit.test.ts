import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openAuditLog, readAuditLog } from '../../src/sandbox/audit.js';
import { tempDir } from '../helpers/tmp.js';

test('audit: SPEC fields, one JSON object per line, secrets redacted', async () => {
  const dir = await tempDir();
  const log = openAuditLog({ dir });
  log.record({
    event: 'spawn',
    runId: 'r1',
    agentId: 'a',
    decision: 'allow',
    detail: {
      env: { TOKEN: 'sk-live-123' },
      nested: { token: 'abc', ok: 1 },
      argv: ['curl', '-H', 'Authorization: x'],
    },
  });
  log.close();
  const text = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
  assert.ok(!text.includes('sk-live-123') && !text.includes('abc') && !text.includes('Authorization'));
  const [e] = readAuditLog(dir);
  assert.deepEqual(Object.keys(e!), [
    'ts',
    'runId',
    'agentId',
    'skill',
    'tool',
    'event',
    'decision',
    'reason',
    'policyHash',
    'backend',
    'layers',
    'detail',
  ]);
  assert.equal(e!.runId, 'r1');
  assert.equal((e!.detail.nested as { ok: number }).ok, 1);
});

test('audit: size-capped rotation keeps N files', async () => {
  const dir = await tempDir();
  const log = openAuditLog({ dir, maxBytes: 1000, keep: 2 });
  for (let i = 0; i < 40; i++) log.record({ event: 'exit', runId: `r${i}`, detail: { i } });
  log.close();
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, ['audit.1.jsonl', 'audit.2.jsonl', 'audit.jsonl']);
  for (const f of files) assert.ok(readFileSync(join(dir, f)).length <= 1400, f);
  assert.equal(readAuditLog(dir).at(-1)!.runId, 'r39');
});
