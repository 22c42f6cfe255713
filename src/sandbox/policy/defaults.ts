import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SandboxType } from '../../config/policy-schema.js';
import type { ResolvedLimits } from './types.js';

export const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: ResolvedLimits = {
  wallMs: 60_000,
  cpuSeconds: 30,
  memoryBytes: 1024 * MiB,
  pids: 128,
  fsizeBytes: 100 * MiB,
  nofile: 256,
  outputBytes: 10 * MiB,
};

export function defaultSandboxType(platform: NodeJS.Platform = process.platform): SandboxType {
  return platform === 'linux' ? 'os' : 'wasm';
}

/**
 * Variables that make a program load code it did not ask for. They are dropped
 * even when an allow pattern matches them (`*` included).
 */
const LOADER_EXACT = new Set([
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_REPL_EXTERNAL_MODULE',
  'BASH_ENV',
  'ENV',
  'SHELLOPTS',
  'BASHOPTS',
  'PROMPT_COMMAND',
  'PS4',
  'IFS',
  'CDPATH',
  'GLOBIGNORE',
  'PYTHONSTARTUP',
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONINSPECT',
  'PYTHONUSERBASE',
  'PERL5LIB',
  'PERL5OPT',
  'PERLLIB',
  'RUBYOPT',
  'RUBYLIB',
  'GCONV_PATH',
  'HOSTALIASES',
  'RESOLV_HOST_CONF',
  'LOCPATH',
  'NLSPATH',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_EXEC_PATH',
  'GIT_ASKPASS',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'SSH_ASKPASS',
  'EDITOR',
  'VISUAL',
  'PAGER',
  'LESSOPEN',
  'LESSCLOSE',
  'BROWSER',
  'OPENSSL_CONF',
  'OPENSSL_ENGINES',
  'SSLKEYLOGFILE',
]);
const LOADER_PREFIXES = ['LD_', 'DYLD_', 'MALLOC_', 'GLIBC_', 'BASH_FUNC_', 'NODE_V8_', 'NPM_CONFIG_SCRIPT'];

export function isLoaderVar(name: string): boolean {
  if (LOADER_EXACT.has(name)) return true;
  return LOADER_PREFIXES.some((p) => name.startsWith(p));
}

/** Home-relative secrets and persistence points that no policy can grant. */
export function mandatoryDenyPaths(home: string = homedir(), clawftHome?: string): string[] {
  const rel = [
    '.ssh',
    '.aws',
    '.gnupg',
    '.azure',
    '.kube',
    '.docker',
    '.config/gcloud',
    '.config/gh',
    '.config/hub',
    '.config/fish',
    '.clawft',
    '.openclaw',
    '.clawdbot',
    '.netrc',
    '.npmrc',
    '.pypirc',
    '.git-credentials',
    '.gitconfig',
    '.bashrc',
    '.bash_profile',
    '.bash_login',
    '.bash_logout',
    '.profile',
    '.zshrc',
    '.zshenv',
    '.zprofile',
    '.zlogin',
    '.cshrc',
    '.tcshrc',
    '.inputrc',
    '.local/share/keyrings',
    '.password-store',
  ];
  const out = rel.map((r) => join(home, r));
  if (clawftHome) out.push(clawftHome);
  out.push('/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/ssh', '/root/.ssh');
  return [...new Set(out)];
}

/**
 * Names masked wherever they appear inside a granted root: env files, VCS hook
 * dirs (persistence: a hook runs on the user's next git command), rc files,
 * credentials. `*` is a suffix wildcard.
 */
export const MANDATORY_DENY_NAMES = [
  '.env',
  '.env.*',
  '.envrc',
  '.ssh',
  '.aws',
  '.gnupg',
  '.clawft',
  '.netrc',
  '.npmrc',
  '.pypirc',
  '.git-credentials',
  '.bashrc',
  '.bash_profile',
  '.profile',
  '.zshrc',
  '.zshenv',
];

/**
 * Names made read-only (not hidden) inside writable roots: git needs to read
 * them, but a write is persistence (a hook or `core.fsmonitor` runs on the
 * user's next git command, outside any sandbox).
 */
export const MANDATORY_READONLY_NAMES = ['.git/hooks', '.git/config', '.hg/hgrc', '.vscode', '.idea'];
