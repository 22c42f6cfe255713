import { resolvePolicy } from '../src/sandbox/policy/resolve.ts';
import { runSandboxed } from '../src/sandbox/run.ts';
const p = resolvePolicy({ limits: { fsize_mb: 5 } });
for (const c of [['sh','-c','ls -la /dev /dev/shm; df -h /dev/shm /tmp; echo x > /dev/shm/a && echo SHM-OK; python3 -c "import multiprocessing as m; l=m.Lock(); print(\'lock ok\')"; echo x > /dev/tty; echo tty=$?']]) {
  const r = await runSandboxed(p, c, { audit: false });
  console.log(r.exitCode, r.stdout, r.stderr);
}
