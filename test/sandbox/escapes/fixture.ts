import { chmodSync, linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

export interface Fixture {
  root: string;
  home: string;
  work: string;
  sock: string;
  port: number;
  close(): Promise<void>;
}

/** A world-readable tree, so that the sandbox (not host permissions) is what stops each read. */
export async function makeFixture(root: string): Promise<Fixture> {
  const home = join(root, 'home');
  const work = join(root, 'work');
  for (const d of ['data', 'outside', 'home/.ssh', 'work/.git/hooks', 'links', 'sockdir']) {
    mkdirSync(join(root, d), { recursive: true });
  }
  writeFileSync(join(root, 'data/ok.txt'), 'OK-DATA\n');
  writeFileSync(join(root, 'outside/secret.txt'), 'SECRET-KEY-MATERIAL outside\n');
  writeFileSync(join(home, '.ssh/id_rsa'), 'SECRET-KEY-MATERIAL ssh\n');
  writeFileSync(join(home, '.bashrc'), '# rc\n');
  writeFileSync(join(home, 'notes.txt'), 'notes\n');
  writeFileSync(join(work, '.env'), 'ENV-SECRET=1\n');
  writeFileSync(join(work, '.env.local'), 'ENV-SECRET=2\n');
  writeFileSync(join(work, '.git/config'), '[core]\n');
  symlinkSync('../outside/secret.txt', join(root, 'links/to-secret'));
  // A host-made hardlink inside a granted dir *is* readable (same inode, path-based
  // rules); the suite checks the sandbox cannot make one itself.
  try {
    linkSync(join(root, 'data/ok.txt'), join(root, 'data/ok-link.txt'));
  } catch {
    // cross-device tmp: not needed for the cases
  }
  const walk = (p: string) => {
    chmodSync(p, 0o777);
  };
  for (const d of [
    '',
    'data',
    'outside',
    'home',
    'home/.ssh',
    'work',
    'work/.git',
    'work/.git/hooks',
    'links',
    'sockdir',
  ]) {
    walk(join(root, d));
  }
  for (const f of [
    'data/ok.txt',
    'outside/secret.txt',
    'home/.ssh/id_rsa',
    'home/.bashrc',
    'work/.env',
    'work/.env.local',
  ]) {
    chmodSync(join(root, f), 0o644);
  }
  chmodSync(join(root, 'work'), 0o777);

  const sock = join(root, 'sockdir/host.sock');
  const unixServer: Server = createServer((s) => s.end('HOST-SOCKET\n'));
  await new Promise<void>((r) => unixServer.listen(sock, () => r()));
  chmodSync(sock, 0o777);
  const tcpServer: Server = createServer((s) => s.end('HOST-LOOPBACK\n'));
  await new Promise<void>((r) => tcpServer.listen(0, '127.0.0.1', () => r()));
  const addr = tcpServer.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    root,
    home,
    work,
    sock,
    port,
    close: async () => {
      await new Promise<void>((r) => unixServer.close(() => r()));
      await new Promise<void>((r) => tcpServer.close(() => r()));
    },
  };
}

export function fill(s: string, fx: Pick<Fixture, 'root' | 'home' | 'work' | 'sock' | 'port'>): string {
  return s
    .replaceAll('{{root}}', fx.root)
    .replaceAll('{{home}}', fx.home)
    .replaceAll('{{work}}', fx.work)
    .replaceAll('{{sock}}', fx.sock)
    .replaceAll('{{port}}', String(fx.port));
}

export function fillDeep<T>(v: T, fx: Pick<Fixture, 'root' | 'home' | 'work' | 'sock' | 'port'>): T {
  return JSON.parse(fill(JSON.stringify(v), fx)) as T;
}
