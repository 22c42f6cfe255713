import { type AuditLog, openAuditLog } from '../../sandbox/audit.js';
import type { AuditEvent, AuditSink } from './types.js';

/**
 * The agent's audit records go to the sandbox module's log
 * (`<CLAWFT_HOME>/audit/audit.jsonl`, pino, size-capped rotation, secret
 * scrubbing), so one file shows gate, fs, network, spawn and exit decisions.
 * The log opens on the first event: a turn that makes no tool call writes nothing.
 */
export function fileAuditSink(env: NodeJS.ProcessEnv = process.env): AuditSink & { close(): void } {
  let log: AuditLog | undefined;
  const sink = (e: AuditEvent) => {
    log ??= openAuditLog({ env });
    const { ts: _ts, ...rest } = e;
    log.record(rest);
  };
  return Object.assign(sink, { close: () => log?.close() });
}

/** Fan one event out to several sinks (file + in-memory for events/tests). */
export function teeAudit(...sinks: AuditSink[]): AuditSink {
  return (e) => {
    for (const s of sinks) s(e);
  };
}
