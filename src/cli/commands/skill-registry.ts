import type { Command } from 'commander';
import { ERROR_CODES, type ErrorCode } from '../../errors.js';
import type { ConfirmRequest, InstallEvent, InstallResult } from '../../hub-client/install.js';
import type { Recovery } from '../../hub-client/journal.js';
import { emit, examples, isTTY, run } from '../output.js';
import { type Common, collect, int, oneLine, table, withRegistry } from './registry-options.js';
import { registerAccount, registerSkillCommunity } from './skill-community.js';

/**
 * Registry commands on the `skill` group: publish, search, info, install,
 * update, list, remove (community and account commands: skill-community.ts). Each parses flags, calls one function of
 * src/hub-client/service.ts (loaded lazily) and renders the result.
 */

async function interaction(opts: { json?: boolean; acceptKeyChange?: boolean }) {
  const { askYesNo, interruptSignal, progressLine } = await import('../interact.js');
  const progress = progressLine(isTTY() && !opts.json && Boolean(process.stderr.isTTY));
  const interrupt = interruptSignal();
  const confirm = async (q: ConfirmRequest): Promise<boolean> => {
    progress.done();
    if (q.kind === 'key-change') {
      if (opts.acceptKeyChange) return true;
      process.stderr.write(
        `\nWARNING: the publisher key for ${q.slug} changed.\n  pinned: ${q.pinnedKeyId}\n  now:    ${q.newKeyId}\n` +
          `This is expected only if the publisher rotated their key. Otherwise someone else signed this version.\n`,
      );
      return askYesNo('Trust the new key and continue?');
    }
    return askYesNo(`Install ${q.slug}@${q.version} anyway?`);
  };
  const onProgress = (ev: InstallEvent) => {
    const what = `${ev.slug}${ev.version ? `@${ev.version}` : ''}`;
    const extra = ev.total ? ` ${ev.written ?? 0}/${ev.total} files` : '';
    progress.update(`${ev.phase.padEnd(8)} ${what}${extra}`);
  };
  return {
    ui: { signal: interrupt.signal, confirm, onProgress, onRecover: printRecovery },
    done: () => {
      progress.done();
      interrupt.dispose();
    },
  };
}

/** Recovery notes go to stderr, so `--json` stdout stays the result object alone. */
function printRecovery(r: Recovery): void {
  process.stderr.write(`weft: ${r.message}\n`);
}

