/**
 * URLs and hosts: extraction and reputation classes. The classes are
 * behaviours (paste sites, request catchers, raw IPs, shorteners), not lists of
 * known-bad domains: attackers rotate domains, they rarely change behaviour.
 */

export interface UrlRef {
  url: string;
  host: string;
  path: string;
  index: number;
}

// Bounded character classes keep this linear.
const URL_RE = /\b(?:https?|ftp|wss?):\/\/[^\s"'`<>()[\]{}|\\^]{1,2000}/gi;
const BARE_HOST_RE =
  /\b(?:curl|wget|iwr|Invoke-WebRequest|fetch)\b[^\n|;&]{0,200}?\s((?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[^\s"'`|;&)]*)?)/gi;

export function extractUrls(text: string): UrlRef[] {
  const out: UrlRef[] = [];
  for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) {
    const url = m[0].replace(/[.,;:!?*_]+$/, '');
    const hp = /^[a-z]+:\/\/(?:[^@/\s]*@)?(\[[^\]]*\]|[^/:?#]+)(?::\d+)?([^?#]*)/i.exec(url);
    if (!hp) continue;
    out.push({ url, host: hp[1]!.toLowerCase(), path: hp[2] ?? '', index: m.index });
  }
  URL_RE.lastIndex = 0;
  return out;
}

/** Hosts given to curl/wget without a scheme (`curl evil.example/x | sh`). */
export function extractBareCommandHosts(text: string): UrlRef[] {
  const out: UrlRef[] = [];
  for (let m = BARE_HOST_RE.exec(text); m; m = BARE_HOST_RE.exec(text)) {
    const v = m[1]!;
    const slash = v.indexOf('/');
    const host = (slash === -1 ? v : v.slice(0, slash)).toLowerCase();
    if (/\.(sh|py|js|txt|json|zip|tar|gz)$/.test(host)) continue;
    out.push({
      url: v,
      host,
      path: slash === -1 ? '' : v.slice(slash),
      index: m.index + m[0].length - v.length,
    });
  }
  BARE_HOST_RE.lastIndex = 0;
  return out;
}

export function isIPv4(host: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
}

/** Loopback, private, link-local and documentation ranges are not exfil endpoints. */
export function isPublicIPv4(host: string): boolean {
  if (!isIPv4(host)) return false;
  const [a, b, c] = host.split('.').map(Number) as [number, number, number];
  if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  if (
    (a === 192 && b === 0 && c === 2) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  )
    return false;
  return true;
}

const REQUEST_CATCHERS =
  /(?:^|\.)(?:webhook\.site|requestbin\.(?:com|net)|pipedream\.net|hookbin\.com|beeceptor\.com|requestcatcher\.com|burpcollaborator\.net|oastify\.com|interact\.sh|oast\.(?:pro|live|site|online|fun|me)|canarytokens\.com|webhook\.cool|postb\.in|ptsv2\.com|ptsv3\.com|dnslog\.cn|ceye\.io)$/;
const PASTE_DROP =
  /(?:^|\.)(?:pastebin\.com|paste\.ee|pastes\.io|hastebin\.com|ghostbin\.\w+|termbin\.com|ix\.io|sprunge\.us|dpaste\.\w+|rentry\.co|controlc\.com|transfer\.sh|file\.io|0x0\.st|catbox\.moe|litterbox\.catbox\.moe|gofile\.io|anonfiles\.com|bashupload\.com|temp\.sh|tmpfiles\.org|filebin\.net|uguu\.se|pixeldrain\.com|mega\.nz|sendspace\.com|mediafire\.com)$/;
const SHORTENERS =
  /(?:^|\.)(?:bit\.ly|tinyurl\.com|is\.gd|v\.gd|t\.co|goo\.gl|ow\.ly|rb\.gy|cutt\.ly|shorturl\.at|rebrand\.ly|tiny\.cc|buff\.ly|t\.ly|s\.id|duckdns\.org|no-ip\.(?:com|org|biz)|ddns\.net|hopto\.org|zapto\.org|serveo\.net)$/;
const TUNNELS =
  /(?:^|\.)(?:ngrok\.io|ngrok-free\.app|ngrok\.app|ngrok\.dev|trycloudflare\.com|serveo\.net|localtunnel\.me|loca\.lt)$/;
const CHAT_WEBHOOKS = /(?:^|\.)(?:discord(?:app)?\.com|api\.telegram\.org|hooks\.slack\.com)$/;

export type HostClass =
  | 'raw-ip'
  | 'request-catcher'
  | 'paste-drop'
  | 'shortener'
  | 'tunnel'
  | 'chat-webhook'
  | 'other';

export function classifyHost(host: string, path = ''): HostClass {
  const h = host.replace(/^\[|\]$/g, '');
  if (isPublicIPv4(h)) return 'raw-ip';
  if (REQUEST_CATCHERS.test(h)) return 'request-catcher';
  if (PASTE_DROP.test(h)) return 'paste-drop';
  if (SHORTENERS.test(h)) return 'shortener';
  if (TUNNELS.test(h)) return 'tunnel';
  if (CHAT_WEBHOOKS.test(h) && /webhooks|\/bot\d|services\//.test(`${h}${path}`)) return 'chat-webhook';
  return 'other';
}

/**
 * Vendors whose one-line installers are widely documented. Piping them to a
 * shell is still risky (warn), but it is not an attack signature.
 */
const WELL_KNOWN_INSTALLERS =
  /(?:^|\.)(?:rustup\.rs|docker\.com|deno\.land|deno\.com|bun\.sh|ollama\.com|ollama\.ai|tailscale\.com|brew\.sh|astral\.sh|pnpm\.io|google\.com|cloud\.google\.com|aka\.ms|microsoft\.com|nodesource\.com|rclone\.org|python-poetry\.org|pyenv\.run|helm\.sh|fly\.io|nixos\.org|determinate\.systems|starship\.rs|volta\.sh|mise\.run|jdx\.dev|sdkman\.io|paradigm\.xyz|claude\.ai|anthropic\.com|opencode\.ai|vercel\.com|supabase\.com|railway\.app|heroku\.com|sst\.dev|k3s\.io|cloudflare\.com|get\.k3s\.io|nvm\.sh|foundry\.sh|solana\.com|solana\.org|anza\.xyz|openclaw\.ai|clawhub\.ai|hashicorp\.com|amazonaws\.com|azure\.com|digitalocean\.com|tauri\.app|modular\.com|pixi\.sh|prefix\.dev|cursor\.com|cursor\.sh|warp\.dev|doppler\.com|infisical\.com|1password\.com|bitwarden\.com|proton\.me|nodejs\.org|npmjs\.com|yarnpkg\.com|golang\.org|go\.dev|haskell\.org|ghcup\.haskell\.org|ziglang\.org|julialang\.org|sh\.rustup\.rs|get\.pnpm\.io|install\.determinate\.systems)$/;

// Official installers that live on raw GitHub hosting, by owner/repo.
const WELL_KNOWN_REPOS =
  /^\/(?:nvm-sh\/nvm|Homebrew\/install|ohmyzsh\/ohmyzsh|pyenv\/pyenv-installer|rbenv\/rbenv-installer|asdf-vm\/asdf|tj\/n|creationix\/nvm|Schniz\/fnm|jdx\/mise|astral-sh\/(?:uv|ruff)|cli\/cli|openclaw\/openclaw)\//i;

export function isWellKnownInstaller(host: string, path = ''): boolean {
  if (/^(?:raw\.githubusercontent\.com|github\.com)$/.test(host)) return WELL_KNOWN_REPOS.test(path);
  return WELL_KNOWN_INSTALLERS.test(host);
}

const GENERIC_HOST_TOKENS = new Set([
  'www',
  'cli',
  'get',
  'install',
  'raw',
  'api',
  'dl',
  'download',
  'downloads',
  'cdn',
  'static',
  'app',
  'com',
  'net',
  'org',
  'io',
  'dev',
  'sh',
  'ai',
  'co',
  'skill',
  'skills',
  'releases',
  'release',
  'latest',
  'main',
  'master',
  'scripts',
  'script',
  'setup',
  'tools',
  'files',
  'githubusercontent',
  'github',
  'gitlab',
  'refs',
  'heads',
  'blob',
  'the',
  'and',
  'for',
  'http',
  'https',
  'bin',
  'lib',
  'src',
  'docs',
]);

/** Distinctive words of a host (and, for code hosts, its owner/repo path). */
export function hostTokens(host: string, path = ''): string[] {
  let words = host.split(/[.-]/);
  if (/(?:^|\.)(?:github\.com|githubusercontent\.com|gitlab\.com|bitbucket\.org)$/.test(host)) {
    words = words.concat(path.split('/').slice(1, 3).join('-').split(/[-_.]/));
  }
  return words.map((w) => w.toLowerCase()).filter((w) => w.length >= 3 && !GENERIC_HOST_TOKENS.has(w));
}

/** Does the host belong to what the skill says it is about (name, description, homepage)? */
// Anyone can take any name under these: a subdomain that echoes the tool's name proves nothing.
const FREE_HOSTING =
  /\.(?:netlify\.app|vercel\.app|pages\.dev|workers\.dev|github\.io|onrender\.com|fly\.dev|herokuapp\.com|glitch\.me|replit\.app|repl\.co|web\.app|firebaseapp\.com|surge\.sh|deno\.dev|railway\.app|ngrok\.app|azurewebsites\.net|appspot\.com|000webhostapp\.com)$/;

export function hostRelatedToSkill(host: string, path: string, identity: string): boolean {
  // on free hosting only the exact host named by the skill (its homepage) counts
  if (FREE_HOSTING.test(host)) return identity.toLowerCase().includes(host);
  const id = identity.toLowerCase().replace(/[^a-z0-9]+/g, '');
  if (!id) return false;
  return hostTokens(host, path).some((t) => id.includes(t));
}
