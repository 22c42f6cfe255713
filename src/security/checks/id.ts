/** ID: information disclosure — credential stores read, environment dumped, host reconnaissance, secrets logged. */
import { defineCheck, hitAt, patternCheck, unitsOf } from '../match.js';
import type { Check, Hit } from '../types.js';
import { ENV_DUMP_RE, SECRET_PATH_RE } from './signals.js';

export const ID001 = patternCheck({
  id: 'ID-001',
  title: 'Reads credential stores or key files',
  category: 'ID',
  severity: 'medium',
  intent: 'malicious',
  confidence: 0.5,
  docs: {
    what: 'Code that touches SSH keys, cloud credentials, .netrc, browser password/cookie stores, keychains, crypto wallets or agent credential files.',
    why: 'Harvesting these is the first half of credential theft (EX-005 reports the full read-then-send flow).',
    fix: 'Ask the user for the one credential the task needs, via a declared environment variable.',
  },
  re: SECRET_PATH_RE,
  match: { kinds: ['code', 'script', 'decoded'], perFile: 3 },
  build: (m, u) => {
    const line = u.index.lineText(m.index);
    // generating or listing keys (ssh-keygen, ls) is not reading someone's secrets
    if (/\bssh-keygen\b|\bchmod\b|\bls\b|\bmkdir\b|\.pub\b|\bIdentityFile\b/.test(line)) return null;
    return { message: m[0].trim().slice(0, 80) };
  },
  tp: [{ 'grab.py': 'data = open(os.path.expanduser("~/.aws/credentials")).read()\n' }],
  tn: [{ 'keys.sh': 'ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519_demo\n' }],
});

export const ID002 = patternCheck({
  id: 'ID-002',
  title: 'Whole environment dumped',
  category: 'ID',
  severity: 'medium',
  intent: 'malicious',
  confidence: 0.5,
  docs: {
    what: 'printenv/env piped or redirected, JSON.stringify(process.env), dict(os.environ), /proc/self/environ, keychain dumps.',
    why: 'The environment holds every API key the agent has; dumping it wholesale is credential collection.',
    fix: 'Read only the specific variables the skill declares.',
  },
  re: ENV_DUMP_RE,
  match: { kinds: ['code', 'script', 'decoded'], perFile: 3 },
  tp: [{ 'dbg.js': 'fs.writeFileSync("/tmp/e.json", JSON.stringify(process.env))\n' }],
  tn: [{ 'cfg.js': 'const key = process.env.DEMO_API_KEY;\n' }],
});

const RECON = [
  /\bwhoami\b/,
  /\buname[ \t]+-a\b/,
  /\bhostname\b(?![-.])/,
  /\b(?:ifconfig|ip[ \t]+a(?:ddr)?)\b/,
  /\/etc\/passwd\b/,
  /\bps[ \t]+(?:aux|-ef)\b/,
  /\b(?:netstat|ss)[ \t]+-\w*[tlnp]/,
  /\bsysteminfo\b/,
  /\bsw_vers\b/,
  /\barp[ \t]+-a\b/,
  /\bid\b[ \t]*(?:;|&&|$|\))/m,
  /\blsb_release\b/,
  /\bplatform\.(?:node|uname)\(\)|\bos\.(?:hostname|userInfo|networkInterfaces)\(\)|\bgetpass\.getuser\(\)/,
];

export const ID003 = defineCheck({
  id: 'ID-003',
  title: 'Host reconnaissance',
  category: 'ID',
  severity: 'medium',
  intent: 'malicious',
  confidence: 0.5,
  docs: {
    what: 'One script collecting four or more host facts (user, hostname, OS, interfaces, processes, open ports, passwd).',
    why: 'Profiling the host is what implants do before exfiltration; skills rarely need it.',
    fix: 'Collect only the facts the task needs, and say so in the description.',
  },
  run: (skill) => {
    const out: Hit[] = [];
    for (const u of unitsOf(skill, { kinds: ['script', 'code', 'decoded'] })) {
      const found = RECON.filter((r) => r.test(u.text));
      if (found.length < 4) continue;
      const first = u.text.search(found[0]!);
      out.push(hitAt(u, Math.max(0, first), { message: `${found.length} reconnaissance commands` }));
    }
    return out;
  },
  tp: [{ 'info.sh': 'whoami\nhostname\nuname -a\nifconfig\ncat /etc/passwd\n' }],
  tn: [{ 'info.sh': 'uname -a\necho done\n' }],
});

export const ID004 = patternCheck({
  id: 'ID-004',
  title: 'Secret written to logs or output',
  category: 'ID',
  severity: 'low',
  intent: 'vulnerable',
  confidence: 0.45,
  docs: {
    what: 'print/console.log/echo of variables named like API keys, tokens, secrets or passwords.',
    why: 'Logs and transcripts are shared and stored; secrets in them leak.',
    fix: 'Log that a secret is set, never its value.',
  },
  re: /\b(?:print|console\.(?:log|info|error)|echo|logger\.\w+|logging\.\w+|puts)\b[ \t]*\(?[^\n]{0,40}?(?:\$\{?|\{|\+\s*|,\s*|f["'][^"'\n]{0,40}\{)\w*(?:API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD)\w*\}?/gi,
  match: { kinds: ['script', 'code'], perFile: 2 },
  build: (m) => (/\bis set\b|\*{3}|mask|redact|\[:4\]|slice\(0, ?4\)|len\(/i.test(m[0]) ? null : {}),
  tp: [{ 'x.py': 'print("token:", API_TOKEN)\n' }],
  tn: [{ 'x.py': 'print("token set:", bool(API_TOKEN))\n' }],
});

export const ID005 = patternCheck({
  id: 'ID-005',
  title: 'Fake password prompt',
  category: 'ID',
  severity: 'high',
  intent: 'malicious',
  confidence: 0.8,
  docs: {
    what: 'Scripts that pop up their own password dialog (osascript "display dialog ... hidden answer", PowerShell Get-Credential/Read-Host -AsSecureString piped elsewhere) or validate a login password with dscl.',
    why: 'Stealers phish the login password this way to unlock the keychain and browser stores.',
    fix: 'Never ask for the system password; use the OS keychain APIs or sudo prompts.',
  },
  re: /\bdisplay\s+dialog\b[^\n]{0,200}\bhidden\s+answer\b|\bdscl\s+[^\n]{0,40}-authonly\b|\bGet-Credential\b[^\n]{0,120}(?:Invoke-WebRequest|iwr|curl|Out-File)/gi,
  match: { kinds: ['code', 'script', 'decoded', 'prose'] },
  tp: [
    {
      'x.sh':
        'pw=$(osascript -e \'display dialog "System update needs your password" default answer "" with hidden answer\')\n',
    },
  ],
  tn: [{ 'x.sh': 'osascript -e \'display notification "Done" with title "Build"\'\n' }],
});

export const ID_CHECKS: Check[] = [ID001, ID002, ID003, ID004, ID005];
