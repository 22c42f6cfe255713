// A realistic skill, built in memory: a SKILL.md with OpenClaw metadata and
// permissions plus a few scripts and references, about the size of a ClawHub skill.

export const SKILL_MD = `---
name: web-search
description: >-
  Search the web through a configurable backend (SearXNG JSON API by default)
  and return titles, links and snippets the agent can cite.
version: 1.4.2
license: Apache-2.0
homepage: https://example.invalid/skills/web-search
allowed-tools: [Bash, WebFetch]
metadata:
  openclaw:
    emoji: "🔎"
    requires:
      bins: [curl, jq]
      env: [SEARXNG_URL]
permissions:
  tools: [Bash, WebFetch]
  net: ["searx.example.invalid:443"]
  fs:
    read: ["./"]
    write: []
  env: [SEARXNG_URL]
---

# Web search

Use this skill when the user asks for current information.

## Steps
1. Build the query from the request; keep it under 200 characters.
2. Run \`scripts/search.sh "<query>"\`; it prints JSON lines.
3. Cite at most five results with their links.

${'More guidance for edge cases, rate limits and result ranking. '.repeat(40)}
`;

export function skillFiles() {
  const enc = new TextEncoder();
  const files = [{ path: 'SKILL.md', bytes: enc.encode(SKILL_MD) }];
  files.push({
    path: 'scripts/search.sh',
    bytes: enc.encode(
      `#!/bin/sh\nset -eu\ncurl -fsS "$SEARXNG_URL/search?format=json&q=$1" | jq -c '.results[]'\n`,
    ),
    executable: true,
  });
  for (let i = 0; i < 8; i++) {
    files.push({
      path: `references/topic-${i}.md`,
      bytes: enc.encode(`# Topic ${i}\n${'reference text '.repeat(400)}\n`),
    });
  }
  return files;
}
