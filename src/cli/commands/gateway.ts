import type { Command } from 'commander';
import { WeftError } from '../../errors.js';
import { examples, run } from '../output.js';

interface GatewayOpts {
  port: string;
  host: string;
  withHub?: boolean;
  json?: boolean;
  graceSeconds: string;
}

export function registerGateway(program: Command): void {
  program
    .command('gateway')
    .description('serve agents over HTTP: /health, /ready, POST /v1/agents/{id}/messages (SSE optional)')
    .option('--port <port>', 'port to listen on (0 = any free port)', '8080')
    .option('--host <host>', 'address to bind; non-loopback needs WEFT_GATEWAY_TOKEN', '127.0.0.1')
    .option('--with-hub', 'also serve the skill registry from this process')
    .option('--grace-seconds <n>', 'on SIGTERM, how long running turns may finish', '10')
    .option('--json', 'print the listening address as JSON')
    .addHelpText(
      'after',
      examples([
        'weft gateway',
        'WEFT_GATEWAY_TOKEN=$(openssl rand -hex 32) weft gateway --host 0.0.0.0 --port 8080',
        'curl -s localhost:8080/health',
        'curl -s -H "authorization: Bearer $WEFT_GATEWAY_TOKEN" -d \'{"message":"hi"}\' localhost:8080/v1/agents/dev/messages',
      ]),
    )
    .action(async (opts: GatewayOpts) =>
      run(opts, async () => {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new WeftError('E_USAGE', `bad --port ${opts.port}`);
        const { startGatewayFromCli } = await import('../../gateway/cli.js');
        const gw = await startGatewayFromCli({ host: opts.host, port, withHub: Boolean(opts.withHub) });
        const line = opts.json
          ? JSON.stringify({ url: gw.url, host: gw.host, port: gw.port })
          : `weft gateway listening on ${gw.url}`;
        process.stdout.write(`${line}\n`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.stderr.write('weft gateway: shutting down\n');
            gw.shutdown(Number(opts.graceSeconds) * 1000).then(resolve, resolve);
          };
          process.once('SIGTERM', stop);
          process.once('SIGINT', stop);
        });
        return 0;
      }),
    );
}
