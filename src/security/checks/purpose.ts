/**
 * Purpose vs behaviour: what the skill says it is (name, description, homepage) against what its
 * code does. A weather skill that opens the SSH keys or the browser's password store is lying about
 * its purpose, whatever the code around it looks like. Each sensitive behaviour class lists the words
 * of the purposes that legitimately need it; a skill whose identity names none of them is flagged.
 * Conservative by construction: security tooling, skills with no stated purpose and broad system
 * tools (sysadmin, dotfiles, backup, migration) are left to the narrower checks.
 */
import { lineLooksQuoted } from '../context.js';
import { extractUrls, isPublicIPv4 } from '../hosts.js';
import type { ScanSkill, ScanUnit } from '../load.js';
import { hitAt, isQuoted } from '../match.js';
import type { Hit } from '../types.js';
import { siteNamedBySkill } from './intent.js';
import { descriptionOf, titleOf } from './signals.js';

// A read of a path (not a write into it): the path is an argument to a reader, an open() or a
// path expression that a later read uses. Writes (`> file`, `cat > file << EOF`) are excluded below.
const BROWSER_DIR = String.raw`(?:Chrome|Chromium|Google|Brave|BraveSoftware|Edge|Firefox|Mozilla|Opera|Vivaldi|Arc|Profile|Default|User Data|Application Support|\.mozilla|\.config\/(?:google-chrome|chromium|BraveSoftware))`;

export interface Behaviour {
  id: string;
  /** what the code does, for the message */
  label: string;
  /** evidence in code (scripts, code blocks, decoded payloads) */
  code: RegExp;
  /** words of a stated purpose that legitimately needs this behaviour */
  related: RegExp;
  /** only shipped scripts (and payloads decoded from them) count, not code blocks in the docs */
  scriptsOnly?: boolean;
  /** a second test on the line, so `code` can start with a plain literal and stay fast */
  confirm?: (line: string, before: string, matched: string) => boolean;
}

