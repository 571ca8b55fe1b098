/** PortSIP users: `/api/users` with skip/top paging and OData filter lookups; the writes (POST, `…/destroy`) are in `users-write.ts`. */
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import { lazyPort } from '../../core/lazy-port.js';
import type { User } from '../../core/model.js';
import type { UserPort } from '../../core/port.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { eq } from './filter.js';
import { listPage } from './list.js';
import { toUser } from './map.js';
import type { UserWrites } from './users-write.js';
import { WireUser, rawListOf } from './wire.js';

const UserReply = keepRaw(WireUser);
const UserList = rawListOf(WireUser);
const USER_WRITES = { create: true, update: true, delete: true } as const;

export function portsipUsers(kernel: HttpKernel): Required<UserPort> {
  const get = async (id: string, ctx: RequestContext, operation = 'users.get'): Promise<User> => {
    const { wire, raw } = await sendParsed(kernel, { operation, method: 'GET', path: path`users/${id}` }, UserReply, ctx, 'user');
    return toUser(wire, raw);
  };

  /** The first user matching an OData filter, re-checked client-side. */
  const findOne = async (operation: string, filter: string, matches: (user: User) => boolean, ctx: RequestContext): Promise<User | null> => {
    const body = await sendParsed(kernel, { operation, method: 'GET', path: 'users', query: { filter, skip: 0, top: 2 } }, UserList, ctx, 'user list');
    const found = body.items.map(({ wire, raw }) => toUser(wire, raw)).find(matches);
    return found ?? null;
  };

  const findByExtension = (extension: string, ctx: RequestContext, operation = 'users.findByExtension') =>
    findOne(operation, eq('extension_number', extension), (u) => u.extension === extension, ctx);

  return {
    list: (page, ctx) => listPage(kernel, { operation: 'users.list', path: 'users', schema: UserList, what: 'user list', map: ({ wire, raw }) => toUser(wire, raw) }, page, ctx),

    get,

    async findByEmail(email, ctx) {
      const matches = (u: User) => u.email?.toLowerCase() === email.toLowerCase();
      const found = await findOne('users.findByEmail', eq('email', email), matches, ctx);
      // Only the simulator is known to compare `email eq` case-insensitively: a mixed-case address
      // that finds nothing is tried once more in lower case, the form most addresses are stored in.
      const lower = email.toLowerCase();
      return found ?? (lower === email ? null : findOne('users.findByEmail', eq('email', lower), matches, ctx));
    },

    findByExtension: (extension, ctx) => findByExtension(extension, ctx),

    // The writes load at the first write (users-write.ts): a client that only reads does not carry them.
    ...lazyPort<UserWrites>(() => import('./users-write.js').then((m) => m.portsipUserWrites(kernel, { get, findByExtension })), USER_WRITES),
  };
}
