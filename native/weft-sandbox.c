/*
 * weft-sandbox: the innermost layer of clawft's Linux sandbox.
 *
 * Runs inside bubblewrap (or alone, for tests), then, in this order:
 *   rlimits -> no_new_privs -> Landlock (fs + TCP + scopes) -> close fds >= 3
 *   -> seccomp deny filter -> execve(command).
 * Optional: --bridge PORT:SOCK listens on TCP 127.0.0.1:PORT and relays each
 * connection to the unix socket (one small process per connection, forked by
 * the supervisor), so HTTP(S)_PROXY=http://127.0.0.1:PORT reaches the per-run
 * proxy that lives outside the network namespace.
 *
 * No libseccomp: the filter is raw classic BPF, built below. Constants for
 * Landlock are defined here because distro kernel headers lag the kernel.
 *
 * Exit 125 with a line "weft-sandbox: ..." on stderr means setup failed and
 * the command never ran.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define SETUP_EXIT 125

/* ---- Landlock (uapi/linux/landlock.h), ABI 1..7 ---- */
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif
#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH 1
#define LL_RULE_NET_PORT 2
#define LL_FS_EXECUTE (1ULL << 0)
#define LL_FS_WRITE_FILE (1ULL << 1)
#define LL_FS_READ_FILE (1ULL << 2)
#define LL_FS_READ_DIR (1ULL << 3)
#define LL_FS_REMOVE_DIR (1ULL << 4)
#define LL_FS_REMOVE_FILE (1ULL << 5)
#define LL_FS_MAKE_CHAR (1ULL << 6)
#define LL_FS_MAKE_DIR (1ULL << 7)
#define LL_FS_MAKE_REG (1ULL << 8)
#define LL_FS_MAKE_SOCK (1ULL << 9)
#define LL_FS_MAKE_FIFO (1ULL << 10)
#define LL_FS_MAKE_BLOCK (1ULL << 11)
#define LL_FS_MAKE_SYM (1ULL << 12)
#define LL_FS_REFER (1ULL << 13)
#define LL_FS_TRUNCATE (1ULL << 14)
#define LL_FS_IOCTL_DEV (1ULL << 15)
#define LL_NET_BIND_TCP (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX (1ULL << 0)
#define LL_SCOPE_SIGNAL (1ULL << 1)

struct ll_ruleset_attr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};
struct ll_path_beneath_attr {
  uint64_t allowed_access;
  int32_t parent_fd;
} __attribute__((packed));
struct ll_net_port_attr {
  uint64_t allowed_access;
  uint64_t port;
};

#define LL_FS_READ (LL_FS_EXECUTE | LL_FS_READ_FILE | LL_FS_READ_DIR)
#define LL_FS_FILE_ONLY (LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

static int landlock_abi(void) {
  long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
  return abi < 0 ? 0 : (int)abi;
}

static uint64_t fs_handled_for(int abi) {
  uint64_t fs = (LL_FS_MAKE_SYM << 1) - 1; /* ABI 1: bits 0..12 */
  if (abi >= 2) fs |= LL_FS_REFER;
  if (abi >= 3) fs |= LL_FS_TRUNCATE;
  if (abi >= 5) fs |= LL_FS_IOCTL_DEV;
  return fs;
}

/* ---- options ---- */
#define MAX_RULES 512
struct opts {
  const char *ro[MAX_RULES];
  int n_ro;
  const char *rw[MAX_RULES];
  int n_rw;
  int tcp_ports[16];
  int n_tcp;
  int landlock_mode; /* 0 off, 1 best effort, 2 require */
  int landlock_min_abi;
  int seccomp;
  struct {
    int resource;
    rlim_t soft;
    rlim_t hard;
  } rl[16];
  int n_rl;
  int pids_watch;
  unsigned long long mem_watch;
  int bridge_port;
  const char *bridge_sock;
  char **argv;
};

static void die(const char *fmt, const char *arg) {
  fprintf(stderr, "weft-sandbox: ");
  fprintf(stderr, fmt, arg ? arg : "");
  if (errno) fprintf(stderr, " (%s)", strerror(errno));
  fputc('\n', stderr);
  _exit(SETUP_EXIT);
}

