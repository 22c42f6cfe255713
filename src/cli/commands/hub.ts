import type { Command } from 'commander';
import { WeftError } from '../../errors.js';
import { emit, examples, isTTY, run } from '../output.js';

type StoreOpts = { data?: string; databaseUrl?: string; json?: boolean };

/** --database-url / WEFT_DATABASE_URL wins; else --data DIR; else ~/.clawft/hub. */
async function storeLocation(o: StoreOpts) {
  const databaseUrl = o.databaseUrl ?? process.env.WEFT_DATABASE_URL;
  if (databaseUrl) return { databaseUrl };
  const { statePaths } = await import('../../config/paths.js');
  return { dataDir: o.data ?? statePaths().hubDataDir };
}

function storeOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'embedded store directory (default ~/.clawft/hub)')
    .option('--database-url <url>', 'PostgreSQL URL (or WEFT_DATABASE_URL)');
}

export function registerHub(program: Command): void {
  const hub = program
    .command('hub')
    .description('run and administer a signed skill registry (ClawHub-compatible)')
    .addHelpText(
      'after',
      examples([
        'weft hub serve --port 8080',
        'weft hub user add alice',
        'weft hub token create --user alice --scope publish',
      ]),
    );

  storeOptions(
    hub
      .command('serve')
      .description('serve the registry API until SIGTERM, then drain in-flight requests')
      .option('--port <port>', 'TCP port', '8080')
      .option('--host <host>', 'bind address', '127.0.0.1')
      .option('--public-url <url>', 'base URL clients see (behind a proxy)')
      .option('--allow-unsigned', 'accept unsigned publishes (development only; logs a warning each time)')
      .option(
        '--rate-limits <spec>',
        'read=600/60,write=60/60,download=300/60 (limit/seconds per token or IP), or off',
      ),
  )
    .addHelpText(
      'after',
      examples([
        'weft hub serve',
        'weft hub serve --port 9000 --data ./hub-data',
        'WEFT_DATABASE_URL=postgres://u:p@db/weft weft hub serve --host 0.0.0.0',
      ]),
    )
    .action(
      async (o: StoreOpts & { port: string; host: string; allowUnsigned?: boolean; publicUrl?: string }) =>
        run(o, async () => {
          const port = Number(o.port);
          if (!Number.isInteger(port) || port < 0 || port > 65535)
            throw new WeftError('E_USAGE', `invalid --port ${o.port}`);
          const { startHub } = await import('../../hub/server.js');
          const hubRun = await startHub({
            ...(await storeLocation(o)),
            port,
            host: o.host,
            allowUnsigned: Boolean(o.allowUnsigned),
            ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
          });
          process.stdout.write(`weft hub listening on ${hubRun.url} (store: ${hubRun.db.kind})\n`);
          await new Promise<void>((resolve) => {
            const stop = () => {
              process.stderr.write('weft hub: draining\n');
              hubRun.close().then(resolve, resolve);
            };
            process.once('SIGTERM', stop);
            process.once('SIGINT', stop);
          });
          return 0;
        }),
    );

  const user = hub.command('user').description('manage hub users (offline, against the store)');
  storeOptions(
    user
      .command('add')
      .argument('<name>', 'user handle')
      .option('--role <role>', 'user | moderator | admin', 'user')
      .option('--json', 'print JSON'),
  )
    .addHelpText(
      'after',
      examples(['weft hub user add alice', 'weft hub user add root --role admin --data ./hub-data']),
    )
    .action(async (name: string, o: StoreOpts & { role: string }) =>
      run(o, async () => {
        if (!['user', 'moderator', 'admin'].includes(o.role))
          throw new WeftError('E_USAGE', '--role must be user, moderator or admin');
        const { userAdd } = await import('../../hub/admin.js');
        const u = await userAdd(await storeLocation(o), name, o.role as 'user');
        emit(u, o, (r) => `added user ${r.handle} (${r.role})`);
      }),
    );

  const token = hub.command('token').description('manage API tokens (offline, against the store)');
  storeOptions(
    token
      .command('create')
      .requiredOption('--user <name>', 'owner of the token')
      .option('--scope <scope>', 'read | publish | admin', 'publish')
      .option('--expires <days>', 'expire after this many days')
      .option('--label <text>', 'a note to recognise the token by')
      .option('--json', 'print JSON'),
  )
    .addHelpText(
      'after',
      examples([
        'weft hub token create --user alice',
        'TOKEN=$(weft hub token create --user alice --scope read | tail -1)',
      ]),
    )
    .action(async (o: StoreOpts & { user: string; scope: string; expires?: string; label?: string }) =>
      run(o, async () => {
        const { tokenCreate } = await import('../../hub/admin.js');
        const t = await tokenCreate(await storeLocation(o), {
          handle: o.user,
          scope: o.scope as 'read',
          ...(o.expires ? { expiresDays: Number(o.expires) } : {}),
          ...(o.label ? { label: o.label } : {}),
        });
        // The token is shown once, alone on the last line so scripts can `tail -1`.
        emit(
          t,
          o,
          (r) =>
            `token for ${r.user} (${r.scopes.join(',')}, expires ${r.expiresAt ?? 'never'}); store it now:\n${r.token}`,
        );
      }),
    );

  storeOptions(
    token
      .command('revoke')
      .argument('<id>', 'token id (as `weft security audit` shows it)')
      .description('revoke a token now (it expires at once; the row stays as history)')
      .option('--json', 'print JSON'),
  )
    .addHelpText(
      'after',
      examples(['weft hub token revoke 12', 'weft hub token revoke 12 --data ./hub-data']),
    )
    .action(async (id: string, o: StoreOpts) =>
      run(o, async () => {
        if (!/^[1-9]\d{0,15}$/.test(id)) throw new WeftError('E_USAGE', `invalid token id ${id}`);
        const { tokenRevoke } = await import('../../hub/admin.js');
        const r = await tokenRevoke(await storeLocation(o), Number(id));
        emit(r, o, (x) => `revoked token ${x.id}`);
      }),
    );

  const key = hub.command('key').description('publisher keys');
  storeOptions(
    key
      .command('rotate')
      .requiredOption('--user <name>', 'publisher whose key changes')
      .requiredOption('--public-key <b64|file>', 'new Ed25519 public key (base64 raw, or a .pub PEM file)')
      .option(
        '--proof <b64>',
        'signature by the old key over the rotation message (omit when acting as admin)',
      )
      .option('--json', 'print JSON'),
  )
    .addHelpText('after', examples(['weft hub key rotate --user alice --public-key ~/.clawft/keys/new.pub']))
    .action(async (o: StoreOpts & { user: string; publicKey: string; proof?: string }) =>
      run(o, async () => {
        const pub = await readPublicKeyArg(o.publicKey);
        const { keyRotate } = await import('../../hub/admin.js');
        const r = await keyRotate(await storeLocation(o), {
          handle: o.user,
          newPublicKey: pub,
          ...(o.proof ? { proof: o.proof } : {}),
        });
        emit(r, o, (x) => `${x.user}: key ${x.previousKeyId ?? '(none)'} -> ${x.keyId}`);
      }),
    );

  storeOptions(
    hub
      .command('import')
      .argument('<dir>', 'folder of skill folders (each with SKILL.md)')
      .option('--json', 'print JSON'),
  )
    .description('bulk-import skills (signed with the hub import key, scanned, indexed)')
    .addHelpText('after', examples(['weft hub import ./mirror --data ./hub-data']))
    .action(async (dir: string, o: StoreOpts) =>
      run(o, async () => {
        const { importSkills } = await import('../../hub/admin.js');
        const tty = isTTY() && !o.json;
        const res = await importSkills(await storeLocation(o), dir, {
          ...(tty ? { onProgress: (p) => progress(p.done, p.total, p.failed) } : {}),
        });
        if (tty) process.stderr.write('\n');
        emit(res, o, (r) =>
          [
            `imported ${r.imported}, skipped ${r.skipped}, failed ${r.failed.length} in ${r.ms} ms`,
            ...r.failed.map((f) => `  ${f.dir}: ${f.code}: ${f.message}`),
          ].join('\n'),
        );
        return res.failed.length > 0 ? 1 : 0;
      }),
    );
}

function progress(done: number, total: number, failed: number): void {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}${failed ? ` (${failed} failed)` : ''}`,
  );
}

async function readPublicKeyArg(arg: string): Promise<string> {
  if (/^[A-Za-z0-9+/]{43}=$/.test(arg)) return arg;
  const [{ readFile }, { createPublicKey }, { rawPublicKey }] = await Promise.all([
    import('node:fs/promises'),
    import('node:crypto'),
    import('../../signing/keys.js'),
  ]);
  const pem = await readFile(arg, 'utf8').catch(() => {
    throw new WeftError('E_KEY_MISSING', `${arg}: not a base64 key and not a readable file`);
  });
  return rawPublicKey(createPublicKey(pem)).toString('base64');
}
