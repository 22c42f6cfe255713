import { Command } from 'commander';
import { packageVersion } from '../version.js';
import { registerHealth } from './commands/health.js';
import { registerHub } from './commands/hub.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerSecurity } from './commands/security.js';
import { registerSecurityOps } from './commands/security-ops.js';
import { registerSkill } from './commands/skill.js';
import { registerSkillRegistry } from './commands/skill-registry.js';
import { examples } from './output.js';

export function buildProgram(): Command {
  const program = new Command('weft')
    .description(
      'clawft: run agent skills in a kernel sandbox, scan them, and share them through a signed registry',
    )
    .version(packageVersion(), '-V, --version')
    // Program options only before the subcommand, so `skill publish --version 1.2.0` reaches the subcommand.
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      examples([
        'weft health --json',
        'weft skill validate ./my-skill',
        'weft skill keygen && weft skill sign ./my-skill',
      ]) +
        '\nExit codes: see docs/exit-codes.md (0 ok, 1 failure, 2 usage, 3 invalid input, 4 integrity, 5 not found, 6 network, 7 conflict, 8 blocked, 9 auth, 125 sandbox setup).\n',
    );
  program.exitOverride((err) => {
    // commander's own usage errors exit 2; --help and --version exit 0.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
  registerHealth(program);
  registerSkillRegistry(registerSkill(program));
  registerSecurityOps(registerSecurity(program));
  registerHub(program);
  registerSandbox(program);
  return program;
}
