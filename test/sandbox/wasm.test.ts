import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import wabt from 'wabt';
import { openAuditLog, readAuditLog } from '../../src/sandbox/audit.js';
import { detectCapabilities } from '../../src/sandbox/capabilities.js';
import { resolvePolicy } from '../../src/sandbox/policy/resolve.js';
import { runSandboxed } from '../../src/sandbox/run.js';
import { checkModuleMemory, memoryLimits } from '../../src/sandbox/wasm/module.js';

const WASI = 'wasi_snapshot_preview1';
const imports = `
  (import "${WASI}" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "${WASI}" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "${WASI}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "${WASI}" "proc_exit" (func $proc_exit (param i32)))`;

/** Opens `path` under the first preopen (fd 3); exit 100+errno on failure; copies it to stdout, or writes to it when oflags=1. */
const fileModule = (path: string, write: boolean) => `(module ${imports}
  (memory (export "memory") 1 2)
  (data (i32.const 16) "${path}")
  (data (i32.const 600) "PWNED")
  (func (export "_start") (local $err i32)
    (local.set $err (call $path_open (i32.const 3) (i32.const 1) (i32.const 16) (i32.const ${path.length})
      (i32.const ${write ? 1 : 0}) (i64.const ${write ? 64 : 2}) (i64.const 0) (i32.const 0) (i32.const 8)))
    (if (local.get $err) (then (call $proc_exit (i32.add (i32.const 100) (local.get $err)))))
    ${
      write
        ? `(i32.store (i32.const 220) (i32.const 600)) (i32.store (i32.const 224) (i32.const 5))
    (local.set $err (call $fd_write (i32.load (i32.const 8)) (i32.const 220) (i32.const 1) (i32.const 232)))
    (if (local.get $err) (then (call $proc_exit (i32.add (i32.const 100) (local.get $err)))))`
        : `(i32.store (i32.const 200) (i32.const 1024)) (i32.store (i32.const 204) (i32.const 4096))
    (drop (call $fd_read (i32.load (i32.const 8)) (i32.const 200) (i32.const 1) (i32.const 212)))
    (i32.store (i32.const 220) (i32.const 1024)) (i32.store (i32.const 224) (i32.load (i32.const 212)))
    (drop (call $fd_write (i32.const 1) (i32.const 220) (i32.const 1) (i32.const 232)))`
    }))`;

const spin = `(module (memory (export "memory") 1 1) (func (export "_start") (loop $l (br $l))))`;
const bigMax = `(module (memory (export "memory") 1 32768) (func (export "_start")))`;
const noMax = `(module (memory (export "memory") 1) (func (export "_start")))`;
const importedMem = `(module (import "env" "memory" (memory 2 4)) (func (export "_start")))`;

const caps = detectCapabilities();
const osReady = Boolean(caps.bwrap && caps.helper && caps.userNamespaces && caps.landlock.available);

describe('wasm backend', () => {
  let dir: string;
  const mod: Record<string, string> = {};
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-wasm-'));
    mkdirSync(join(dir, 'data'));
    mkdirSync(join(dir, 'work'));
    writeFileSync(join(dir, 'data/in.txt'), 'WASM-READ-OK');
    writeFileSync(join(dir, 'secret.txt'), 'OUTSIDE-SECRET');
    const w = await wabt();
    const build = (name: string, wat: string) => {
      const m = w.parseWat(`${name}.wat`, wat);
      const file = join(dir, `${name}.wasm`);
      writeFileSync(file, Buffer.from(m.toBinary({}).buffer));
      m.destroy();
      mod[name] = file;
    };
    build('read', fileModule('in.txt', false));
    build('escape', fileModule('../secret.txt', false));
    build('abs', fileModule('/etc/hostname', false));
    build('write', fileModule('pwned.txt', true));
    build('spin', spin);
    build('bigmax', bigMax);
    build('nomax', noMax);
    build('importedmem', importedMem);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const policy = (type: 'wasm' | 'combined', extra: Record<string, unknown> = {}) =>
    resolvePolicy({ sandbox_type: type, filesystem: { rules: [{ path: join(dir, 'data') }] }, ...extra });

  test('memory limits are read from the binary (defined and imported)', () => {
    assert.deepEqual(memoryLimits(readFileSync(mod.read!)), [{ minBytes: 65536, maxBytes: 131072 }]);
    assert.deepEqual(memoryLimits(readFileSync(mod.importedmem!)), [{ minBytes: 131072, maxBytes: 262144 }]);
    assert.throws(() => checkModuleMemory(readFileSync(mod.nomax!), 1 << 30), /no maximum/);
    assert.throws(() => checkModuleMemory(readFileSync(mod.bigmax!), 256 << 20), /exceeds/);
  });

  test('reads a preopened file', async () => {
    const r = await runSandboxed(policy('wasm'), [mod.read!], { cwd: join(dir, 'work'), audit: false });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'WASM-READ-OK');
    assert.equal(r.backend, 'wasm');
  });

  test('preopen escapes: .. and absolute paths are refused (exit 100+errno)', async () => {
    for (const m of [mod.escape!, mod.abs!]) {
      const r = await runSandboxed(policy('wasm'), [m], { cwd: join(dir, 'work'), audit: false });
      assert.ok(r.exitCode !== null && r.exitCode > 100, `${m}: ${r.exitCode} ${r.stderr}`);
      assert.equal(r.stderr, '', 'refused by WASI with an errno, not a host crash');
      assert.ok(!r.stdout.includes('OUTSIDE-SECRET'));
    }
  });

  test('memory bomb: a module whose max exceeds the policy is refused before it runs', async () => {
    const audit = openAuditLog({ dir: join(dir, 'audit') });
    await assert.rejects(
      runSandboxed(policy('wasm', { limits: { memory_mb: 256 } }), [mod.bigmax!], { audit, runId: 'wm' }),
      { code: 'E_POLICY_INVALID' },
    );
    audit.close();
    assert.ok(readAuditLog(join(dir, 'audit')).some((e) => e.runId === 'wm' && e.event === 'setup.error'));
  });

  test('time bomb: killed at the wall limit and reported', async () => {
    const r = await runSandboxed(policy('wasm', { limits: { wall_seconds: 1 } }), [mod.spin!], {
      audit: false,
    });
    assert.equal(r.limitHit, 'wall');
  });

  test('combined: the WASM host runs inside the OS sandbox; read-only preopens are really read-only', {
    skip: osReady ? false : 'os sandbox layers missing',
  }, async () => {
    // plain wasm: node:wasi does not enforce read-only preopens (documented)
    const loose = await runSandboxed(policy('wasm'), [mod.write!], { cwd: join(dir, 'work'), audit: false });
    assert.equal(loose.exitCode, 0, loose.stderr);
    assert.ok(existsSync(join(dir, 'data/pwned.txt')));
    rmSync(join(dir, 'data/pwned.txt'));
    const r = await runSandboxed(policy('combined'), [mod.write!], { cwd: join(dir, 'work'), audit: false });
    assert.ok(r.exitCode !== null && r.exitCode > 100, `${r.exitCode} ${r.stderr}`);
    assert.equal(r.stderr, '');
    assert.ok(!existsSync(join(dir, 'data/pwned.txt')));
    assert.equal(r.backend, 'combined');
    assert.ok(r.layers.includes('wasm') && r.layers.includes('landlock'));
    const ok = await runSandboxed(policy('combined'), [mod.read!], { cwd: join(dir, 'work'), audit: false });
    assert.equal(ok.stdout, 'WASM-READ-OK', ok.stderr);
  });
});
