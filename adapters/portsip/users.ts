/** PortSIP users: `/api/users` with skip/top paging, OData filter lookups, POST writes and `…/destroy`. */
import { createReconciled } from '../../core/create.js';
import { PartialFailureError, ValidationError, isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { User } from '../../core/model.js';
import type { NewUser, UserPort } from '../../core/port.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { eq } from './filter.js';
import { listPage } from './list.js';
import { VENDOR, createSecrets, toUser, userCreateBody, userUpdateBody } from './map.js';
import { voicemailPinProblems } from './policy.js';
import { WireCreated, WireUser, rawListOf } from './wire.js';

const UserReply = keepRaw(WireUser);
const UserList = rawListOf(WireUser);

/** PortSIP's own rules, checked before sending (the unified schema is more permissive). */
export function checkNewUser(input: NewUser): void {
  const issues = [
    ...(/^[0-9]{3,64}$/.test(input.extension) ? [] : [{ field: 'extension', message: 'PortSIP extensions are 3 to 64 digits' }]),
    // The PIN policy is fixed (the password policies are per tenant: PortSIP checks those).
    ...(input.voicemailPin === undefined ? [] : voicemailPinProblems(input.voicemailPin).map((p) => ({ field: 'voicemailPin', message: `a PortSIP voicemail PIN ${p}` }))),
  ];
  if (issues.length) {
    throw new ValidationError(`${VENDOR} users.create: ${issues.map((i) => i.message).join('; ')}`, issues, 'client', { vendor: VENDOR, operation: 'users.create' });
  }
}

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


  /** The role has its own endpoint (`POST /users/{id}/role`); after the fields were written, its failure is a partial one. */
  const changeRole = async (id: string, role: string, afterFields: boolean, ctx: RequestContext): Promise<void> => {
    try {
      await kernel.send({ operation: 'users.update', method: 'POST', path: path`users/${id}/role`, json: { role }, idempotent: true }, ctx);
    } catch (error) {
      if (!afterFields || !isPbxError(error)) throw error;
      throw new PartialFailureError(`${VENDOR} users.update: the fields of user ${id} were changed, but its role was not (${error.code})`, ['fields'], ['role'], { vendor: VENDOR, operation: 'users.update', cause: error }, id);
    }
  };
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

    async create(input, ctx, returning) {
      checkNewUser(input);
      const secrets = createSecrets(input);
      kernel.redactor.add(secrets.password, secrets.extensionPassword, secrets.voicemailPin);
      // The extension is the natural key: after an unknown outcome, look it up before trying again.
      const created = await createReconciled(
        {
          create: async (c) => {
            const { id } = await sendParsed(kernel, { operation: 'users.create', method: 'POST', path: 'users', json: userCreateBody(input, secrets) }, WireCreated, c, 'create reply');
            return id;
          },
          find: async (c) => (await findByExtension(input.extension, c, 'users.create'))?.id ?? null,
        },
        ctx,
      );
      if (returning === 'none') return { id: created };
      try {
        return await get(created, ctx, 'users.create');
      } catch (error) {
        if (!isPbxError(error)) throw error;
        throw new PartialFailureError(
          `${VENDOR} users.create: user ${created} was created, but reading it back failed (${error.code})`,
          ['create'],
          ['read back'],
          { vendor: VENDOR, operation: 'users.create', cause: error },
          created,
        );
      }
    },

    async update(id, changes, ctx, returning) {
      // Setting fields to given values: safe to repeat, so the kernel may retry it.
      const { role, ...fields } = changes;
      const hasFields = Object.values(fields).some((v) => v !== undefined);
      if (hasFields) await kernel.send({ operation: 'users.update', method: 'POST', path: path`users/${id}`, json: userUpdateBody(fields), idempotent: true }, ctx);
      if (role !== undefined) await changeRole(id, role, hasFields, ctx);
      // PortSIP replies 200 with no body: the stored user needs a GET, unless the caller does not want it.
      return returning === 'none' ? { id } : get(id, ctx, 'users.update');
    },

    async delete(id, ctx) {
      await kernel.send({ operation: 'users.delete', method: 'POST', path: path`users/${id}/destroy`, idempotent: true, deletes: true }, ctx);
    },
  };
}
