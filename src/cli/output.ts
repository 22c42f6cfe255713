import { isWeftError, toWeftError, type WeftError } from '../errors.js';

export interface OutputOptions {
  json?: boolean;
}

/** `--json` prints the same object the text renderer formats (STYLE §3). */
export function emit<T>(data: T, opts: OutputOptions, renderText: (data: T) => string): void {
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  } else {
    const text = renderText(data);
    if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

export function reportError(err: unknown, opts: OutputOptions = {}): number {
  const e: WeftError = toWeftError(err);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: e.toJSON() }, null, 2)}\n`);
  } else {
    process.stderr.write(`weft: ${e.code}: ${e.message}\n`);
    if (!isWeftError(err) && process.env.WEFT_DEBUG && err instanceof Error && err.stack) {
      process.stderr.write(`${err.stack}\n`);
    }
  }
  return e.exitCode;
}

/**
 * Run a command body, turning thrown errors into a one-line message and the
 * documented exit code. Commands return the exit code for non-error outcomes
 * (e.g. findings at --fail-on).
 */
export async function run(opts: OutputOptions, body: () => Promise<number | undefined>): Promise<void> {
  try {
    const code = await body();
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    process.exitCode = reportError(err, opts);
  }
}

export const isTTY = (): boolean => Boolean(process.stdout.isTTY) && !process.env.CI;

export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