/* NAME=SOFT[:HARD] */
static int parse_rlimit(const char *s, int *res, rlim_t *soft, rlim_t *hard) {
  const char *eq = strchr(s, '=');
  if (!eq) return -1;
  size_t n = (size_t)(eq - s);
  static const struct {
    const char *name;
    int res;
  } names[] = {{"cpu", RLIMIT_CPU},       {"as", RLIMIT_AS},       {"data", RLIMIT_DATA},
               {"nproc", RLIMIT_NPROC},   {"fsize", RLIMIT_FSIZE}, {"nofile", RLIMIT_NOFILE},
               {"core", RLIMIT_CORE},     {"stack", RLIMIT_STACK}, {"memlock", RLIMIT_MEMLOCK},
               {"msgqueue", RLIMIT_MSGQUEUE}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strlen(names[i].name) == n && strncmp(names[i].name, s, n) == 0) {
      char *end;
      errno = 0;
      unsigned long long v = strtoull(eq + 1, &end, 10);
      unsigned long long h = v;
      if (!errno && *end == ':') h = strtoull(end + 1, &end, 10);
      if (errno || *end || h < v) return -1;
      *res = names[i].res;
      *soft = (rlim_t)v;
      *hard = (rlim_t)h;
      return 0;
    }
  }
  return -1;
}

/* ---- seccomp: deny filter ---- */
#if defined(__x86_64__)
#define SECCOMP_ARCH AUDIT_ARCH_X86_64
#define X32_SYSCALL_BIT 0x40000000
#elif defined(__aarch64__)
#define SECCOMP_ARCH AUDIT_ARCH_AARCH64
#else
#error "weft-sandbox supports x86_64 and aarch64"
#endif

#define ARG_LO(n) (offsetof(struct seccomp_data, args) + (n) * sizeof(uint64_t))
#define RET_ERRNO(e) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))
#define RET_ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

static const long denied_syscalls[] = {
    SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev, SYS_mount, SYS_umount2, SYS_pivot_root,
#ifdef SYS_move_mount
    SYS_move_mount, SYS_open_tree, SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_fspick,
#endif
#ifdef SYS_mount_setattr
    SYS_mount_setattr,
#endif
    SYS_unshare, SYS_setns, SYS_bpf, SYS_perf_event_open, SYS_userfaultfd, SYS_keyctl, SYS_add_key,
    SYS_request_key,
#ifdef SYS_io_uring_setup
    SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register,
#endif
    SYS_kexec_load,
#ifdef SYS_kexec_file_load
    SYS_kexec_file_load,
#endif
    SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_acct, SYS_swapon, SYS_swapoff, SYS_reboot,
    SYS_syslog, SYS_quotactl, SYS_open_by_handle_at, SYS_name_to_handle_at, SYS_chroot, SYS_settimeofday,
    SYS_clock_settime, SYS_clock_adjtime, SYS_adjtimex, SYS_vhangup, SYS_fanotify_init, SYS_kcmp,
#ifdef SYS_pidfd_getfd
    SYS_pidfd_getfd,
#endif
#if defined(__x86_64__)
    SYS_iopl, SYS_ioperm, SYS_modify_ldt, SYS_uselib, SYS_lookup_dcookie,
#endif
};

#define NS_CLONE_FLAGS                                                                                \
  (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |        \
   CLONE_NEWNET)
#ifndef TIOCSTI
#define TIOCSTI 0x5412
#endif
#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif

static void install_seccomp(void) {
  struct sock_filter f[256];
  int n = 0;
  f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_ARCH, 1, 0);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
