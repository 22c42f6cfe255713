import type { Command } from 'commander';
import { WeftError } from '../../errors.js';
import { emit, examples, isTTY, run } from '../output.js';

type ScanOpts = {
  format?: string;
  json?: boolean;
  minSeverity?: string;
  failOn?: string;
  allowlist?: string;
  jobs?: string;
};

const SEVERITY_WORDS = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * `weft security ...`. Returns the group so other areas (audit, harden,
 * monitors) can attach their own subcommands to the same `security` command.
 */
export function registerSecurity(program: Command): Command {
  const security = program
    .command('security')
    .description('scan skills before you install or publish them; audit, harden and monitor the installation')
    .addHelpText(
      'after',
      examples([
        'weft security scan ./my-skill',
        'weft security scan ~/.openclaw/skills --format sarif > scan.sarif',
        'weft security checks --json',
      ]),
    );

  security
    .command('scan')
    .argument('<paths...>', 'skill folders, or folders whose subfolders are skills')
    .description('scan skills against every check; verdict block/warn/pass per skill')
    .option('--format <format>', 'text | json | sarif', 'text')
    .option('--json', 'same as --format json')
    .option(
      '--min-severity <severity>',
      'hide findings below this severity (critical|high|medium|low|info)',
      'info',
    )
    .option(
      '--fail-on <level>',
      'exit 1 when a finding is at or above this severity; `block` = any block verdict; `none`',
      'high',
    )
    .option('--allowlist <file>', 'suppressions file (default: .clawft/security-allowlist.toml if present)')
    .option('--jobs <n>', 'skills read concurrently', '8')
    .addHelpText(
      'after',
      examples([
        'weft security scan ./skills/web-search',
        'weft security scan ./collection --format json --fail-on none',
        'weft security scan ./my-skill --min-severity medium --fail-on block',
        'weft security scan ./my-skill --allowlist .clawft/security-allowlist.toml',
      ]) +
        '\nExit codes: 0 clean (below --fail-on), 1 findings at/above --fail-on, 2 usage, 3 invalid allowlist, 5 path not found.\n',
    )
    .action(async (paths: string[], opts: ScanOpts) => {
      const format = opts.json ? 'json' : (opts.format ?? 'text');
      return run({ json: format === 'json' }, async () => {
        if (!['text', 'json', 'sarif'].includes(format))
          throw new WeftError('E_USAGE', `--format must be text, json or sarif (got ${format})`);
        const min = opts.minSeverity ?? 'info';
        if (!SEVERITY_WORDS.includes(min))
          throw new WeftError('E_USAGE', `--min-severity must be one of ${SEVERITY_WORDS.join(', ')}`);
        const failOn = opts.failOn ?? 'high';
        if (![...SEVERITY_WORDS, 'block', 'none'].includes(failOn))
          throw new WeftError('E_USAGE', `--fail-on must be a severity, block or none`);
        const jobs = Number(opts.jobs ?? 8);
        if (!Number.isInteger(jobs) || jobs < 1)
          throw new WeftError('E_USAGE', '--jobs must be a positive integer');

        const { scanCommand } = await import('../../security/cli.js');
        const out = await scanCommand(paths, {
          format,
          minSeverity: min,
          failOn,
          allowlist: opts.allowlist,
          jobs,
          color: isTTY(),
        });
        process.stdout.write(out.text.endsWith('\n') ? out.text : `${out.text}\n`);
        return out.exitCode;
      });
    });

  security
    .command('checks')
    .description('list every check with its id, category, severity, intent and docs')
    .option('--json', 'print the checks as JSON')
    .addHelpText('after', examples(['weft security checks', 'weft security checks --json']))
    .action(async (opts: { json?: boolean }) =>
      run(opts, async () => {
        const { listChecks, renderChecks } = await import('../../security/cli.js');
        emit(listChecks(), opts, renderChecks);
      }),
    );

  return security;
}
