/** DS: denial of service — fork bombs, disk fill, runaway loops, memory bombs, host shutdown, unscannable content. */
import { defineCheck, hitAt, md, patternCheck, unitsOf } from '../match.js';
import type { Check, Hit } from '../types.js';
import { gateCheck } from './signals.js';

const CODEISH = { kinds: ['code', 'script', 'decoded'] as const };

export const DS001 = patternCheck({
  id: 'DS-001',
  title: 'Fork bomb',
  category: 'DS',
  severity: 'critical',
  intent: 'malicious',
  confidence: 0.9,
  docs: {
    what: 'Self-replicating process loops such as :(){ :|:& };: or while True: os.fork().',
    why: 'They exhaust the process table and hang the host.',
    fix: 'Remove it.',
  },
  re: /(?<![\w:])(\w{1,30}|:)\(\)\s*\{\s*\1\s*\|\s*\1\s*&\s*\}\s*;\s*\1|\bwhile\s+True\s*:\s*(?:\n\s*)?os\.fork\(\)|\bfor\s*\(\s*;\s*;\s*\)\s*(?:\{\s*)?fork\(\)/g,
  match: { kinds: [...CODEISH.kinds, 'prose'] },
  build: () => ({}),
  tp: [{ 'x.sh': ':(){ :|:& };:\n' }],
  tn: [{ 'x.sh': 'f() { echo hi; }\nf\n' }],
});

export const DS002 = patternCheck({
  id: 'DS-002',
  title: 'Disk fill',
  category: 'DS',
  severity: 'medium',
  intent: 'malicious',
  confidence: 0.55,
  docs: {
    what: 'Writes unbounded or very large data: dd from /dev/zero without a small count, fallocate of gigabytes, yes > file.',
    why: 'Filling the disk breaks the host and other agents.',
    fix: 'Write bounded data inside the workspace.',
  },
  re: /\bdd\b[^\n]{0,40}\bif=\/dev\/(?:zero|urandom|random)\b(?![^\n]{0,120}\bcount=\d{1,3}\b)(?![^\n]{0,120}of=\/dev\/null)[^\n]{0,120}|\bfallocate[ \t]+-l[ \t]*\d+[GT]\b|\byes\b[^\n|]{0,20}>[ \t]*\S+|\bhead[ \t]+-c[ \t]*\d+[GT][ \t]+\/dev\/(?:zero|urandom)/g,
  match: { kinds: [...CODEISH.kinds] },
  tp: [{ 'fill.sh': 'dd if=/dev/zero of=$HOME/big bs=1M\n' }],
  tn: [{ 'fill.sh': 'dd if=/dev/zero of=test.img bs=1M count=10\n' }],
});

export const DS003 = defineCheck({
  id: 'DS-003',
  title: 'Unbounded loop without a pause',
  category: 'DS',
  severity: 'low',
  intent: 'vulnerable',
  confidence: 0.4,
  docs: {
    what: 'while true / while True / for(;;) loops with no sleep, wait, break or blocking read nearby.',
    why: 'A busy loop pins a CPU and, with network calls inside, hammers a service.',
    fix: 'Add a sleep or backoff and an exit condition.',
  },
  run: (skill) => {
    const out: Hit[] = [];
    const re =
      /\bwhile[ \t]+(?:true|:|1|\[\s*1\s*\])[ \t]*;?[ \t]*do\b|\bwhile[ \t]+True[ \t]*:|\bwhile[ \t]*\([ \t]*(?:true|1)[ \t]*\)|\bfor[ \t]*\([ \t]*;[ \t]*;[ \t]*\)/g;
    for (const u of unitsOf(skill, { kinds: ['script', 'code', 'decoded'] })) {
      re.lastIndex = 0;
      for (let m = re.exec(u.text); m; m = re.exec(u.text)) {
        const body = u.text.slice(m.index, m.index + 800);
        if (
          /\b(?:sleep|wait|break|return|read|select|poll|await|input|accept|recv|get\(|time\.sleep|setTimeout|setInterval|exit|join|Event\(\)|queue|\.get\b|listen)/i.test(
            body,
          )
        )
          continue;
        out.push(hitAt(u, m.index));
        break;
      }
    }
    return out;
  },
  tp: [{ 'spin.sh': 'while true; do\n  curl -s https://api.example.com/ping\ndone\n' }],
  tn: [{ 'poll.sh': 'while true; do\n  curl -s https://api.example.com/ping\n  sleep 30\ndone\n' }],
});

export const DS004 = patternCheck({
  id: 'DS-004',
  title: 'Memory or resource bomb',
  category: 'DS',
  severity: 'medium',
  intent: 'malicious',
  confidence: 0.5,
  docs: {
    what: "Huge allocations ('A' * 10**10, Buffer.alloc(1e11)), lifting process limits to unlimited, stress tools.",
    why: 'They exhaust memory or process limits shared with other agents.',
    fix: 'Allocate what the task needs and keep default limits.',
  },
  re: /["'][^"'\n]{1,8}["']\s*\*\s*(?:10\s*\*\*\s*(?:9|1\d)|\d{10,})|\bBuffer\.alloc(?:Unsafe)?\(\s*(?:\d{10,}|1e(?:9|1\d))|\bnew\s+Array\(\s*(?:1e(?:9|1\d)|\d{10,})|\bulimit[ \t]+-[nuv][ \t]+unlimited\b|\bstress(?:-ng)?[ \t]+--(?:cpu|vm|io)\b/g,
  match: { kinds: [...CODEISH.kinds] },
  tp: [{ 'x.py': 'junk = "A" * 10**10\n' }],
  tn: [{ 'x.py': 'line = "-" * 40\n' }],
});

export const DS005 = patternCheck({
  id: 'DS-005',
  title: 'Host shutdown or mass process kill',
  category: 'DS',
  severity: 'medium',
  intent: 'malicious',
  confidence: 0.55,
  docs: {
    what: 'kill -9 -1, pkill -9 -u, shutdown/reboot/halt, Stop-Computer.',
    why: 'A skill has no business taking the host down.',
    fix: 'Stop only processes the skill started, by PID.',
  },
  re: /\bkill[ \t]+-(?:9|KILL)[ \t]+-1\b|\bpkill[ \t]+-9[ \t]+-u\b|(?:^|[;&|][ \t]*|sudo[ \t]+)(?:shutdown[ \t]+(?:-[hrP]|now|\/s|\/r)|reboot|halt|poweroff)\b|\bsystemctl[ \t]+(?:poweroff|halt|reboot)\b|\b(?:Stop|Restart)-Computer\b|\bos\.system\(\s*["'](?:shutdown|reboot|halt)/gm,
  match: { kinds: [...CODEISH.kinds] },
  tp: [{ 'x.sh': '#!/bin/sh\nkill -9 -1\n' }],
  tn: [{ 'x.sh': 'kill "$PID"\n' }],
});

export const DS006 = defineCheck({
  id: 'DS-006',
  title: 'Content not scanned',
  category: 'DS',
  severity: 'info',
  intent: 'informational',
  confidence: 1,
  docs: {
    what: 'Files the scanner skipped (too large, unreadable, nested too deep), invalid UTF-8, and a SKILL.md that fails strict validation.',
    why: 'Anything not scanned is not vouched for; oversized files are also a way to hide payloads.',
    fix: 'Keep skills small and text-based; fix the frontmatter.',
  },
  run: (skill) => {
    const out: Hit[] = skill.files
      .filter((f) => f.kind === 'skipped' || f.kind === 'unreadable' || f.invalidUtf8)
      .map((f) => ({
        file: f.path,
        line: 1,
        column: 1,
        snippet: f.invalidUtf8
          ? 'invalid UTF-8 (scanned with replacement characters)'
          : `${f.kind}: ${f.note ?? ''}`,
        quoted: false,
      }));
    if (skill.manifestError)
      out.push({
        file: 'SKILL.md',
        line: 1,
        column: 1,
        snippet: `manifest: ${skill.manifestError}`,
        quoted: false,
      });
    return out;
  },
  tp: [{ 'SKILL.md': '# no frontmatter here\n' }],
  tn: [{ 'SKILL.md': md('Fine.') }],
});

export const DS010 = gateCheck(
  patternCheck({
    id: 'DS-010',
    title: 'Cryptocurrency miner',
    category: 'DS',
    severity: 'high',
    intent: 'malicious',
    confidence: 0.8,
    docs: {
      what: 'Miner binaries and pool protocols: xmrig, cpuminer/minerd, ethminer, nbminer, lolminer, stratum+tcp:// pool URLs, --donate-level, coinhive and well-known Monero pools.',
      why: "Cryptojacking turns the user's CPU, GPU and power bill into someone else's income; no agent skill needs a miner.",
      fix: 'Remove the miner.',
    },
    re: /\b(?:xmrig|cpuminer|minerd|ethminer|nbminer|lolminer|coinhive)\b|\bstratum\+(?:tcp|ssl|tls):\/\/|--donate-level\b|\b(?:supportxmr|moneroocean|minexmr|nanopool|hashvault)\.(?:com|org|net|stream|pro)\b/g,
    match: { kinds: ['code', 'script', 'decoded', 'data'], perFile: 2 },
    tp: [{ 'run.sh': './xmrig -o stratum+tcp://pool.example.net:3333 -u WALLET --donate-level 1 -B\n' }],
    tn: [{ 'run.sh': 'python3 train.py --epochs 3 --device cuda\n' }],
  }),
  ['miner', 'xmrig', 'stratum'],
);

export const DS_CHECKS: Check[] = [DS001, DS002, DS003, DS004, DS005, DS006, DS010];
