/**
 * The WASM host, run as `node --input-type=module -e HOST_SOURCE CONFIG_JSON`
 * in its own process (killable on wall time) with WASI in a worker thread
 * (heap-capped). Kept as source text so it runs the same from src/ and dist/.
 */
export const HOST_SOURCE = `
import { Worker } from 'node:worker_threads';
const cfg = JSON.parse(process.argv[1]);
const worker = new Worker(\`
import { workerData, parentPort } from 'node:worker_threads';
import { WASI } from 'node:wasi';
import { readFileSync } from 'node:fs';
const wasi = new WASI({ version: 'preview1', args: workerData.args, env: workerData.env, preopens: workerData.preopens, returnOnExit: true });
const mod = new WebAssembly.Module(readFileSync(workerData.module));
const inst = new WebAssembly.Instance(mod, wasi.getImportObject());
parentPort.postMessage({ code: wasi.start(inst) });
\`, { eval: true, workerData: cfg, resourceLimits: { maxOldGenerationSizeMb: cfg.heapMb, maxYoungGenerationSizeMb: 16 } });
let code = null;
worker.on('message', (m) => { code = m.code; });
worker.on('error', (e) => {
  process.stderr.write('weft-wasm: ' + (e && e.message ? e.message : String(e)) + '\\\\n');
  process.exitCode = e && e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 137 : 134;
});
worker.on('exit', () => { if (code !== null) process.exitCode = code; });
`;

export interface WasmHostConfig {
  module: string;
  args: string[];
  env: Record<string, string>;
  /** guest path -> host path */
  preopens: Record<string, string>;
  heapMb: number;
}
