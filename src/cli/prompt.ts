import { createInterface } from 'node:readline/promises';

/** Ask a yes/no question on the terminal. Without a TTY the answer is no: confirmation must be explicit. */
export async function confirmOnTty(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