#ifdef X32_SYSCALL_BIT
  /* x32 ABI syscalls share the x86_64 arch token; refuse them outright. */
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
#endif
  /* clone3 must fail with ENOSYS, not EPERM: glibc and libuv then fall back to
   * clone(2), whose flags (unlike clone3's struct) BPF can inspect. */
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1);
  f[n++] = (struct sock_filter)RET_ERRNO(ENOSYS);
  for (size_t i = 0; i < sizeof denied_syscalls / sizeof denied_syscalls[0]; i++) {
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)denied_syscalls[i], 0, 1);
    f[n++] = (struct sock_filter)RET_ERRNO(EPERM);
  }
  /* clone: no new namespaces */
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0));
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NS_CLONE_FLAGS, 0, 1);
  f[n++] = (struct sock_filter)RET_ERRNO(EPERM);
  f[n++] = (struct sock_filter)RET_ALLOW;
  /* socket: only unix, inet, inet6 (no netlink, packet, vsock, bluetooth, ...) */
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 6);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0));
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 3, 0);
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 2, 0);
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 1, 0);
  f[n++] = (struct sock_filter)RET_ERRNO(EAFNOSUPPORT);
  f[n++] = (struct sock_filter)RET_ALLOW;
  /* ioctl: no terminal input injection */
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 5);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(1));
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 2, 0);
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 1, 0);
  f[n++] = (struct sock_filter)RET_ALLOW;
  f[n++] = (struct sock_filter)RET_ERRNO(EPERM);
  /* personality: query and PER_LINUX only (no ADDR_NO_RANDOMIZE & co.) */
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_personality, 0, 5);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0));
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0);
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffU, 1, 0);
  f[n++] = (struct sock_filter)RET_ERRNO(EPERM);
  f[n++] = (struct sock_filter)RET_ALLOW;
  f[n++] = (struct sock_filter)RET_ALLOW;

  struct sock_fprog prog = {.len = (unsigned short)n, .filter = f};
  errno = 0;
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0) die("cannot install seccomp filter%s", NULL);
}

/* ---- Landlock ---- */
static void add_path_rule(int rs, const char *path, uint64_t access) {
  int fd = open(path, O_PATH | O_CLOEXEC);
  if (fd < 0) return; /* nothing there: nothing to grant */
  struct stat st;
  if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) access &= LL_FS_FILE_ONLY;
  struct ll_path_beneath_attr pb = {.allowed_access = access, .parent_fd = fd};
  errno = 0;
  if (syscall(__NR_landlock_add_rule, rs, LL_RULE_PATH_BENEATH, &pb, 0) != 0) die("landlock rule for %s", path);
  close(fd);
}

static void apply_landlock(const struct opts *o, int abi) {
  struct ll_ruleset_attr attr = {0};
  size_t size = sizeof(uint64_t);
  attr.handled_access_fs = fs_handled_for(abi);
  if (abi >= 4) {
    attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
    size = 2 * sizeof(uint64_t);
  }
  if (abi >= 6) {
    attr.scoped = LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL;
    size = 3 * sizeof(uint64_t);
  }
  errno = 0;
  int rs = (int)syscall(__NR_landlock_create_ruleset, &attr, size, 0);
  if (rs < 0) die("landlock_create_ruleset failed%s", NULL);
  for (int i = 0; i < o->n_ro; i++) add_path_rule(rs, o->ro[i], LL_FS_READ);
  for (int i = 0; i < o->n_rw; i++) add_path_rule(rs, o->rw[i], attr.handled_access_fs);
  if (abi >= 4) {
    for (int i = 0; i < o->n_tcp; i++) {
      struct ll_net_port_attr np = {.allowed_access = LL_NET_CONNECT_TCP, .port = (uint64_t)o->tcp_ports[i]};
      errno = 0;
      if (syscall(__NR_landlock_add_rule, rs, LL_RULE_NET_PORT, &np, 0) != 0) die("landlock tcp rule%s", NULL);
    }
  }
  errno = 0;
  if (syscall(__NR_landlock_restrict_self, rs, 0) != 0) die("landlock_restrict_self failed%s", NULL);
  close(rs);
}

