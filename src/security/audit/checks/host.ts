import type { AuditCheck } from '../check.js';

/** The host's sandbox layers and container context. */
export const hostChecks: AuditCheck[] = [
  {
    id: 'sandbox.layer.bwrap_missing',
    severity: 'high',
    title: 'bubblewrap is not installed',
    fix: 'apt-get install bubblewrap; without it os-sandboxed runs fail closed.',
    fixable: false,
    run: (s) => (s.caps.platform === 'linux' && !s.caps.bwrap ? [{ detail: 'bwrap not found on PATH' }] : []),
  },
  {
    id: 'sandbox.layer.userns_unavailable',
    severity: 'high',
    title: 'Unprivileged user namespaces are disabled',
    fix: 'Enable them (sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces > 0) or run in a container that allows them.',
    fixable: false,
    run: (s) =>
      s.caps.platform === 'linux' && !s.caps.userNamespaces
        ? [{ detail: 'user namespaces unavailable' }]
        : [],
  },
  {
    id: 'sandbox.layer.landlock_missing',
    severity: 'medium',
    title: 'Landlock is not available',
    fix: 'Use a kernel >= 5.13 with Landlock enabled (lsm=landlock,...); bubblewrap alone still confines the filesystem view.',
    fixable: false,
    run: (s) =>
      s.caps.platform === 'linux' && !s.caps.landlock.available
        ? [{ detail: 'no Landlock ABI detected' }]
        : [],
  },
  {
    id: 'sandbox.layer.seccomp_missing',
    severity: 'high',
    title: 'seccomp is not available',
    fix: 'Use a kernel built with CONFIG_SECCOMP_FILTER.',
    fixable: false,
    run: (s) => (s.caps.platform === 'linux' && !s.caps.seccomp ? [{ detail: 'seccomp unavailable' }] : []),
  },
  {
    id: 'sandbox.layer.cgroup_v2_missing',
    severity: 'low',
    title: 'cgroup v2 is not available',
    fix: 'Mount the unified cgroup hierarchy; rlimits still apply but memory and process caps are per-process only.',
    fixable: false,
    run: (s) =>
      s.caps.platform === 'linux' && !s.caps.cgroupV2 ? [{ detail: '/sys/fs/cgroup is not cgroup v2' }] : [],
  },
  {
    id: 'docker.running_as_root',
    severity: 'medium',
    title: 'weft runs as root inside a container',
    fix: 'Run the image as its non-root user (the official image uses uid 10001).',
    fixable: false,
    run: (s) => (s.container.inContainer && s.uid === 0 ? [{ detail: 'uid 0 in a container' }] : []),
  },
  {
    id: 'docker.seccomp_unconfined',
    severity: 'medium',
    title: 'Container runs without a seccomp profile',
    fix: 'Drop --security-opt seccomp=unconfined, or use a profile that still allows user namespaces.',
    fixable: false,
    run: (s) => (s.container.inContainer && s.container.seccompMode === 0 ? [{ detail: 'Seccomp: 0' }] : []),
  },
  {
    id: 'host.running_as_root',
    severity: 'low',
    title: 'weft runs as root',
    fix: 'Run agents and the hub as an unprivileged user; sandboxed commands already drop to a non-zero uid.',
    fixable: false,
    run: (s) => (!s.container.inContainer && s.uid === 0 ? [{ detail: 'uid 0' }] : []),
  },
];
