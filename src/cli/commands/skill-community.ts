import type { Command } from 'commander';
import { emit, examples, run } from '../output.js';
import { type Common, int, withRegistry } from './registry-options.js';

/** Community commands on `skill` (star, unstar, comment, comments) and the account commands `weft login` / `weft whoami`. */

export function registerSkillCommunity(skill: Command): void {
  for (const [name, on] of [
    ['star', true],
    ['unstar', false],
  ] as const) {
    withRegistry(
      skill
        .command(name)
        .argument('<slug>', 'skill slug')
        .description(on ? 'star a skill' : 'remove your star from a skill'),
    )
      .option('--json', 'print the result as JSON')
      .addHelpText('after', examples([`weft skill ${name} web-search`]))
      .action(async (slug: string, opts: Common) =>
        run(opts, async () => {
          const { starSkill } = await import('../../hub-client/service.js');
          const r = await starSkill(opts, slug, on);
          emit(
            r,
            opts,
            (x) =>
              `${x.starred ? 'starred' : 'unstarred'} ${x.slug}${x.stars !== null ? ` (${x.stars} stars)` : ''}`,
          );
        }),
      );
  }

  withRegistry(
    skill
      .command('comment')
      .argument('<slug>', 'skill slug')
      .argument('<text>', 'comment text')
      .description('comment on a skill'),
  )
    .option('--delete <id>', 'delete your comment with this id instead')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples([
        'weft skill comment web-search "works well with SearXNG"',
        'weft skill comment web-search x --delete 42',
      ]),
    )
    .action(async (slug: string, text: string, opts: Common & { delete?: string }) =>
      run(opts, async () => {
        const svc = await import('../../hub-client/service.js');
        if (opts.delete) {
          const r = await svc.deleteComment(opts, slug, opts.delete);
          emit(r, opts, (x) => `deleted comment ${x.id} on ${x.slug}`);
          return;
        }
        const r = await svc.commentOn(opts, slug, text);
        emit(r, opts, (x) => `commented on ${x.slug} (id ${x.comment.id})`);
      }),
    );

  withRegistry(
    skill.command('comments').argument('<slug>', 'skill slug').description("list a skill's comments"),
  )
    .option('--limit <n>', 'maximum comments', int)
    .option('--offset <n>', 'skip this many', int)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples(['weft skill comments web-search']))
    .action(async (slug: string, opts: Common & { limit?: number; offset?: number }) =>
      run(opts, async () => {
        const { listComments } = await import('../../hub-client/service.js');
        const r = await listComments(opts, slug, opts);
        emit(r, opts, (x) =>
          x.comments.length === 0
            ? `no comments on ${x.slug}`
            : x.comments
                .map(
                  (c) => `#${c.id} ${c.author || '?'}${c.createdAt ? ` (${c.createdAt})` : ''}\n  ${c.body}`,
                )
                .join('\n'),
        );
      }),
    );
}

export function registerAccount(program: Command): void {
  program
    .command('login')
    .description('save a registry API token (stored 0600 in ~/.clawft/credentials.json)')
    .option('--registry <url>', 'registry the token is for (also makes it the default registry)')
    .option('--timeout <ms>', 'timeout for the verification request', int)
    .requiredOption('--token <token>', 'the token (from `weft hub token create` or your registry admin)')
    .option('--no-verify', 'save without checking the token against the registry')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples([
        'weft login --token "$TOKEN"',
        'weft login --registry https://hub.example.com --token "$TOKEN"',
      ]),
    )
    .action(async (opts: Common & { token: string; verify?: boolean }) =>
      run(opts, async () => {
        const { login } = await import('../../hub-client/service.js');
        const r = await login(opts, opts.token);
        emit(
          r,
          opts,
          (x) => `saved token for ${x.registry}${x.user ? ` (user ${x.user})` : ''} in ${x.path}`,
        );
      }),
    );

  withRegistry(program.command('whoami').description('show the registry user your token belongs to'))
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples(['weft whoami', 'weft whoami --registry http://127.0.0.1:8080 --json']))
    .action(async (opts: Common) =>
      run(opts, async () => {
        const { whoami } = await import('../../hub-client/service.js');
        const r = await whoami(opts);
        emit(
          r,
          opts,
          (x) =>
            `${x.handle ?? '(unknown user)'} on ${x.registry}${x.scopes.length ? ` [${x.scopes.join(', ')}]` : ''}`,
        );
      }),
    );
}