/* ---- TCP -> unix bridge (runs before any restriction, in the sandbox netns) ---- */
static void relay(int a, int b) {
  char buf[65536];
  struct pollfd p[2] = {{.fd = a, .events = POLLIN}, {.fd = b, .events = POLLIN}};
  for (;;) {
    if (poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int i = 0; i < 2; i++) {
      if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t r = read(p[i].fd, buf, sizeof buf);
      if (r <= 0) return;
      int out = i == 0 ? b : a;
      for (ssize_t off = 0; off < r;) {
        ssize_t w = write(out, buf + off, (size_t)(r - off));
        if (w <= 0) return;
        off += w;
      }
    }
  }
}

/* The listening socket, bound before any restriction (nonblocking: accepted in a loop until EAGAIN). */
static int bridge_listen(const struct opts *o) {
  int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (ls < 0) die("bridge socket%s", NULL);
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)o->bridge_port)};
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  errno = 0;
  if (bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 64) != 0) die("bridge bind%s", NULL);
  return ls;
}

static void stdio_to_null(void) {
  for (int fd = 0; fd < 3; fd++) {
    int nul = open("/dev/null", O_RDWR);
    if (nul >= 0 && nul != fd) {
      dup2(nul, fd);
      close(nul);
    }
  }
}

/* Accept every pending connection; each gets a relay process to the proxy's unix socket. */
static void bridge_accept(int ls, const char *sock) {
  for (;;) {
    int c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0) return;
    if (fork() == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      signal(SIGTERM, SIG_DFL);
      signal(SIGINT, SIG_DFL);
      signal(SIGHUP, SIG_DFL);
      close(ls);
      stdio_to_null();
      int u = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
      struct sockaddr_un ua = {.sun_family = AF_UNIX};
      strncpy(ua.sun_path, sock, sizeof ua.sun_path - 1);
      if (u >= 0 && connect(u, (struct sockaddr *)&ua, sizeof ua) == 0) relay(c, u);
      _exit(0);
    }
    close(c);
  }
}

/* Without a supervisor (helper run alone) the bridge is its own process. */
static void start_bridge_process(int ls, const char *sock) {
  pid_t pid = fork();
  if (pid < 0) die("bridge fork%s", NULL);
  if (pid > 0) {
    close(ls);
    return;
  }
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGCHLD, SIG_IGN);
  stdio_to_null();
  for (;;) {
    struct pollfd p = {.fd = ls, .events = POLLIN};
    if (poll(&p, 1, -1) > 0) bridge_accept(ls, sock);
  }
}

/* ---- pids supervisor ----
 * RLIMIT_NPROC is not enforced when the sandbox uid maps to host root (bwrap
 * started by root), and cgroups are often not writable. So when asked, the
 * helper stays as a small supervisor inside the pid namespace: it counts
 * /proc entries and kills every process it can signal (the whole sandbox)
 * once the count passes the limit. */
static pid_t supervised_child;
static void forward_signal(int sig) {
  if (supervised_child > 0) kill(supervised_child, sig);
}

/* Process count, and (when rss is non-NULL) the summed resident set of every
 * process in the namespace: RLIMIT_AS is per process, this bounds the total. */
static int count_procs(unsigned long long *rss) {
  DIR *d = opendir("/proc");
  if (!d) return 0;
  int n = 0;
  struct dirent *e;
  long page = sysconf(_SC_PAGESIZE);
  if (rss) *rss = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    n++;
    if (!rss) continue;
    char path[64];
    snprintf(path, sizeof path, "/proc/%.20s/statm", e->d_name);
    FILE *f = fopen(path, "re");
    if (!f) continue;
    unsigned long long size = 0, resident = 0;
    if (fscanf(f, "%llu %llu", &size, &resident) == 2) *rss += resident * (unsigned long long)page;
    fclose(f);
  }
  closedir(d);
  return n;
}

static void kill_all(const char *what, unsigned long long limit) {
  signal(SIGTERM, SIG_IGN);
  kill(-1, SIGKILL);
  fprintf(stderr, "weft-sandbox: %s limit (%llu) exceeded; killed the sandbox\n", what, limit);
  while (waitpid(-1, NULL, 0) > 0) {
  }
  _exit(128 + SIGKILL);
}

