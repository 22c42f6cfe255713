import { type ChildProcess, spawn } from 'node:child_process';
import { WEFT_BIN } from './cli.js';

export interface HubProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Start the real `weft hub serve` on 127.0.0.1 with a random port and wait for its URL line. */
export function startHubProcess(args: string[], env: NodeJS.ProcessEnv): Promise<HubProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [WEFT_BIN, 'hub', 'serve', '--port', '0', '--host', '127.0.0.1', ...args],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not start in 60s\n${out}\n${err}`));
    }, 60_000);
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          child,
          stop: () =>
            new Promise<void>((res) => {
              if (child.exitCode !== null) return res();
              child.once('exit', () => res());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}\n${out}\n${err}`));
    });
  });
}
