import { WeftError } from '../../errors.js';
import type { AuditInput } from '../audit.js';
import type { ResolvedPolicy } from '../policy/types.js';
import type { RunOptions } from '../run.js';
import type { RunResult } from '../spawn.js';

export async function runWasm(
  _policy: ResolvedPolicy,
  _command: string[],
  _opts: RunOptions & { runId: string; record: (e: AuditInput) => void },
): Promise<RunResult> {
  throw new WeftError('E_SANDBOX_UNAVAILABLE', 'the wasm backend is not built yet');
}