/* SIGCHLD stays blocked in the supervisor and is read from a signalfd: it
 * wakes the moment the command exits (no poll-interval delay on every run's
 * exit); the same poll() is the 5 ms tick for the pids/memory checks. */
static sigset_t chld_set;

static void supervise(pid_t child, int limit, unsigned long long mem_limit, int bridge_ls, const char *bridge_sock) {
  supervised_child = child;
  signal(SIGTERM, forward_signal);
  signal(SIGINT, forward_signal);
  signal(SIGHUP, forward_signal);
  /* Not the command's processes: this supervisor, the bridge, and bwrap's init
   * unless this supervisor is pid 1 itself (bwrap --as-pid-1). As pid 1 it also
   * inherits the command's orphans and reaps them (zombies would count). Its
   * exit ends the pid namespace, and with it every process left inside. */
  int overhead = getpid() == 1 ? 1 : 2;
  /* SIGCHLD (blocked) arrives on a signalfd; one poll() waits for it, for
   * bridge connections (the supervisor serves the TCP->proxy bridge itself,
   * so a networked run needs no extra bridge process) and for the 5 ms tick. */
  int sfd = signalfd(-1, &chld_set, SFD_CLOEXEC | SFD_NONBLOCK);
  struct pollfd pf[2] = {{.fd = sfd, .events = POLLIN}, {.fd = bridge_ls, .events = POLLIN}};
  unsigned long ticks = 0;
  for (;;) {
    int st;
    pid_t r;
    while ((r = waitpid(-1, &st, WNOHANG)) > 0) {
      if (r != child) continue;
      if (WIFEXITED(st)) _exit(WEXITSTATUS(st));
      if (WIFSIGNALED(st)) _exit(128 + WTERMSIG(st));
      _exit(SETUP_EXIT);
    }
    unsigned long long rss = 0;
    int with_mem = mem_limit > 0 && (++ticks % 4 == 0);
    int n = count_procs(with_mem ? &rss : NULL);
    if (limit > 0 && n - overhead > limit) kill_all("pids", (unsigned long long)limit);
    /* the supervisor's own few hundred KiB are inside the total; the limit is far above it */
    if (with_mem && rss > mem_limit) kill_all("memory", mem_limit);
    if (poll(pf, 2, 5) > 0) {
      struct signalfd_siginfo si;
      if (pf[0].revents & POLLIN)
        while (read(sfd, &si, sizeof si) > 0) {
        }
      if (pf[1].revents & POLLIN) bridge_accept(bridge_ls, bridge_sock);
    }
  }
}

/* ---- probe ---- */
static int probe(void) {
  int abi = landlock_abi();
  int seccomp = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0;
  long cr = syscall(SYS_close_range, 1000000, 1000000, 0);
  printf("{\"landlock\":{\"available\":%s,\"abi\":%d,\"tcp\":%s,\"scopes\":%s},"
         "\"seccomp\":%s,\"noNewPrivs\":true,\"closeRange\":%s,\"arch\":\"%s\"}\n",
         abi > 0 ? "true" : "false", abi, abi >= 4 ? "true" : "false", abi >= 6 ? "true" : "false",
         seccomp ? "true" : "false", cr == 0 ? "true" : "false",
#if defined(__x86_64__)
         "x86_64"
#else
         "aarch64"
#endif
  );
  return 0;
}

static void usage(void) {
  fputs("usage: weft-sandbox --probe\n"
        "       weft-sandbox [--ro PATH]... [--rw PATH]... [--tcp-connect PORT]... [--rlimit NAME=N]...\n"
        "                    [--landlock off|best|require] [--landlock-min-abi N] [--no-seccomp]\n"
        "                    [--bridge PORT:SOCKET] -- CMD [ARGS...]\n",
        stderr);
  _exit(SETUP_EXIT);
}

