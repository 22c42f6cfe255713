import type { ResolvedPolicy } from './policy/types.js';

/** SBPL string literal: backslash and double quote escaped; control characters refused. */
export function sbplString(s: string): string {
  if (/[\u0000-\u001f]/.test(s)) throw new Error(`path contains a control character: ${JSON.stringify(s)}`);
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const SYSTEM_READ = [
  '/usr',
  '/bin',
  '/sbin',
  '/System',
  '/Library',
  '/private/etc',
  '/private/var/db/timezone',
  '/opt/homebrew',
];
const DEV_RW = ['/dev/null', '/dev/zero', '/dev/tty', '/dev/dtracehelper', '/dev/urandom', '/dev/random'];

export interface MacosProfileOptions {
  workdir: string;
  /** localhost port of the per-run proxy, when the policy allows network */
  proxyPort?: number;
}

/**
 * A sandbox-exec (Seatbelt) profile for the policy. Deny by default; later
 * rules win in SBPL, so the mandatory deny list comes last. Used on macOS when
 * `sandbox-exec` exists; without it weft falls back to WASM with a warning.
 */
export function macosProfile(policy: ResolvedPolicy, opts: MacosProfileOptions): string {
  const sub = (paths: string[]) => paths.map((p) => `(subpath ${sbplString(p)})`).join(' ');
  const lines = [
    '(version 1)',
    '(deny default)',
    '(allow process-fork)',
    '(allow process-exec)',
    '(allow signal (target same-sandbox))',
    '(allow sysctl-read)',
    '(allow mach-lookup (global-name "com.apple.system.opendirectoryd.libinfo"))',
    `(allow file-read-metadata)`,
    `(allow file-read* ${sub(SYSTEM_READ)})`,
    `(allow file-read* file-write* ${DEV_RW.map((d) => `(literal ${sbplString(d)})`).join(' ')})`,
  ];
  if (policy.fs.read.length) lines.push(`(allow file-read* ${sub(policy.fs.read)})`);
  lines.push(`(allow file-read* file-write* ${sub([...policy.fs.write, opts.workdir, '/private/tmp'])})`);
  if (opts.proxyPort && policy.net.rules.length) {
    lines.push(`(allow network-outbound (remote tcp ${sbplString(`localhost:${opts.proxyPort}`)}))`);
  }
  lines.push('(deny network-bind)', '(deny process-info* (target others))');
  if (policy.fs.deny.length) lines.push(`(deny file-read* file-write* ${sub(policy.fs.deny)})`);
  const names = policy.fs.denyNames.map((n) =>
    n.endsWith('*')
      ? `(regex ${sbplString(`/${n.slice(0, -1).replace(/[.]/g, '\\.')}[^/]*$`)})`
      : `(regex ${sbplString(`/${n.replace(/[.]/g, '\\.')}(/|$)`)})`,
  );
  if (names.length) lines.push(`(deny file-read* file-write* ${names.join(' ')})`);
  const ro = policy.fs.readonlyNames.map((n) => `(regex ${sbplString(`/${n.replace(/[.]/g, '\\.')}(/|$)`)})`);
  if (ro.length) lines.push(`(deny file-write* ${ro.join(' ')})`);
  return `${lines.join('\n')}\n`;
}
