/** `unipbx whoami`: the account the credentials belong to, and where it is. */
import type { Command } from 'commander';
import type { User } from '../../index.js';
import type { Runtime } from '../context.js';
import type { Shape } from '../output.js';
import { USER } from '../records.js';

type Identity = User & { readonly profile?: string | undefined; readonly baseUrl: string };

const IDENTITY: Shape<Identity> = {
  columns: [
    { key: 'profile', header: 'PROFILE', value: (i) => i.profile },
    { key: 'baseUrl', header: 'BASE URL', value: (i) => i.baseUrl },
    ...(USER.columns as Shape<Identity>['columns']),
  ],
};

export function registerWhoami(program: Command, rt: Runtime): void {
  program
    .command('whoami')
    .description('show the user the credentials belong to (and check that they work)')
    .action((_options: object, command: Command) =>
      rt.withClient(command, async (client, out) => {
        const user = await client.whoami(rt.call);
        const connection = rt.connection!;
        await out.item({ ...(connection.profile ? { profile: connection.profile } : {}), baseUrl: connection.baseUrl, ...user }, IDENTITY);
      }),
    );
}
