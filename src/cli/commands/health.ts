import type { Command } from 'commander';
import { emit, examples, run } from '../output.js';

export function registerHealth(program: Command): void {
  program
    .command('health')
    .description('check that this install is usable and report which sandbox layers the host offers')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', examples(['weft health', 'weft health --json']))
    .action(async (opts: { json?: boolean }) =>
      run(opts, async () => {
        const { healthReport } = await import('../../health.js');
        const report = await healthReport();
        emit(report, opts, (r) =>
          [
            `weft ${r.version} on node ${r.node} (${r.platform}/${r.arch})`,
            `state dir   ${r.configDir} (${r.configDirWritable ? 'writable' : 'NOT writable'})`,
            `bwrap       ${r.sandbox.bwrap ?? 'missing (apt-get install bubblewrap)'}`,
            `user ns     ${r.sandbox.userNamespaces ? 'yes' : 'no'}`,
            `landlock    ${r.sandbox.landlock.available ? `ABI ${r.sandbox.landlock.abi ?? '?'} (${r.sandbox.landlock.source})` : `unavailable${r.sandbox.landlock.abi ? ` (kernel suggests ABI ${r.sandbox.landlock.abi}; build the helper: make -C native)` : ''}`}`,
            `helper      ${r.sandbox.helper ?? 'not built (make -C native)'}`,
            `seccomp     ${r.sandbox.seccomp ? 'yes' : 'no'}`,
            `status      ${r.ok ? 'ok' : 'NOT OK'}${r.problems.length ? `: ${r.problems.join('; ')}` : ''}`,
          ].join('\n'),
        );
        return report.ok ? 0 : 1;
      }),
    );
}
