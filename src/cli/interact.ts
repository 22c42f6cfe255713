import { createInterface } from 'node:readline/promises';

/**
 * Terminal interaction for registry commands: yes/no questions, a one-line
 * progress display, and Ctrl-C turned into an abort signal so pipelines can
 * unwind (remove staging dirs, release locks) instead of dying mid-write.
 */

export async function askYesNo(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export function progressLine(enabled: boolean): {
  update: (text: string) => void;
  done: () => void;
} {
  let shown = false;
  return {
    update(text: string) {
      if (!enabled) return;
      const width = process.stderr.columns ?? 80;
      process.stderr.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** An AbortSignal fired by the first Ctrl-C; a second Ctrl-C exits at once. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const onInt = () => {
    if (ac.signal.aborted) process.exit(130);
    process.stderr.write('\nweft: interrupted, cleaning up (Ctrl-C again to force)\n');
    ac.abort();
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onInt);
  return {
    signal: ac.signal,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onInt);
    },
  };
}