function renderInstall(r: InstallResult): string {
  const lines: string[] = [];
  if (r.status === 'unchanged') lines.push(`${r.slug}@${r.version} is up to date (${r.dir})`);
  else {
    const from = r.previousVersion && r.previousVersion !== r.version ? ` (was ${r.previousVersion})` : '';
    lines.push(`${r.status} ${r.slug}@${r.version}${from} -> ${r.dir}`);
    lines.push(`  fingerprint ${r.fingerprint}`);
    lines.push(
      r.signed
        ? `  signed by key ${r.keyId}${r.publisher ? ` (${r.publisher})` : ''}, pin ${r.pin}`
        : '  UNSIGNED (installed with --allow-unsigned)',
    );
    lines.push(`  scan ${r.scan.verdict} (${r.scan.findings} findings)`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

export function registerSkillRegistry(skill: Command): void {
  withRegistry(
    skill
      .command('publish')
      .argument('<dir>', 'skill folder (contains SKILL.md)')
      .description('validate, scan, sign with your key and upload a skill version; prints its URL'),
  )
    .option('--version <semver>', 'version to publish (default: SKILL.md version)')
    .option('--tag <tag>', 'extra tag to point at this version (repeatable)', collect)
    .option('--changelog <text>', 'what changed in this version')
    .option('--key <name|path>', 'signing key (default: the one from `weft skill keygen`)')
    .option('--dry-run', 'do everything except the upload')
    .option('--force', 'publish despite a local `block` verdict (the registry may still refuse)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples([
        'weft skill publish ./my-skill',
        'weft skill publish ./my-skill --version 1.1.0 --changelog "faster" --tag beta',
        'weft skill publish ./my-skill --dry-run --json',
      ]),
    )
    .action(async (dir: string, opts: Common & Record<string, unknown>) =>
      run(opts, async () => {
        const { publishSkill } = await import('../../hub-client/service.js');
        const r = await publishSkill(opts, dir);
        emit(r, opts, (p) =>
          [
            `${p.dryRun ? 'dry run: would publish' : 'published'} ${p.slug}@${p.version}`,
            `  fingerprint ${p.fingerprint}`,
            `  signed by key ${p.keyId}`,
            `  local scan ${p.scan.verdict} (${p.scan.findings} findings)${p.registryVerdict ? `, registry scan ${p.registryVerdict}` : ''}`,
            ...(p.url ? [`  ${p.url}`] : []),
          ].join('\n'),
        );
      }),
    );

  withRegistry(
    skill
      .command('search')
      .argument('<query>', 'words to search for')
      .description('search the registry (slug, version, stars, installs, scan verdict, description)'),
  )
    .option('--limit <n>', 'maximum results', int, 10)
    .option('--offset <n>', 'skip this many results', int)
    .option('--explain', 'show why each result matched')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(['weft skill search "web search"', 'weft skill search pdf --limit 5 --json']),
    )
    .action(async (query: string, opts: Common & { limit?: number; offset?: number; explain?: boolean }) =>
      run(opts, async () => {
        const { searchSkills } = await import('../../hub-client/service.js');
        const r = await searchSkills(opts, query, opts);
        emit(r, opts, (s) => {
          if (s.results.length === 0) return `no skills match ${JSON.stringify(s.query)}`;
          const rows = [['SLUG', 'VERSION', 'STARS', 'INSTALLS', 'VERDICT', 'DESCRIPTION']];
          for (const x of s.results) {
            rows.push([
              x.slug,
              x.version ?? '-',
              String(x.stars),
              String(x.installs ?? x.downloads),
              x.verdict ?? '-',
              oneLine(x.description, 60),
            ]);
          }
          const out = [table(rows)];
          if (opts.explain) {
            for (const x of s.results) {
              const why = x.signals ?? x.explain;
              if (why !== undefined) out.push(`${x.slug}: score ${x.score ?? '?'} ${JSON.stringify(why)}`);
            }
          }
          if (s.note) out.push(s.note);
          if (s.pagination && s.pagination.total > s.results.length) {
            out.push(`${s.results.length} of ${s.pagination.total} (use --offset/--limit for more)`);
          }
          return out.join('\n');
        });
      }),
    );

  withRegistry(
    skill
      .command('info')
      .argument('<slug>', 'skill slug, optionally @version or @tag')
      .description('show a skill: publisher, versions, tags, stars, scan verdict, files'),
  )
    .option('--versions', 'list all versions')
    .option('--files', 'list the files of the version (with sha256), its signature and scan result')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(['weft skill info web-search', 'weft skill info web-search@1.2.0 --files']),
    )
    .action(async (slug: string, opts: Common & { versions?: boolean; files?: boolean }) =>
      run(opts, async () => {
        const { skillInfo } = await import('../../hub-client/service.js');
        const r = await skillInfo(opts, slug, opts);
        emit(r, opts, (i) => {
          const s = i.skill;
          const lines = [
            `${s.slug}${s.latestVersion ? `@${s.latestVersion}` : ''}${s.name && s.name !== s.slug ? ` (${s.name})` : ''}`,
            `  ${oneLine(s.description, 100)}`,
            `  publisher ${s.publisher ?? '-'}, ${s.stars} stars, ${s.installs ?? s.downloads} installs, ${s.downloads} downloads, verdict ${s.verdict ?? '-'}`,
          ];
          const tags = Object.entries(s.tags);
          if (tags.length) lines.push(`  tags ${tags.map(([t, v]) => `${t}=${v}`).join(', ')}`);
          if (i.versions) {
            lines.push('versions:');
            for (const v of i.versions) {
              lines.push(
                `  ${v.version}${v.yanked || (v.status && v.status !== 'active') ? ` (${v.status ?? 'yanked'})` : ''}${v.verdict ? `  ${v.verdict}` : ''}${v.changelog ? `  ${oneLine(v.changelog, 60)}` : ''}`,
              );
            }
          }
          if (i.version) {
            const v = i.version;
            const sig = typeof v.signature === 'string' ? v.signature : v.signature?.signature;
            lines.push(`version ${v.version}: fingerprint ${v.fingerprint}`);
            lines.push(
              `  ${sig ? `signed${v.keyId ? ` by key ${v.keyId}` : ''}` : 'UNSIGNED'}, scan ${v.scan?.verdict ?? v.verdict ?? '-'}`,
            );
            for (const f of v.files) lines.push(`  ${f.sha256.slice(0, 12)}  ${f.size ?? '?'}\t${f.path}`);
          }
          return lines.join('\n');
        });
      }),
    );

  withRegistry(
    skill
      .command('install')
      .argument('<skill>', 'SLUG, SLUG@VERSION or SLUG@TAG')
      .description(
        'download, verify (fingerprint, signature, pinned key), scan and atomically install a skill into DIR/<slug>',
      ),
  )
    .option('--dir <dir>', 'skills folder, relative to the workdir', 'skills')
    .option('--workdir <dir>', 'folder holding .clawhub/lock.json (default: current directory)')
    .option('--force', 'install despite a `block` verdict, local edits or an unmanaged folder')
    .option('--allow-unsigned', 'install an unsigned skill (local development only)')
    .option('--accept-key-change', 'trust a changed publisher key without asking')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples([
        'weft skill install web-search',
        'weft skill install web-search@1.2.0 --dir .agent/skills',
        'weft skill install web-search@beta --json',
      ]) +
        '\nExit codes: 4 fingerprint/signature/key problem, 5 not found, 6 registry unreachable or bad response,\n7 conflict or lock held, 8 blocked by the scan, 130 interrupted (nothing changed).\n',
    )
    .action(async (spec: string, opts: Common & Record<string, unknown>) =>
      run(opts, async () => {
        const { installFromRegistry } = await import('../../hub-client/service.js');
        const it = await interaction(opts);
        try {
          const r = await installFromRegistry(opts, spec, it.ui);
          it.done();
          emit(r, opts, renderInstall);
        } finally {
          it.done();
        }
      }),
    );

  withRegistry(
    skill
      .command('update')
      .argument('[slug]', 'skill to update (omit with --all)')
      .description('update installed skills to their latest version; refuses to overwrite local edits'),
  )
    .option('--all', 'update every skill in the lockfile')
    .option('--workdir <dir>', 'folder holding .clawhub/lock.json (default: current directory)')
    .option('--force', 'overwrite local edits, and accept a `block` verdict')
    .option('--allow-unsigned', 'accept unsigned versions (local development only)')
    .option('--accept-key-change', 'trust a changed publisher key without asking')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples(['weft skill update web-search', 'weft skill update --all --json']))
    .action(async (slug: string | undefined, opts: Common & { all?: boolean } & Record<string, unknown>) =>
      run(opts, async () => {
        if (!slug && !opts.all) {
          const { WeftError } = await import('../../errors.js');
          throw new WeftError('E_USAGE', 'name a skill to update, or pass --all');
        }
        const { updateInstalled } = await import('../../hub-client/service.js');
        const it = await interaction(opts);
        let out: Awaited<ReturnType<typeof updateInstalled>>;
        try {
          out = await updateInstalled(opts, slug ? [slug] : [], it.ui);
        } finally {
          it.done();
        }
        emit({ results: out }, opts, (d) =>
          d.results.length === 0
            ? 'nothing installed'
            : d.results
                .map((o) =>
                  o.ok ? renderInstall(o.result) : `failed ${o.slug}: ${o.error.code}: ${o.error.message}`,
                )
                .join('\n'),
        );
        const failed = out.find((o) => !o.ok);
        return failed && !failed.ok ? (ERROR_CODES[failed.error.code as ErrorCode]?.exit ?? 1) : undefined;
      }),
    );

  withRegistry(
    skill
      .command('list')
      .description('list installed skills: version, pinned key, scan verdict, local state, update available'),
  )
    .option('--workdir <dir>', 'folder holding .clawhub/lock.json (default: current directory)')
    .option('--offline', 'do not ask the registry for newer versions')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples(['weft skill list', 'weft skill list --offline --json']))
    .action(async (opts: Common & { workdir?: string; offline?: boolean }) =>
      run(opts, async () => {
        const { listSkills } = await import('../../hub-client/service.js');
        const skills = await listSkills(opts, { onRecover: printRecovery });
        emit({ skills }, opts, (d) => {
          if (d.skills.length === 0) return 'no skills installed here';
          const rows = [['SLUG', 'VERSION', 'KEY', 'VERDICT', 'STATE', 'UPDATE']];
          for (const s of d.skills) {
            rows.push([
              s.slug,
              s.version ?? '-',
              s.signed ? (s.keyId ?? '?') : 'unsigned',
              s.verdict ?? '-',
              s.state,
              s.updateAvailable ? `-> ${s.latest}` : s.updateAvailable === false ? 'latest' : '?',
            ]);
          }
          return table(rows);
        });
      }),
    );

  skill
    .command('remove')
    .argument('<slug>', 'installed skill')
    .description('remove an installed skill and its lockfile entry')
    .option('--workdir <dir>', 'folder holding .clawhub/lock.json (default: current directory)')
    .option('--force', 'remove even if its files were edited after install')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples(['weft skill remove web-search']))
    .action(async (slug: string, opts: { workdir?: string; force?: boolean; json?: boolean }) =>
      run(opts, async () => {
        const { removeInstalled } = await import('../../hub-client/service.js');
        const r = await removeInstalled(opts, slug, { onRecover: printRecovery });
        emit(r, opts, (x) => `removed ${x.slug}${x.version ? `@${x.version}` : ''} (${x.dir})`);
      }),
    );

  registerSkillCommunity(skill);
  if (skill.parent) registerAccount(skill.parent);
}
