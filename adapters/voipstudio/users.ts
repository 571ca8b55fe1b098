/**
 * VoIPStudio users: `/users` with page/limit paging, lookups through the JSON `filter`,
 * `PATCH /users/{id}` and `DELETE /users/{id}`. Users cannot be created through the API.
 */
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { User } from '../../core/model.js';
import type { Page, PageRequest } from '../../core/paging.js';
import type { UserPort } from '../../core/port.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { condition, filterParam, type Condition } from './filter.js';
import { listPage as collectionPage } from './list.js';
import { toUser, userPatchBody } from './map.js';
import { WireUser, dataOf, rawListOf, type WireUser as WireUserType } from './wire.js';

/** Users are paged in id order, so pages stay stable while users are added. */
const USER_ORDER = { sort: 'id', dir: 'ASC' } as const;

const UserReply = dataOf(keepRaw(WireUser));
const UserList = rawListOf(WireUser);

export type RawUser = { readonly wire: WireUserType; readonly raw: Record<string, unknown> };

export interface VoipStudioUsers extends Required<Omit<UserPort, 'create'>> {
  /** `GET /users/{id}` for another operation. */
  read(id: string, ctx: RequestContext, operation: string): Promise<User>;
  /** One page of `GET /users` (wire form), for operations that walk the user list. */
  listPage(page: PageRequest, ctx: RequestContext, operation: string): Promise<Page<RawUser>>;
  findByExtension(extension: string, ctx: RequestContext, operation?: string): Promise<User | null>;
}

export function voipstudioUsers(kernel: HttpKernel): VoipStudioUsers {
  const read = async (id: string, ctx: RequestContext, operation: string): Promise<User> => {
    const { data } = await sendParsed(kernel, { operation, method: 'GET', path: path`users/${id}` }, UserReply, ctx, 'user');
    return toUser(data.wire, data.raw);
  };

  const listPage = (page: PageRequest, ctx: RequestContext, operation: string): Promise<Page<RawUser>> =>
    collectionPage(kernel, { operation, path: 'users', schema: UserList, what: 'user list', order: USER_ORDER, map: (item: RawUser) => item }, page, ctx);

  /** The first user matching `where`, re-checked client-side with `matches`. */
  const findOne = async (operation: string, where: Condition, matches: (user: User) => boolean, ctx: RequestContext): Promise<User | null> => {
    const query = { filter: filterParam(where) as string, page: 1, limit: 2 };
    const body = await sendParsed(kernel, { operation, method: 'GET', path: 'users', query }, UserList, ctx, 'user list');
    return body.data.map(({ wire, raw }) => toUser(wire, raw)).find(matches) ?? null;
  };

  const findByExtension = (extension: string, ctx: RequestContext, operation = 'users.findByExtension') =>
    findOne(operation, condition('ext', 'eq', extension), (u) => u.extension === extension, ctx);

  return {
    read,
    listPage,

    async list(page, ctx) {
      const result = await listPage(page, ctx, 'users.list');
      return { ...result, items: result.items.map(({ wire, raw }) => toUser(wire, raw)) };
    },

    get: (id, ctx) => read(id, ctx, 'users.get'),

    findByEmail: (email, ctx) =>
      findOne('users.findByEmail', condition('email', 'eq', email), (u) => u.email?.toLowerCase() === email.toLowerCase(), ctx),

    findByExtension,

    async update(id, changes, ctx, returning) {
      // Sets the given values: safe to repeat, so the kernel may retry it.
      const response = await kernel.send({ operation: 'users.update', method: 'PATCH', path: path`users/${id}`, json: userPatchBody(changes), idempotent: true }, ctx);
      const reply = UserReply.safeParse(response.body);
      // The reply is the stored user; when it is missing (204) or not one, read it back.
      if (reply.success && reply.data.data.wire.id === id) return toUser(reply.data.data.wire, reply.data.data.raw);
      return returning === 'none' ? { id } : read(id, ctx, 'users.update');
    },

    async delete(id, ctx) {
      await kernel.send({ operation: 'users.delete', method: 'DELETE', path: path`users/${id}`, deletes: true }, ctx);
    },
  };
}

