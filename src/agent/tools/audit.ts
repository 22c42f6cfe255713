import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEvent, AuditSink } from './types.js';

/**
 * Append-only JSONL audit file under `<CLAWFT_HOME>/audit/`. The sandbox
 * module owns the rotated, size-capped log; this sink is the agent's seam to
 * it (see sandbox-run.ts) and writes the same SPEC §5 record shape.
 */
export function fileAuditSink(auditDir: string, file = 'agent.jsonl'): AuditSink {
  let ready = false;
  const path = join(auditDir, file);
  return (event: AuditEvent) => {
    if (!ready) {
      mkdirSync(auditDir, { recursive: true, mode: 0o700 });
      ready = true;
    }
    appendFileSync(path, `${JSON.stringify(event)}\n`, { mode: 0o600 });
  };
}

/** Fan one event out to several sinks (file + in-memory for events/tests). */
export function teeAudit(...sinks: AuditSink[]): AuditSink {
  return (e) => {
    for (const s of sinks) s(e);
  };
}
