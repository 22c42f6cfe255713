/**
 * The WASM host, run as `node --max-old-space-size=N -e HOST_SOURCE CONFIG_JSON`
 * in its own process (killable on wall time, V8 heap capped by the flag).
 * WASI runs on the process's main thread: a worker thread would only add its
 * own isolate start-up (tens of ms per run) for the same heap cap. Plain
 * CommonJS `-e` skips the ESM loader. Kept as source text so it runs the same
 * from src/ and dist/.
 */
export const HOST_SOURCE = `
const cfg = JSON.parse(process.argv[1]);
try {
  const { WASI } = require('node:wasi');
  const { readFileSync } = require('node:fs');
  const wasi = new WASI({ version: 'preview1', args: cfg.args, env: cfg.env, preopens: cfg.preopens, returnOnExit: true });
  const mod = new WebAssembly.Module(readFileSync(cfg.module));
  const inst = new WebAssembly.Instance(mod, wasi.getImportObject());
  process.exitCode = wasi.start(inst);
} catch (e) {
  process.stderr.write('weft-wasm: ' + (e && e.message ? e.message : String(e)) + '\\n');
  process.exitCode = e instanceof RangeError && /memory/i.test(e.message) ? 137 : 134;
}
`;

export interface WasmHostConfig {
  module: string;
  args: string[];
  env: Record<string, string>;
  /** guest path -> host path */
  preopens: Record<string, string>;
  heapMb: number;
}

/** node flags for the host process (the V8 heap cap comes from the policy). */
export function hostArgv(cfg: WasmHostConfig): string[] {
  return [
    process.execPath,
    '--no-warnings',
    `--max-old-space-size=${cfg.heapMb}`,
    '--max-semi-space-size=8',
    '-e',
    HOST_SOURCE,
    JSON.stringify(cfg),
  ];
}