const BROWSER_DIR_RE = new RegExp(BROWSER_DIR);
const READER_BEFORE_RE =
  /(?:\bcat|\btype|Get-Content|\bopen\(|read(?:File(?:Sync)?|_text)\(|\bcp|\bscp|\bbase64|\btar\b)[^\n;|]{0,100}$/;

export const BEHAVIOURS: Behaviour[] = [
  {
    id: 'ssh-keys',
    label: 'reads SSH private keys',
    code: /\.ssh\/(?:id_(?:rsa|dsa|ecdsa|ed25519)(?![\w.]*\.pub)\b|identity\b)|\.ssh\/\*|\.ssh["']?\s*\)?\s*(?:\/\s*["']?\*|,\s*["']id_)/g,
    related:
      /\b(?:ssh|sftp|scp|rsync|git|github|gitlab|bitbucket|deploy\w*|server|servers|remote|hosts?|vps|cloud|devops|infra\w*|cluster|provision\w*|ansible|terraform|kubernetes|k8s|docker|key\s+management|password\s+manager|vault|1password|bitwarden|keepass|proton\s+pass|gpg|pgp|encrypt\w*|tunnel|bastion|jump|raspberry|pi|router|nas|homelab|hetzner|aws|gcp|azure|digitalocean|linode|dokku|coolify|fly|heroku)\b/i,
  },
  {
    id: 'cloud-credentials',
    label: 'reads cloud or container credentials',
    code: /\.aws\/credentials|\.kube\/config\b|\.docker\/config\.json|\.config\/gcloud\/(?:credentials|application_default|legacy_credentials)|\.azure\/(?:accessTokens|msal_token_cache)/g,
    related:
      /\b(?:aws|amazon|s3|ec2|lambda|cloud\w*|kube\w*|k8s|kubectl|helm|docker|container\w*|registry|deploy\w*|gcp|gcloud|google\s+cloud|azure|terraform|pulumi|infra\w*|devops|cluster|eks|gke|aks|ecr|serverless|credentials?|iam|sso|profiles?)\b/i,
  },
  {
    id: 'browser-store',
    label: "reads the browser's password, cookie or session store",
    code: /(?:Login|Web)\\? Data\b|\bCookies\b|Local\\? (?:State|Storage\/leveldb)\b|logins\.json|key4\.db|cookies\.sqlite/g,
    // a path component under a browser profile (`.../Chrome/Default/Login Data`), or the store's file
    // name as a string of its own (`"Login Data"`)
    confirm: (line, before, matched) =>
      (/[/\\]$/.test(before) && BROWSER_DIR_RE.test(before.slice(-120))) ||
      (/^(?:Login|logins|key4|cookies\.sqlite)/.test(matched) &&
        /["']/.test(line.charAt(before.length + matched.length))),
    related:
      /\b(?:browsers?|chrome|chromium|firefox|safari|brave|edge|cookies?|sessions?|login|logins|passwords?|autofill|bookmarks?|history|scrap\w*|crawl\w*|playwright|puppeteer|selenium|web\s+automation|profile|extensions?)\b/i,
  },
  {
    id: 'keychain',
    label: 'reads the system keychain',
    code: /(?:dump-keychain|find-generic-password|find-internet-password)\b|Microsoft[\\/]+(?:Credentials|Protect|Vault)\b|Safe Storage\b|login\.keychain(?:-db)?\b|secret-tool[ \t]+lookup\b|keyring\.get_password\(|cmdkey[ \t]+\/list\b|CredRead\w*\(/g,
    confirm: (_line, before, matched) =>
      /^(?:dump|find)/.test(matched)
        ? /\bsecurity["']?(?:[ \t]+|\s*,\s*["'])$/.test(before)
        : !/^Safe/.test(matched) || /\b(?:Chrome|Chromium|Brave|Edge|Opera)[ \t]$/.test(before),
    related:
      /\b(?:keychains?|keyrings?|passwords?|credentials?|secrets?|tokens?|oauth|auth\w*|login|logins|sign[- ]?in|vault|1password|bitwarden|keepass|api\s+keys?|macos|apple|icloud|wifi|wi-fi)\b/i,
  },
  {
    id: 'wallet',
    label: 'reads cryptocurrency wallet files',
    code: /\bwallet\.dat\b|\.electrum\/wallets|\.ethereum\/keystore|Exodus\/exodus\.wallet|\.solana\/id\.json|\b(?:MetaMask|Phantom)\b[^\n"']{0,60}(?:Local Extension Settings|leveldb)|Local Extension Settings\/[a-p]{32}/g,
    related:
      /\b(?:wallets?|crypto\w*|bitcoin|btc|ethereum|eth|solana|sol|web3|blockchain|defi|nft|coins?|tokens?|metamask|phantom|exodus|electrum|ledger|trezor|onchain|on-chain)\b/i,
  },
  {
    id: 'token-files',
    label: 'reads stored login tokens (.netrc, .git-credentials, package-registry tokens, gh hosts)',
    code: /\.(?:git-credentials|netrc|npmrc|pypirc)\b|\.config\/gh\/hosts\.yml\b/g,
    confirm: (_line, before) => READER_BEFORE_RE.test(before),
    related:
      /\b(?:git|github|gitlab|gh|npm|pypi|pip|package\w*|publish\w*|release\w*|registry|ci|cd|deploy\w*|monorepo|netrc|credentials?|tokens?|auth\w*|dotfiles|ftp|curl)\b/i,
  },
  {
    id: 'env-dump',
    label: 'collects the whole environment (every secret in it)',
    code: /\bprintenv\b[ \t]*(?:\||>)|\benv[ \t]*\|[ \t]*(?:curl|nc|base64|gzip|xxd)\b|JSON\.stringify\(\s*process\.env\s*\)|\b(?:str|repr|bytes)\(\s*(?:dict\()?\s*os\.environ\b|json\.dumps\(\s*(?:dict\()?\s*os\.environ|\/proc\/(?:self|\d+|\*)\/environ|Get-ChildItem\s+env:[^\n]{0,40}\|/g,
    confirm: (_line, before) => !/[./-]$/.test(before),
    related:
      /\b(?:env|environment|variables?|debug\w*|diagnos\w*|doctor|troubleshoot\w*|config\w*|setup|dotenv|secrets?)\b/i,
  },
  {
    id: 'shell-history',
    label: 'reads shell history',
    code: /\.(?:bash|zsh|sh)_history\b|\bfish_history\b|ConsoleHost_history\.txt|\bHISTFILE\b[^\n=]{0,20}(?:cat|open|read)/g,
    related:
      /\b(?:history|shell|terminal|commands?|zsh|bash|fish|cli|productivity|analytics|habits?|aliases?|dotfiles|workflow)\b/i,
  },
  {
    id: 'messages',
    label: "reads the user's private messages",
    code: /Library\/Messages\/chat\.db|Telegram Desktop\/tdata|\btdata\/(?:key_datas|D877F783D5D3EF8C)|discord\/Local\\? Storage|Signal\/(?:config\.json|sql\/db\.sqlite)|WhatsApp\/[^\n"']{0,40}\.sqlite|Slack\/(?:Cookies|storage)/g,
    related:
      /\b(?:messages?|messaging|imessage|sms|texts?|chats?|telegram|discord|signal|whatsapp|slack|inbox|conversations?|contacts?)\b/i,
  },
  {
    id: 'persistence',
    label: 'installs itself to run at login, boot or on a schedule',
    // setup docs often show how to schedule a tool; a shipped script that does it silently is the signal
    scriptsOnly: true,
    code: /\bcrontab[ \t]+-l\b[^\n]{0,200}\|[ \t]*crontab[ \t]+-|@reboot\b|>>?[ \t]*\/etc\/cron|LaunchAgents\/[\w.-]+\.plist|LaunchDaemons\/[\w.-]+\.plist|launchctl[ \t]+(?:load|bootstrap)\b|schtasks(?:\.exe)?[ \t]+\/create\b|CurrentVersion\\{1,2}Run(?:Once)?\b|systemctl[ \t]+(?:--user[ \t]+)?enable\b|\.config\/autostart\/[\w.-]+\.desktop|Startup\\{1,2}[\w .-]+\.(?:lnk|bat|vbs|exe)\b/g,
    related:
      /\b(?:schedul\w*|cron\w*|daemons?|services?|background|startup|boot|login\s+items?|autostart|launchd|launch\s+agents?|systemd|timers?|monitor\w*|watch\w*|remind\w*|recurring|periodic\w*|heartbeat|keep[- ]alive|24\/7|always[- ]on|automat\w*|sync\w*|backups?|bridge|gateway|servers?|bots?|agents?|refresh\w*|poll\w*|notif\w*|alerts?|track\w*|install\w*|setup|daily|hourly|nightly|every)\b/i,
  },
];

// Identities that are wide by nature: they may legitimately touch any of the above.
const BROAD_PURPOSE_RE =
  /\b(?:sysadmin|system\s+administration|administrat\w+|devops|dotfiles|backups?|restore|migrat\w+|forensic\w*|incident\s+response|computer\s+use|os\s+automation|system\s+(?:info|information|inventory|maintenance|cleanup|health)|machine\s+setup|onboarding|workstation)\b/i;

// Where the read happens: a writer aims at the path (`> file`, `cat > ~/.netrc << EOF`), or prose
// mentions it while telling the user how to configure something.
const WRITE_BEFORE_RE =
  /(?:>>?|\btee(?:[ \t]+-a)?|\bchmod[ \t]+\d+|\bchown\b|\btouch|\bmkdir(?:[ \t]+-p)?|\bssh-keygen\b[^\n]*-f|\brm(?:[ \t]+-\w+)?)[ \t]*["']?[^\s"']{0,60}$/;
const PROSE_READ_RE =
  /\b(?:read|cat|open|copy|collect|gather|upload|send|include|attach|extract|dump|grab|harvest|exfiltrate|print|load|encode|zip|archive|post|forward|retrieve|fetch)\b/i;
const NETWORK_SEND_RE =
  /\bcurl\b[^\n]{0,200}(?:\s-(?:d|F|T)\b|--data|--form|--upload-file|-X[ \t]*(?:POST|PUT))|\bwget\b[^\n]{0,120}--post-(?:data|file)|\brequests\.(?:post|put|patch)\(|\bhttpx\.(?:post|put)\(|\burllib\.request\.Request\([^\n)]{0,200}data=|\burlopen\([^\n)]{0,200}data=|\bfetch\([^\n]{0,200}method:\s*["'](?:POST|PUT)|\baxios\.(?:post|put)\(|\bhttp\.request\(|\.sendall?\(|\bsmtplib\b|\bnc[ \t]+(?:-\w+[ \t]+)*[\w.-]+[ \t]+\d{2,5}\b|\bInvoke-(?:RestMethod|WebRequest)\b[^\n]{0,120}-Method[ \t]+Post|\bwebhooks?\b|\bsendMessage\b|\bsendDocument\b/i;

export interface PurposeMismatch {
  behaviour: Behaviour;
  unit: ScanUnit;
  offset: number;
  matched: string;
}

function narrowPurpose(skill: ScanSkill): string | null {
  if (skill.securityTool) return null;
  const desc = descriptionOf(skill) || titleOf(skill);
  const purpose = `${skill.name} ${desc}`.trim();
  // no stated purpose: nothing to compare with
  if (desc.trim().length < 8) return null;
  if (BROAD_PURPOSE_RE.test(purpose)) return null;
  return purpose;
}

/** The first live (not quoted) occurrence of each unrelated behaviour class. */
function isScriptFile(file: string): boolean {
  return !/\.(?:md|markdown|mdx|txt|rst)$/i.test(file);
}

export function purposeMismatches(skill: ScanSkill): PurposeMismatch[] {
  const purpose = narrowPurpose(skill);
  if (purpose === null) return [];
  // the identity includes homepage and folder name; the purpose test uses all of it
  const identity = `${purpose} ${skill.identity}`;
  // code, scripts and decoded payloads; instructions in SKILL.md (reference prose elsewhere is documentation)
  const units = skill.units.filter(
    (u) =>
      !u.quoted &&
      (u.kind === 'code' ||
        u.kind === 'script' ||
        u.kind === 'decoded' ||
        (u.kind === 'prose' && u.file === 'SKILL.md')),
  );
  const out: PurposeMismatch[] = [];
  for (const b of BEHAVIOURS) {
    if (b.related.test(identity)) continue;
    const found = firstLive(
      b.scriptsOnly
        ? units.filter((u) => u.kind === 'script' || (u.kind === 'decoded' && isScriptFile(u.file)))
        : units,
      b,
    );
    if (found) out.push(found);
  }
  return out;
}

function firstLive(units: ScanUnit[], b: Behaviour): PurposeMismatch | null {
  for (const u of units) {
    b.code.lastIndex = 0;
    for (let m = b.code.exec(u.text); m; m = b.code.exec(u.text)) {
      const lineText = u.index.lineText(m.index);
      const col = u.index.at(m.index).column - 1;
      const before = lineText.slice(0, col);
      if (b.confirm && !b.confirm(lineText, before, m[0])) continue;
      if (WRITE_BEFORE_RE.test(before)) continue;
      if (isQuoted(u, lineText, m[0], before)) continue;
      // in prose, only an instruction to read or move the thing counts, not a mention
      if (u.kind === 'prose' && (!PROSE_READ_RE.test(lineText) || lineLooksQuoted(lineText, col))) continue;
      b.code.lastIndex = 0;
      return { behaviour: b, unit: u, offset: m.index, matched: m[0] };
    }
  }
  b.code.lastIndex = 0;
  return null;
}

/** Does any live script or code block send data over the network? */
export function sendsData(skill: ScanSkill): boolean {
  return skill.units.some(
    (u) =>
      (u.kind === 'code' || u.kind === 'script' || u.kind === 'decoded') &&
      !u.quoted &&
      NETWORK_SEND_RE.test(u.text),
  );
}

export function purposeHits(skill: ScanSkill): Hit[] {
  const local = localClaimHits(skill);
  const found = purposeMismatches(skill);
  if (found.length === 0) return local;
  const sends = sendsData(skill);
  const desc = (descriptionOf(skill) || titleOf(skill)).slice(0, 80);
  return found
    .map((f) => {
      const also =
        found.length > 1
          ? ` (and ${found.length - 1} more unrelated behaviour${found.length > 2 ? 's' : ''})`
          : '';
      const strong = sends || found.length > 1;
      return hitAt(
        f.unit,
        f.offset,
        {
          severity: 'high',
          intent: 'malicious',
          confidence: strong ? 0.82 : 0.72,
          message: `${f.behaviour.label}, which nothing in the stated purpose ("${desc}") needs${also}${sends ? '; the skill also sends data over the network' : ''}`,
        },
        f.matched,
      );
    })
    .concat(local);
}

// A description that promises the data stays on the machine.
const LOCAL_CLAIM_RE =
  /\b(?:offline|local[- ]only|(?:runs?|works?|stays?|processed|happens)\s+(?:entirely\s+|fully\s+|completely\s+)?(?:locally|on[- ]device|on\s+your\s+(?:machine|device|computer))|no\s+(?:network|internet|external)\s+(?:access|calls?|requests?|connections?|services?)|never\s+(?:leaves?|sends?|uploads?|transmits?)|privacy[- ](?:first|preserving)|no\s+(?:data|telemetry|information)\s+(?:is\s+|ever\s+)?(?:sent|shared|uploaded|collected|transmitted|leaves)|without\s+(?:an?\s+)?(?:internet|network)\s+connection|air[- ]?gapped)\b/i;

const LOCAL_HOST_RE =
  /^(?:localhost|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)$|\.(?:local|localhost|internal|lan|home|test|example|invalid)$|^(?:example\.(?:com|org|net))$/i;

/**
 * A skill whose description promises that nothing leaves the machine, with code that sends data to a
 * public host that is not the skill's own: the promise is the cover.
 */
export function localClaimHits(skill: ScanSkill): Hit[] {
  if (skill.securityTool) return [];
  const claim = LOCAL_CLAIM_RE.exec(descriptionOf(skill));
  if (!claim) return [];
  for (const u of skill.units) {
    if ((u.kind !== 'code' && u.kind !== 'script' && u.kind !== 'decoded') || u.quoted) continue;
    const m = NETWORK_SEND_RE.exec(u.text);
    if (!m) continue;
    const line = u.index.lineText(m.index);
    const refs = extractUrls(line);
    if (refs.length === 0) refs.push(...extractUrls(u.text));
    const away = refs.find(
      (r) =>
        !LOCAL_HOST_RE.test(r.host) &&
        (!/^[\d.]+$/.test(r.host) || isPublicIPv4(r.host)) &&
        !siteNamedBySkill(r.host, skill.identity),
    );
    if (!away) continue;
    return [
      hitAt(
        u,
        m.index,
        {
          severity: 'high',
          intent: 'malicious',
          confidence: 0.75,
          message: `the description promises "${claim[0]}", but the code sends data to ${away.host}`,
        },
        m[0],
      ),
    ];
  }
  return [];
}
