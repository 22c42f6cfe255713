import type { Command } from 'commander';

/** Options and table helpers shared by the registry commands. */

export type Common = { registry?: string; token?: string; timeout?: number; json?: boolean };

export const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a non-negative integer: ${v}`);
  return n;
};
export const collect = (v: string, prev: string[] = []) => [...prev, v];

export function withRegistry(cmd: Command): Command {
  return cmd
    .option(
      '--registry <url>',
      'registry URL (default: $WEFT_REGISTRY, `weft login`, config, http://127.0.0.1:8080)',
    )
    .option('--token <token>', 'API token (default: $WEFT_TOKEN or the one saved by `weft login`)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', int);
}

export const oneLine = (s: string | undefined, max: number) => {
  const line = (s ?? '').split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
