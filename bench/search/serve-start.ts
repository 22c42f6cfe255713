/**
 * How fast `weft hub serve` listens, and when its embedding model is ready (it loads after the
 * port is open). Needs `npm run build`. Usage: tsx bench/search/serve-start.ts [runs]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.argv[2] ?? 3);

export interface ServeStart {
  listenMs: number;
  modelMs: number | null;
}

export async function measureServeStart(dataDir: string): Promise<ServeStart> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [join(root, 'dist/cli/main.js'), 'hub', 'serve', '--port', '0', '--data', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WEFT_EMBEDDER: 'local' },
    },
  );
  let listenMs = -1;
  let modelMs: number | null = null;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('hub did not start within 300 s'));
    }, 300_000);
    const check = () => {
      if (listenMs >= 0 && modelMs !== null) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', (b: Buffer) => {
      if (listenMs < 0 && b.toString().includes('listening on')) listenMs = performance.now() - t0;
      check();
    });
    child.stderr.on('data', (b: Buffer) => {
      const s = b.toString();
      if (s.includes('embedding model loaded') || s.includes('semantic search unavailable'))
        modelMs = performance.now() - t0;
      check();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (listenMs < 0) reject(new Error(`hub exited with ${code}`));
      else resolve();
    });
  });
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { listenMs, modelMs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = mkdtempSync(join(tmpdir(), 'weft-serve-start-'));
  try {
    const first = await measureServeStart(join(dir, 'data'));
    const warm: ServeStart[] = [];
    for (let i = 0; i < runs; i++) warm.push(await measureServeStart(join(dir, 'data')));
    console.log(JSON.stringify({ firstStart: first, existingStore: warm }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