int main(int argc, char **argv) {
  struct opts o = {.landlock_mode = 2, .landlock_min_abi = 1, .seccomp = 1};
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    errno = 0;
    if (strcmp(a, "--probe") == 0) return probe();
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (!v) usage();
    if (strcmp(a, "--ro") == 0 && o.n_ro < MAX_RULES) o.ro[o.n_ro++] = v;
    else if (strcmp(a, "--rw") == 0 && o.n_rw < MAX_RULES) o.rw[o.n_rw++] = v;
    else if (strcmp(a, "--tcp-connect") == 0 && o.n_tcp < 16) o.tcp_ports[o.n_tcp++] = atoi(v);
    else if (strcmp(a, "--rlimit") == 0 && o.n_rl < 16) {
      if (parse_rlimit(v, &o.rl[o.n_rl].resource, &o.rl[o.n_rl].soft, &o.rl[o.n_rl].hard) != 0) die("bad --rlimit %s", v);
      o.n_rl++;
    } else if (strcmp(a, "--landlock") == 0) {
      o.landlock_mode = strcmp(v, "off") == 0 ? 0 : strcmp(v, "best") == 0 ? 1 : 2;
    } else if (strcmp(a, "--landlock-min-abi") == 0) o.landlock_min_abi = atoi(v);
    else if (strcmp(a, "--no-seccomp") == 0) {
      o.seccomp = 0;
      i--; /* flag without value */
    } else if (strcmp(a, "--pids-watch") == 0) {
      o.pids_watch = atoi(v);
    } else if (strcmp(a, "--mem-watch") == 0) {
      o.mem_watch = strtoull(v, NULL, 10);
    } else if (strcmp(a, "--bridge") == 0) {
      const char *colon = strchr(v, ':');
      if (!colon) die("bad --bridge %s", v);
      o.bridge_port = atoi(v);
      o.bridge_sock = colon + 1;
    } else usage();
    i++;
  }
  if (i >= argc) usage();
  o.argv = argv + i;

  int bridge_ls = o.bridge_port > 0 ? bridge_listen(&o) : -1;
  int supervised = o.pids_watch > 0 || getpid() == 1;
  if (bridge_ls >= 0 && !supervised) {
    start_bridge_process(bridge_ls, o.bridge_sock);
    bridge_ls = -1;
  }
  /* As pid 1 (bwrap --as-pid-1) the helper must stay as the supervisor: the
   * command never runs as pid 1 (which ignores default-action signals). */
  if (supervised) {
    sigset_t old_mask;
    sigemptyset(&chld_set);
    sigaddset(&chld_set, SIGCHLD);
    /* blocked before fork, so an exit before the first wait is not missed */
    sigprocmask(SIG_BLOCK, &chld_set, &old_mask);
    pid_t child = fork();
    if (child < 0) die("fork%s", NULL);
    if (child > 0) supervise(child, o.pids_watch, o.mem_watch, bridge_ls, o.bridge_sock);
    if (bridge_ls >= 0) close(bridge_ls);
    /* the mask survives execve: give the command the caller's mask back */
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
  }

  for (int k = 0; k < o.n_rl; k++) {
    struct rlimit rl = {.rlim_cur = o.rl[k].soft, .rlim_max = o.rl[k].hard};
    errno = 0;
    if (setrlimit(o.rl[k].resource, &rl) != 0) die("setrlimit failed%s", NULL);
  }
  errno = 0;
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("no_new_privs failed%s", NULL);

  if (o.landlock_mode > 0) {
    int abi = landlock_abi();
    if (abi < o.landlock_min_abi) {
      if (o.landlock_mode == 2) {
        errno = 0;
        die("Landlock unavailable (kernel ABI %s); enable CONFIG_SECURITY_LANDLOCK and lsm=landlock",
            abi == 0 ? "none" : "too old");
      }
    } else {
      apply_landlock(&o, abi);
    }
  }

  /* Close inherited descriptors: only stdin/stdout/stderr cross into the command. */
  if (syscall(SYS_close_range, 3, ~0U, 0) != 0) {
    for (int fd = 3; fd < 65536; fd++) close(fd);
  }
  if (o.seccomp) install_seccomp();
  execvp(o.argv[0], o.argv);
  int err = errno;
  fprintf(stderr, "weft-sandbox: cannot execute %s: %s\n", o.argv[0], strerror(err));
  _exit(err == ENOENT ? 127 : 126);
}
