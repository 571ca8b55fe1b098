/** PortSIP user writes: `POST /api/users` (reconciled by extension), `POST /api/users/{id}` (+ its role), `POST …/destroy`. */
import { createReconciled } from '../../core/create.js';
import { PartialFailureError, ValidationError, isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { User } from '../../core/model.js';
import type { NewUser, UserPort } from '../../core/port.js';
import { sendParsed } from '../../core/wire.js';
import { VENDOR } from './map.js';
import { createSecrets, userCreateBody, userUpdateBody } from './map-user-write.js';
import { voicemailPinProblems } from './policy.js';
import { WireCreated } from './wire.js';

/** The write methods of PortSIP's user port. */
export type UserWrites = Pick<Required<UserPort>, 'create' | 'update' | 'delete'>;

/** The reads the writes build on (from `users.ts`): the read-back and the lookup by natural key. */
export interface UserReads {
  get(id: string, ctx: RequestContext, operation?: string): Promise<User>;
  findByExtension(extension: string, ctx: RequestContext, operation?: string): Promise<User | null>;
}

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

/** PortSIP's user writes over `kernel`. */
export function portsipUserWrites(kernel: HttpKernel, { get, findByExtension }: UserReads): UserWrites {
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
