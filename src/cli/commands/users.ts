/** `unipbx users list|get|find|create|update|delete` */
import { Option, type Command } from 'commander';
import type { UserCreateInput, UserPatch } from '../../index.js';
import type { Runtime } from '../context.js';
import { notFoundError, registerSecret, usageError } from '../errors.js';
import { integer } from '../parse.js';
import { USER } from '../records.js';

interface UserFieldOptions {
  readonly displayName?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly mobile?: string;
  readonly department?: string;
  readonly enable?: boolean;
  readonly disable?: boolean;
}

/** The options both `create` and `update` take, as input fields (only those given). */
function fields(options: UserFieldOptions): UserPatch {
  return {
    ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
    ...(options.firstName !== undefined ? { firstName: options.firstName } : {}),
    ...(options.lastName !== undefined ? { lastName: options.lastName } : {}),
    ...(options.email !== undefined ? { email: options.email } : {}),
    ...(options.mobile !== undefined ? { mobile: options.mobile } : {}),
    ...(options.department !== undefined ? { department: options.department } : {}),
    ...(options.enable ? { enabled: true } : {}),
    ...(options.disable ? { enabled: false } : {}),
  };
}

function fieldOptions(command: Command, create: boolean): Command {
  return command
    .option('--first-name <text>', 'first name')
    .option('--last-name <text>', 'last name')
    .option('--mobile <e164>', 'mobile number, E.164 (+46701234567)')
    .option('--department <text>', 'department')
    .addOption(new Option('--enable', create ? 'create it enabled (the vendor default otherwise)' : 'enable the user').conflicts('disable'))
    .addOption(new Option('--disable', create ? 'create it disabled' : 'disable the user'));
}

export function registerUsers(program: Command, rt: Runtime): void {
  const users = program.command('users').description('users (extensions) of the PBX');

  users
    .command('list')
    .description('list the users')
    .option('--limit <n>', 'stop after n users', integer(1, Number.MAX_SAFE_INTEGER))
    .option('--page-size <n>', 'users per request (the vendor caps it)', integer(1, 1000))
    .action((options: { limit?: number; pageSize?: number }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        await out.list(client.users.list({ ...rt.call, ...(options.pageSize ? { pageSize: options.pageSize } : {}) }), USER, options.limit);
      }),
    );

  users
    .command('get')
    .description('show one user')
    .argument('<id>', 'user id')
    .action((id: string, _options: object, command: Command) =>
      rt.withClient(command, async (client, out) => {
        await out.item(await client.users.get(id, rt.call), USER);
      }),
    );

  users
    .command('find')
    .description('find the user with an email address or extension number')
    .option('--email <address>', 'email address (case-insensitive)')
    .option('--extension <number>', 'extension number')
    .action((options: { email?: string; extension?: string }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        if ((options.email === undefined) === (options.extension === undefined)) throw usageError('give exactly one of --email and --extension');
        const user =
          options.email !== undefined ? await client.users.findByEmail(options.email, rt.call) : await client.users.findByExtension(options.extension!, rt.call);
        if (!user) {
          throw notFoundError(`no user with ${options.email !== undefined ? `email ${options.email}` : `extension ${options.extension}`}`, '`unipbx users list` shows them');
        }
        await out.item(user, USER);
      }),
    );

  fieldOptions(
    users
      .command('create')
      .description('create a user')
      .requiredOption('--extension <number>', 'extension number')
      .requiredOption('--display-name <text>', 'display name')
      .requiredOption('--email <address>', 'email address')
      .option('--username <text>', 'login name (the vendor derives one otherwise)')
      .option('--role <text>', "role, in the vendor's terms"),
    true,
  )
    .option('--password-env <VAR>', 'read the portal password from this environment variable (the vendor generates one otherwise)')
    .action(
      (
        options: UserFieldOptions & { extension: string; displayName: string; email: string; username?: string; role?: string; passwordEnv?: string },
        command: Command,
      ) =>
        rt.withClient(command, async (client, out) => {
          let password: string | undefined;
          if (options.passwordEnv !== undefined) {
            password = rt.env[options.passwordEnv];
            if (password === undefined) throw usageError(`--password-env ${options.passwordEnv}: the environment variable is not set`);
            registerSecret(password);
          }
          const input: UserCreateInput = {
            ...fields(options),
            extension: options.extension,
            displayName: options.displayName,
            email: options.email,
            ...(options.username !== undefined ? { username: options.username } : {}),
            ...(options.role !== undefined ? { role: options.role } : {}),
            ...(password !== undefined ? { password } : {}),
          };
          await out.item(await client.users.create(input, rt.call), USER);
        }),
    );

  fieldOptions(
    users
      .command('update')
      .description('change fields of a user (only those given)')
      .argument('<id>', 'user id')
      .option('--display-name <text>', 'display name')
      .option('--email <address>', 'email address'),
    false,
  ).action((id: string, options: UserFieldOptions, command: Command) =>
    rt.withClient(command, async (client, out) => {
      await out.item(await client.users.update(id, fields(options), rt.call), USER);
    }),
  );

  users
    .command('delete')
    .description('delete a user (asks first on a terminal; --yes in scripts)')
    .argument('<id>', 'user id')
    .option('-y, --yes', 'delete without asking (required when stdin is not a terminal)')
    .action((id: string, _options: object, command: Command) =>
      rt.withClient(command, async (client, out) => {
        await rt.confirm(command, `delete user ${id} on ${rt.connection?.profile ? `profile ${rt.connection.profile}` : rt.connection?.baseUrl ?? 'the PBX'}?`);
        await client.users.delete(id, rt.call);
        await out.result(`deleted user ${id}`, { operation: 'users.delete', id, ok: true });
      }),
    );
}
