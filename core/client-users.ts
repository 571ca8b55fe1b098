/**
 * The facade's user writes (`users.create`, `users.update`) and `users.presence`, loaded at
 * the first call of any of them (`client.ts` forwards through `lazyPort`), like the group and
 * queue operations: a client that only reads does not load or bundle them up front.
 */
import type { UsersApi } from './client.js';
import type { ClientChecks } from './client-checks.js';
import { checkAccepted, definedKeys } from './client-write-checks.js';
import type { RequestContext } from './http/context.js';
import { parseInput, type WriteAck, type WriteOptions } from './inputs.js';
import { PresenceIdsSchema, ReturningSchema, UserCreateInputSchema, UserPatchSchema } from './inputs-users.js';
import type { User } from './model.js';

/** `users.create`, `users.update` and `users.presence`. */
export type UserCalls = Pick<UsersApi, 'create' | 'update' | 'presence'>;

/** The user writes and presence of a client. */
export function userCalls(c: ClientChecks): UserCalls {
  const { vendor, adapter } = c;
  const { users } = adapter;
  const returningOf = (options: WriteOptions | undefined, operation: 'users.create' | 'users.update') =>
    options?.returning === undefined ? 'representation' : parseInput(ReturningSchema, options.returning, 'options.returning', { vendor, operation });

  /** A write's result as asked: `{ id }` only, or the stored user (read back when an adapter gave only the id). */
  async function written(result: User | WriteAck, returning: 'representation' | 'none', ctx: RequestContext): Promise<User | WriteAck> {
    if (returning === 'none') return { id: result.id };
    if ('raw' in result) return result;
    return c.implementation('users.get', users.get, users)(result.id, ctx);
  }

  return {
    create: ((input: unknown, options?: WriteOptions) =>
      c.run(
        'users.create',
        options,
        async (ctx) => {
          const fn = c.implementation('users.create', users.create, users);
          const valid = parseInput(UserCreateInputSchema, input, 'input', { vendor, operation: 'users.create' });
          checkAccepted(c, 'users.create', 'fields', definedKeys(valid));
          const returning = returningOf(options, 'users.create');
          return written(await fn(valid, ctx, returning), returning, ctx);
        },
        WRITE_KEYS,
      )) as UsersApi['create'],
    update: ((userId: string, patch: unknown, options?: WriteOptions) =>
      c.run(
        'users.update',
        options,
        async (ctx) => {
          const fn = c.implementation('users.update', users.update, users);
          const valid = parseInput(UserPatchSchema, patch, 'patch', { vendor, operation: 'users.update' });
          checkAccepted(c, 'users.update', 'fields', definedKeys(valid));
          const returning = returningOf(options, 'users.update');
          return written(await fn(c.id(userId, 'users.update'), valid, ctx, returning), returning, ctx);
        },
        WRITE_KEYS,
      )) as UsersApi['update'],
    presence: (userIds, options) =>
      c.run('users.presence', options, (ctx) => {
        const fn = c.implementation('users.presence', adapter.presence?.get, adapter.presence ?? {});
        return fn(parseInput(PresenceIdsSchema, userIds, 'userIds', { vendor, operation: 'users.presence' }), ctx);
      }),
  };
}

/** Options a write takes besides the call options. */
const WRITE_KEYS = ['returning'];
