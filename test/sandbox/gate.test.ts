import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTool } from '../../src/sandbox/gate.js';
import { resolvePolicy } from '../../src/sandbox/policy/resolve.js';

test('gate: deny beats allow, allow list is exhaustive, no list allows all but denied', () => {
  const listed = resolvePolicy({ tools: { allowed: ['shell', 'fs.*'], denied: ['fs.delete'] } });
  assert.equal(checkTool(listed, 'shell').decision, 'allow');
  assert.equal(checkTool(listed, 'fs.read').decision, 'allow');
  assert.equal(checkTool(listed, 'fs.delete').decision, 'deny');
  assert.match(checkTool(listed, 'fs.delete').reason, /denied/);
  assert.equal(checkTool(listed, 'net.fetch').decision, 'deny');
  assert.equal(checkTool(listed, '  ').decision, 'deny');
  const open = resolvePolicy({ tools: { denied: ['shell'] } });
  assert.equal(checkTool(open, 'anything').decision, 'allow');
  assert.equal(checkTool(open, 'shell').decision, 'deny');
});
