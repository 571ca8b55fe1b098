/** `unipbx groups list|get|members|add-member|remove-member` */
import type { Command } from 'commander';
import type { Runtime } from '../context.js';
import { integer } from '../parse.js';
import { GROUP, MEMBER } from '../records.js';
import { groupId, requireOperation, userRef, type UserRefOptions } from '../refs.js';

/** `--user <id>` / `--extension <number>` / `--email <address>`: the user a command acts on. */
export function userRefOptions(command: Command): Command {
  return command
    .option('--user <id>', 'the user, by id')
    .option('--extension <number>', 'the user, by extension number')
    .option('--email <address>', 'the user, by email address');
}

const GROUP_ARG = 'group id or name';

export function registerGroups(program: Command, rt: Runtime): void {
  const groups = program.command('groups').description('groups: teams, ring groups, queues, as the vendor has them');

  groups
    .command('list')
    .description('list the groups')
    .option('--limit <n>', 'stop after n groups', integer(1, Number.MAX_SAFE_INTEGER))
    .action((options: { limit?: number }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        await out.list(client.groups.list(rt.call), GROUP, options.limit);
      }),
    );

  groups
    .command('delete')
    .description('delete a group (asks first on a terminal; --yes in scripts)')
    .argument('<group>', GROUP_ARG)
    .option('-y, --yes', 'delete without asking (required when stdin is not a terminal)')
    .action((ref: string, _options: object, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'groups.delete');
        await rt.confirm(command, `delete group ${ref} on ${rt.connection?.profile ? `profile ${rt.connection.profile}` : rt.connection?.baseUrl ?? 'the PBX'}?`);
        const id = await groupId(client, ref, rt.call);
        await client.groups.delete(id, rt.call);
        await out.result(`deleted group ${ref}`, { operation: 'groups.delete', id, ok: true });
      }),
    );

  groups
    .command('get')
    .description('show one group')
    .argument('<group>', GROUP_ARG)
    .action((ref: string, _options: object, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'groups.get');
        await out.item(await client.groups.get(await groupId(client, ref, rt.call), rt.call), GROUP);
      }),
    );

  groups
    .command('members')
    .description("list a group's members")
    .argument('<group>', GROUP_ARG)
    .option('--limit <n>', 'stop after n members', integer(1, Number.MAX_SAFE_INTEGER))
    .action((ref: string, options: { limit?: number }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'groups.members.list');
        const members = client.groups.members.list(await groupId(client, ref, rt.call), rt.call);
        await out.list(members, MEMBER, options.limit);
      }),
    );

  userRefOptions(
    groups
      .command('add-member')
      .description('add a user to a group (adding a member twice is not an error)')
      .argument('<group>', GROUP_ARG),
  ).action((ref: string, options: UserRefOptions, command: Command) =>
    rt.withClient(command, async (client, out) => {
      requireOperation(client, 'groups.members.add'); // before any lookup
      const id = await groupId(client, ref, rt.call);
      const user = await userRef(client, options, rt.call);
      await client.groups.members.add(id, user, rt.call);
      await out.result(`added ${describe(user)} to group ${ref}`, { operation: 'groups.members.add', groupId: id, ...plainRef(user), ok: true });
    }),
  );

  userRefOptions(
    groups
      .command('remove-member')
      .description('remove a user from a group (removing a non-member is not an error)')
      .argument('<group>', GROUP_ARG),
  ).action((ref: string, options: UserRefOptions, command: Command) =>
    rt.withClient(command, async (client, out) => {
      requireOperation(client, 'groups.members.remove');
      const id = await groupId(client, ref, rt.call);
      const user = await userRef(client, options, rt.call);
      await client.groups.members.remove(id, user, rt.call);
      await out.result(`removed ${describe(user)} from group ${ref}`, { operation: 'groups.members.remove', groupId: id, ...plainRef(user), ok: true });
    }),
  );
}

/** How a user reference reads in a sentence. */
export function describe(user: { id?: string | undefined; extension?: string | undefined }): string {
  return user.extension !== undefined ? `extension ${user.extension}` : `user ${user.id}`;
}

/** The id and extension of a reference (a full User carries more, which a result does not need). */
export function plainRef(user: { id?: string | undefined; extension?: string | undefined }): { userId?: string; extension?: string } {
  return { ...(user.id !== undefined ? { userId: user.id } : {}), ...(user.extension !== undefined ? { extension: user.extension } : {}) };
}
