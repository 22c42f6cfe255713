import type { Command } from 'commander';
import type { SandboxCliFlags } from '../../sandbox/cli-service.js';
import { emit, examples, reportError, run } from '../output.js';

type Flags = SandboxCliFlags & { json?: boolean };

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerSandbox(program: Command): Command {
  const sandbox = program
    .command('sandbox')
    .description('run a command under a kernel-enforced sandbox policy, or show the policy an agent gets')
    .addHelpText(
      'after',
      examples([
        'weft sandbox run --allow-read ./data -- cat ./data/report.txt',
        'weft sandbox check --agent default',
      ]),
    );

  sandbox
    .command('run')
    .description('run CMD sandboxed; exits with its status (125 when the sandbox could not be set up)')
    .argument('<cmd...>', 'command and arguments (put them after --)')
    .option('--agent <id>', "start from this agent's [sandbox] policy")
    .option('--policy <file>', 'start from a TOML policy file ([sandbox] table or bare section)')
    .option('--allow-read <path>', 'grant read access (repeatable)', collect)
    .option('--allow-write <path>', 'grant read-write access (repeatable)', collect)
    .option(
      '--allow-net <host[:port]>',
      'allow egress through the proxy (repeatable; default port 443, TLS)',
      collect,
    )
    .option('--env <name>', 'pass this variable (NAME or PREFIX*) from the host (repeatable)', collect)
    .option('--type <type>', 'os | wasm | combined | none (none needs privileged = true in the policy)')
    .option(
      '--workdir <dir>',
      'bind this existing dir read-write as the working dir (default: fresh workspace)',
    )
    .option('--allow-degraded', 'run with the layers this host has instead of refusing (audited)')
    .option('--json', 'print {exitCode, signal, stdout, stderr, limitHit, backend, layers} as JSON')
    .addHelpText(
      'after',
      examples([
        'weft sandbox run -- sh -c "echo hello"',
        'weft sandbox run --allow-read ./src --allow-write ./out -- make',
        'weft sandbox run --allow-net api.github.com -- curl -sI https://api.github.com',
        'weft sandbox run --agent default --json -- ls',
      ]),
    )
    .action(async (cmd: string[], opts: Flags) => {
      // Like env(1)/timeout(1): the command's status, or 125 when the sandbox
      // could not be set up (bad policy, missing layer, gate denial).
      try {
        const { sandboxRun } = await import('../../sandbox/cli-service.js');
        const r = await sandboxRun(opts, cmd);
        if (opts.json) emit(r, opts, () => '');
        else {
          process.stdout.write(r.stdout);
          process.stderr.write(r.stderr);
          if (r.limitHit) process.stderr.write(`weft: ${r.limitHit} limit hit\n`);
        }
        process.exitCode = r.exitCode ?? 128 + (r.signal === 'SIGTERM' ? 15 : 9);
      } catch (err) {
        reportError(err, opts);
        process.exitCode = 125;
      }
    });

  sandbox
    .command('check')
    .description('print the effective policy and the layers a run would get on this host')
    .option('--agent <id>', 'agent id (reads ~/.clawft/agents/<id>/config.toml)')
    .option('--policy <file>', 'a TOML policy file instead of an agent')
    .option('--allow-degraded', 'show what a degraded run would get')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(['weft sandbox check --agent default', 'weft sandbox check --agent default --json']),
    )
    .action(async (opts: Flags) =>
      run(opts, async () => {
        const { sandboxCheck } = await import('../../sandbox/cli-service.js');
        const c = await sandboxCheck(opts);
        emit(c, opts, (x) =>
          [
            `policy      ${x.policy.hash} (type ${x.policy.type}${x.policy.privileged ? ', privileged' : ''})`,
            `read        ${x.policy.fs.read.join(', ') || '-'}`,
            `write       ${x.policy.fs.write.join(', ') || '-'} (+ the run's workdir)`,
            `network     ${x.policy.net.rules.map((r) => `${r.host}:${r.ports.join(',')}${r.requireTls ? ' tls' : ''}`).join(', ') || 'off'}`,
            `env         ${x.policy.env.allow.join(', ') || '(none passed)'}`,
            `tools       allowed ${x.policy.tools.allowed?.join(', ') ?? '(any)'}; denied ${x.policy.tools.denied.join(', ') || '-'}`,
            `limits      wall ${x.policy.limits.wallMs / 1000}s, cpu ${x.policy.limits.cpuSeconds}s, mem ${x.policy.limits.memoryBytes >> 20} MiB, pids ${x.policy.limits.pids}, fsize ${x.policy.limits.fsizeBytes >> 20} MiB, nofile ${x.policy.limits.nofile}, output ${x.policy.limits.outputBytes >> 20} MiB`,
            ...x.policy.dropped.map((d) => `dropped     ${d.kind} ${d.value}: ${d.reason}`),
            x.unavailable
              ? `backend     UNAVAILABLE: ${x.unavailable}`
              : `backend     ${x.backend}: ${x.layers.join(' ')}`,
            ...x.limits.map(
              (l) =>
                `enforce     ${`${l.limit} ${l.value}`.padEnd(16)} ${l.by ?? 'NOT ENFORCED by this backend'}`,
            ),
            `cgroups     not used (${x.cgroups.version}): ${x.cgroups.reason}`,
          ].join('\n'),
        );
        return c.unavailable ? 125 : 0;
      }),
    );
  return sandbox;
}
