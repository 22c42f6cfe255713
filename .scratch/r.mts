import { resolvePolicy } from '/work/wt/sandbox/src/sandbox/policy/index.ts';
import { runSandboxed } from '/work/wt/sandbox/src/sandbox/run.ts';
import { openAuditLog, readAuditLog } from '/work/wt/sandbox/src/sandbox/audit.ts';
const audit = openAuditLog({ dir: '/tmp/sbx_audit2' });
const p = resolvePolicy({ filesystem: { rules: [{ path: '/tmp/sbx_x', writable: false }] } });
for (const cmd of [
  ['sh','-c','id; pwd; ls /; echo $HOME; cat /proc/1/environ | tr "\\0" " "; cat /proc/self/status | grep -E "Seccomp|NoNew"'],
  ['cat', '/root/.ssh/id_rsa'],
  ['sh','-c','echo hi > /tmp/a && cat /tmp/a; echo x > /tmp/sbx_x/y'],
  ['python3','-c','import socket; s=socket.socket(); s.connect(("1.1.1.1",80))'],
  ['sh','-c',':(){ :|:& };:'],
]) {
  const r = await runSandboxed(p, cmd, { audit, env: { SECRET: 'xx', PATH: '/x' } });
  console.log(JSON.stringify(cmd), r.exitCode, r.limitHit, r.durationMs, '\n', r.stdout, r.stderr.slice(0,300));
}
audit.close();
