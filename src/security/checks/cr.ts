/** CR: credential literals shipped in the skill (leaks, not attacks: intent vulnerable). */
import { md, patternCheck } from '../match.js';
import type { Check } from '../types.js';
import { PLACEHOLDER_RE } from './signals.js';

const ANY = { kinds: ['prose', 'code', 'script', 'data', 'comment', 'frontmatter'] as const };
const real = (s: string): boolean => !PLACEHOLDER_RE.test(s) && !/^(.)\1+$/.test(s);

export const CR001 = patternCheck({
  id: 'CR-001',
  title: 'Private key in the bundle',
  category: 'CR',
  severity: 'high',
  intent: 'vulnerable',
  confidence: 0.9,
  docs: {
    what: 'PEM/OpenSSH/PGP private key blocks.',
    why: 'Anyone who installs the skill gets the key.',
    fix: "Remove the key, rotate it, and load keys from the user's keystore at run time.",
  },
  re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?:\r?\n)?([A-Za-z0-9+/=\r\n]{0,200})/g,
  match: { kinds: [...ANY.kinds] },
  build: (m) => (m[1] && m[1].replace(/\s/g, '').length >= 40 && real(m[1]) ? { secret: true } : null),
  tp: [
    {
      'key.pem': `-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7d3kq9Lw0pQ2mZ8vN1sT5yR4uX6cB3nH0jK9fL2gM8aP1oQ7\n-----END RSA PRIVATE KEY-----\n`,
    },
  ],
  tn: [{ 'SKILL.md': md('Put your key in a file that starts with `-----BEGIN OPENSSH PRIVATE KEY-----`.') }],
});

export const CR002 = patternCheck({
  id: 'CR-002',
  title: 'Cloud or API token literal',
  category: 'CR',
  severity: 'high',
  intent: 'vulnerable',
  confidence: 0.8,
  docs: {
    what: 'Well-formed provider tokens: AWS access keys, GitHub, GitLab, Slack, OpenAI, Anthropic, Google, Stripe, npm.',
    why: 'A token in a published skill is a leaked token.',
    fix: 'Revoke it and read tokens from the environment, declared in requires.env.',
  },
  re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{60,}|\bglpat-[A-Za-z0-9_-]{20}\b|\bxox[baprs]-[A-Za-z0-9-]{20,}|\bsk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{32,}|\bAIza[0-9A-Za-z_-]{35}\b|\b[rs]k_live_[A-Za-z0-9]{20,}|\bnpm_[A-Za-z0-9]{36}\b/g,
  match: { kinds: [...ANY.kinds] },
  build: (m) => (real(m[0]) && /\d/.test(m[0]) && /[a-z]/i.test(m[0]) ? { secret: true } : null),
  tp: [{ 'config.json': '{"token": "ghp_9aZ3kL0pQ7wX2mN5bV8cR1tY4uI6oP0sD3fG"}' }],
  tn: [{ 'config.json': '{"token": "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}' }],
});

export const CR003 = patternCheck({
  id: 'CR-003',
  title: 'Hard-coded password or secret',
  category: 'CR',
  severity: 'medium',
  intent: 'vulnerable',
  confidence: 0.55,
  docs: {
    what: 'Assignments like password = "...", api_key: "..." with a literal, non-placeholder value in code or config.',
    why: 'Hard-coded secrets leak with the bundle and cannot be rotated per user.',
    fix: 'Read the value from the environment or a secrets manager.',
  },
  re: /\b(?:password|passwd|pwd|secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|client[_-]?secret|private[_-]?key)\b["']?\s*[:=]\s*["']([^"'\s$<>{}]{8,64})["']/gi,
  match: { kinds: ['code', 'script', 'data'] },
  build: (m) => (real(m[1]!) && /\d/.test(m[1]!) && /[A-Za-z]/.test(m[1]!) ? { secret: true } : null),
  tp: [{ 'db.py': 'DB_PASSWORD = "Tr0ub4dor&3x"\npassword = "Tr0ub4dor9x"\n' }],
  tn: [{ 'db.py': 'password = os.environ["DB_PASSWORD"]\napi_key = "your-api-key-here"\n' }],
});

export const CR004 = patternCheck({
  id: 'CR-004',
  title: 'Credentials embedded in a URL',
  category: 'CR',
  severity: 'medium',
  intent: 'vulnerable',
  confidence: 0.6,
  docs: {
    what: 'URLs of the form scheme://user:password@host with a literal password.',
    why: 'The password travels with every copy of the skill and ends up in logs.',
    fix: 'Use a credential helper or an environment variable.',
  },
  re: /\b(?:https?|ftp|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqp):\/\/([A-Za-z0-9._%-]{1,64}):([^@\s/"'$<>{}]{6,64})@[A-Za-z0-9.-]+/g,
  match: { kinds: ['prose', 'code', 'script', 'data'] },
  build: (m) =>
    real(m[2]!) && real(m[1]!) && !/^(?:user|username|pass|password)$/i.test(m[2]!) ? { secret: true } : null,
  tp: [{ 'app.py': 'DB = "postgres://admin:S3cretPw9@db.internal.example:5432/app"\n' }],
  tn: [{ 'app.py': 'DB = "postgres://user:password@localhost:5432/app"\n' }],
});

export const CR005 = patternCheck({
  id: 'CR-005',
  title: 'Live webhook URL, bot token or JWT',
  category: 'CR',
  severity: 'medium',
  intent: 'vulnerable',
  confidence: 0.65,
  docs: {
    what: 'Discord/Slack webhook URLs with their secret path, Telegram bot tokens, signed JWTs.',
    why: 'These are bearer credentials: whoever has the string can post as the owner.',
    fix: 'Move the value to configuration the user supplies.',
  },
  re: /https:\/\/(?:discord(?:app)?\.com\/api\/webhooks\/\d{15,20}\/[A-Za-z0-9_-]{50,}|hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,})|\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b|\beyJ[A-Za-z0-9_-]{15,}\.eyJ[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]{20,}/g,
  match: { kinds: ['prose', 'code', 'script', 'data'] },
  build: (m) => (real(m[0].split('/').pop()!) ? { secret: true } : null),
  tp: [
    {
      'notify.sh':
        'curl -X POST https://discord.com/api/webhooks/987650321098765432/Ab9Cd8Ef7Gh6Ij5Kl4Mn3Op2Qr1St0UvWxYzAb9Cd8Ef7Gh6Ij5Kl4Mn3Op2\n',
    },
  ],
  tn: [{ 'notify.sh': 'curl -X POST "$DISCORD_WEBHOOK_URL" -d @msg.json\n' }],
});

export const CR_CHECKS: Check[] = [CR001, CR002, CR003, CR004, CR005];
