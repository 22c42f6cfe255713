#!/usr/bin/env node
/**
 * Entry point. `--version` is answered before anything else loads, so the
 * commonest probe costs about as much as `node -e 0`. Everything else loads
 * the command tree, and each command loads its library module on use.
 */
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { packageVersion } = await import('../version.js');
  process.stdout.write(`${packageVersion()}\n`);
} else {
  // Node >= 22.1 can keep compiled bytecode between runs (in the OS temp dir; NODE_DISABLE_COMPILE_CACHE=1
  // turns it off): a third less module-loading time for every command and for `weft hub serve`.
  const { default: mod } = await import('node:module');
  (mod as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const { buildProgram } = await import('./program.js');
  await buildProgram().parseAsync(process.argv);
}
