import type { Command } from 'commander';
import { WeftError } from '../../errors.js';
import { emit, examples, isTTY, run } from '../output.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

function parseSeverity(v: string, allowNone: boolean): string {
  if (SEVERITIES.includes(v) || (allowNone && v === 'none')) return v;
  throw new WeftError(
    'E_USAGE',
    `invalid severity ${JSON.stringify(v)} (use ${SEVERITIES.join('|')}${allowNone ? '|none' : ''})`,
  );
}

/** `weft security audit|harden|monitor`: the installation-level commands (the scanner adds scan/checks). */
export function registerSecurityOps(security: Command): void {
  security
    .command('audit')
    .description(
      'review the whole installation: agent policies, file permissions, gateway/hub exposure, installed skills, host layers',
    )
    .option('--agent <id>', 'only this agent (or "all")', 'all')
    .option('--deep', 'also rescan installed skills and run the monitors over the recent audit log')
    .option('--dir <workdir...>', 'extra workdirs with installed skills (skills/ + .clawhub/lock.json)')
    .option('--format <fmt>', 'text | json | sarif | html', 'text')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (or none)', 'high')
    .option('--json', 'same as --format json')
    .option('--token-max-age <days>', 'report publish/admin hub tokens older or unused this long', '90')
    .option('--no-hub-store', "do not read the hub's store (tokens, unsigned versions, quarantined tags)")
    .addHelpText(
      'after',
      examples([
        'weft security audit',
        'weft security audit --deep --format json',
        'weft security audit --format html > audit.html',
        'weft security audit --fail-on critical',
      ]),
    )
    .action(
      async (opts: {
        agent: string;
        deep?: boolean;
        dir?: string[];
        format: string;
        failOn: string;
        json?: boolean;
        tokenMaxAge: string;
        hubStore: boolean;
      }) => {
        const format = opts.json ? 'json' : opts.format;
        await run({ json: format === 'json' }, async () => {
          if (!['text', 'json', 'sarif', 'html'].includes(format))
            throw new WeftError('E_USAGE', `unknown format ${format}`);
          const failOn = parseSeverity(opts.failOn, true);
          const tokenMaxAgeDays = Number(opts.tokenMaxAge);
          if (!Number.isInteger(tokenMaxAgeDays) || tokenMaxAgeDays < 1)
            throw new WeftError('E_USAGE', '--token-max-age takes a whole number of days');
          const { runAudit } = await import('../../security/audit/index.js');
          const render = await import('../../security/audit/render.js');
          const report = await runAudit({
            agent: opts.agent,
            deep: Boolean(opts.deep),
            skillDirs: opts.dir ?? [],
            tokenMaxAgeDays,
            noHubStore: !opts.hubStore,
          });
          if (format === 'json') emit(report, { json: true }, () => '');
          else if (format === 'sarif')
            process.stdout.write(`${JSON.stringify(render.renderAuditSarif(report), null, 2)}\n`);
          else if (format === 'html') process.stdout.write(render.renderAuditHtml(report));
          else
            process.stdout.write(
              `${render.renderAuditText(report, { colour: isTTY() && !process.env.NO_COLOR })}\n`,
            );
          if (failOn === 'none') return 0;
          const { atLeast } = await import('../../security/audit/types.js');
          return report.findings.some((f) => atLeast(f.severity, failOn as 'high')) ? 1 : 0;
        });
      },
    );

  security
    .command('harden')
    .description(
      'apply the safe fixes the audit found (chmod, explicit secure defaults, key pins, role profiles); reversible',
    )
    .option('--agent <id>', 'only this agent (or "all")', 'all')
    .option('--dry-run', 'show the changes without applying them')
    .option('--force', 'also overwrite role profiles you have edited')
    .option('--undo', 'revert the most recent harden run from its backup')
    .option('--json', 'print the changes as JSON')
    .addHelpText(
      'after',
      examples(['weft security harden --dry-run', 'weft security harden', 'weft security harden --undo']),
    )
    .action(
      async (opts: { agent: string; dryRun?: boolean; force?: boolean; undo?: boolean; json?: boolean }) =>
        run(opts, async () => {
          const h = await import('../../security/harden/apply.js');
          if (opts.undo) {
            const res = await h.undoHarden();
            emit(res, opts, (r) => `reverted ${r.reverted} changes from ${r.backupDir}`);
            return 0;
          }
          const res = await h.runHarden({
            dryRun: Boolean(opts.dryRun),
            force: Boolean(opts.force),
            agent: opts.agent,
          });
          emit(res, opts, (r) => {
            const manual = r.manual.flatMap((m) => [
              `  ${m.checkId}: ${m.detail}`,
              ...m.commands.map((c) => `    ${c}`),
            ]);
            const tail = manual.length
              ? ['', 'not applied, run these yourself once the replacement token is in place:', ...manual]
              : [];
            if (r.changes.length === 0) return ['nothing to harden', ...tail].join('\n');
            return [
              ...r.changes.map(h.describeChange),
              '',
              r.dryRun
                ? `${r.changes.length} changes (dry run: nothing applied)`
                : `applied ${r.changes.length} changes; backup in ${r.backupDir} (undo: weft security harden --undo)`,
              ...tail,
            ].join('\n');
          });
          return 0;
        }),
    );

  security
    .command('monitor')
    .description(
      'run the runtime monitors (tool usage, API calls, file access) over the audit log; alerts go back into the log',
    )
    .option('--follow', 'keep watching the log for new events')
    .option('--since <minutes>', 'only events from the last N minutes', '1440')
    .option('--json', 'print alerts as JSON lines')
    .addHelpText('after', examples(['weft security monitor', 'weft security monitor --follow --json']))
    .action(async (opts: { follow?: boolean; since: string; json?: boolean }) =>
      run(opts, async () => {
        const { monitorAuditLog } = await import('../../security/monitors/follow.js');
        const minutes = Number(opts.since);
        if (!Number.isFinite(minutes) || minutes <= 0)
          throw new WeftError('E_USAGE', '--since takes a number of minutes');
        let count = 0;
        await monitorAuditLog({
          sinceMs: Date.now() - minutes * 60_000,
          follow: Boolean(opts.follow),
          onAlert: (a) => {
            count++;
            process.stdout.write(
              opts.json
                ? `${JSON.stringify(a)}\n`
                : `${a.ts} ${a.severity.toUpperCase()} ${a.alertId} [${a.agentId ?? '-'}] ${a.message}\n`,
            );
          },
        });
        if (!opts.json && count === 0) process.stdout.write('no alerts\n');
        return 0;
      }),
    );
}
