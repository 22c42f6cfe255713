import type { Command } from 'commander';
import { emit, examples, run } from '../output.js';

type JsonOpt = { json?: boolean };

/** Local skill commands: validate, pack, unpack, keygen, sign, verify. Registry commands live in skill-registry.ts. */
export function registerSkill(program: Command): Command {
  const skill = program
    .command('skill')
    .description('author, sign, verify and (with a registry) share skills')
    .addHelpText(
      'after',
      examples(['weft skill validate ./my-skill', 'weft skill keygen', 'weft skill sign ./my-skill']),
    );

  skill
    .command('validate')
    .argument('<dir>', 'skill folder (contains SKILL.md)')
    .description('check SKILL.md, the slug, the version and the bundle rules; print the fingerprint')
    .option('--version <semver>', 'validate as this version (overrides SKILL.md)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(['weft skill validate ./skills/web-search', 'weft skill validate ./x --json']),
    )
    .action(async (dir: string, opts: JsonOpt & { version?: string }) =>
      run(opts, async () => {
        const { loadSkillDir, validateLoadedSkill } = await import('../../skills/load.js');
        const summary = validateLoadedSkill(await loadSkillDir(dir), opts.version);
        emit({ ok: true, ...summary }, opts, (s) =>
          [
            `ok  ${s.slug}${s.version ? `@${s.version}` : ''}`,
            `    ${s.description.split('\n')[0]}`,
            `    ${s.files} files, ${s.bytes} bytes`,
            `    fingerprint ${s.fingerprint}`,
          ].join('\n'),
        );
      }),
    );

  skill
    .command('pack')
    .argument('<dir>', 'skill folder')
    .description('write a deterministic zip archive of the skill bundle')
    .option('-o, --out <file>', 'output file (default: <slug>-<version>.zip)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(['weft skill pack ./my-skill', 'weft skill pack ./my-skill -o dist/my-skill.zip']),
    )
    .action(async (dir: string, opts: JsonOpt & { out?: string }) =>
      run(opts, async () => {
        const { packSkillDir } = await import('../../skills/pack.js');
        const res = await packSkillDir(dir, opts.out);
        emit(
          res,
          opts,
          (r) => `wrote ${r.path} (${r.bytes} bytes, ${r.files} files)\nfingerprint ${r.fingerprint}`,
        );
      }),
    );

  skill
    .command('unpack')
    .argument('<archive>', 'skill zip archive')
    .requiredOption('-d, --dir <dir>', 'target folder (must not exist)')
    .description('verify and extract a skill archive (path rules, size limits, CRC) atomically')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples(['weft skill unpack my-skill-1.0.0.zip --dir ./my-skill']))
    .action(async (archive: string, opts: JsonOpt & { dir: string }) =>
      run(opts, async () => {
        const { unpackArchiveFile } = await import('../../skills/pack.js');
        const res = await unpackArchiveFile(archive, opts.dir);
        emit(res, opts, (r) => `extracted ${r.files} files to ${r.dir}\nfingerprint ${r.fingerprint}`);
      }),
    );

  skill
    .command('keygen')
    .description('create an Ed25519 signing key pair under ~/.clawft/keys (private key 0600)')
    .option('--name <name>', 'key name', 'default')
    .option('--force', 'replace an existing key of the same name')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples(['weft skill keygen', 'weft skill keygen --name release --json']))
    .action(async (opts: JsonOpt & { name: string; force?: boolean }) =>
      run(opts, async () => {
        const { generateKey } = await import('../../signing/keys.js');
        const info = await generateKey(opts.name, { force: opts.force ?? false });
        emit(
          info,
          opts,
          (k) =>
            `created key ${k.name} (id ${k.keyId})\n  private ${k.privateKeyPath}\n  public  ${k.publicKey}`,
        );
      }),
    );

  skill
    .command('sign')
    .argument('<dir>', 'skill folder')
    .description(`sign the bundle fingerprint; writes a detached .clawft-signature.json`)
    .option('--key <name|path>', 'signing key name or path', 'default')
    .option('--version <semver>', 'version to sign (default: SKILL.md version)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(['weft skill sign ./my-skill', 'weft skill sign ./my-skill --version 1.2.0 --key release']),
    )
    .action(async (dir: string, opts: JsonOpt & { key: string; version?: string }) =>
      run(opts, async () => {
        const { signSkillDir } = await import('../../signing/skill.js');
        const res = await signSkillDir(dir, { key: opts.key, version: opts.version });
        emit(
          res,
          opts,
          (r) =>
            `signed ${r.signature.slug}@${r.signature.version} with key ${r.signature.keyId}\n  ${r.path}`,
        );
      }),
    );

  skill
    .command('verify')
    .argument('<dir>', 'skill folder with a .clawft-signature.json')
    .description('recompute the fingerprint and verify the detached signature')
    .option('--public-key <base64>', 'also require this publisher key')
    .option('--version <semver>', 'expected version')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(['weft skill verify ./my-skill', 'weft skill verify ./my-skill --public-key <base64>']),
    )
    .action(async (dir: string, opts: JsonOpt & { publicKey?: string; version?: string }) =>
      run(opts, async () => {
        const { verifySkillDir } = await import('../../signing/skill.js');
        const res = await verifySkillDir(dir, { publicKey: opts.publicKey, version: opts.version });
        emit(
          { ok: true, ...res },
          opts,
          (r) => `verified ${r.slug}@${r.version} signed by ${r.keyId}\nfingerprint ${r.fingerprint}`,
        );
      }),
    );

  return skill;
}
