import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

const lib = (rel: string) => import(new URL(`../../bench/lib/${rel}`, import.meta.url).href);

test('treePids and sampleTree see a child and its grandchild', async () => {
  const { treePids, sampleTree } = await lib('rss.mjs');
  // A parent node process that forks one long-sleeping grandchild, then waits.
  const script =
    "const c=require('child_process').spawn(process.execPath,['-e','setTimeout(()=>{},30000)'],{stdio:'ignore'});" +
    "console.log(c.pid);setTimeout(()=>{},30000);process.on('SIGTERM',()=>{c.kill();process.exit(0)})";
  const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const [chunk] = await once(parent.stdout, 'data');
    const grandchild = Number(String(chunk).trim());
    await sleep(100);
    const pids = treePids(parent.pid);
    assert.ok(pids.includes(parent.pid));
    assert.ok(pids.includes(grandchild));
    const sampler = sampleTree(parent.pid, { intervalMs: 10 });
    await sleep(60);
    const s = sampler.stop();
    assert.equal(s.processes, 2);
    // Two node processes: each is well over 10 MiB resident.
    assert.ok(s.peakTreeRssKiB > 20 * 1024, `peak ${s.peakTreeRssKiB} KiB`);
    assert.ok(s.sumVmHwmKiB >= s.peakTreeRssKiB);
  } finally {
    parent.kill('SIGTERM');
    await once(parent, 'exit');
  }
});

test('peakRssOfCommand reports a command that allocates more than bare node', async () => {
  const { peakRssOfCommand } = await lib('rss.mjs');
  const subject = { command: process.execPath, prefix: [], env: process.env, cwd: process.cwd() };
  const bare = await peakRssOfCommand(subject, ['-e', '0']);
  const big = await peakRssOfCommand(subject, [
    '-e',
    'const b=Buffer.alloc(64*1024*1024,1);setTimeout(()=>console.log(b[5]),300)',
  ]);
  assert.equal(bare.ok, true);
  assert.equal(big.ok, true);
  assert.ok(big.peakKiB - bare.peakKiB > 48 * 1024, `bare ${bare.peakKiB} KiB, big ${big.peakKiB} KiB`);
  const failed = await peakRssOfCommand(subject, ['-e', 'process.exit(3)']);
  assert.equal(failed.ok, false);
  assert.equal(failed.status, 3);
});
