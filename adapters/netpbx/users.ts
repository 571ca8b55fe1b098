/**
 * NetPBX users: `api/v1/users` (no paging), native lookups by email and extension, and the
 * update fanned out to up to three PUTs — `/name`, `/email`, `/mobilenumber`, always in that
 * order, each only when the patch touches it — followed by a GET of the stored user.
 */
import { PartialFailureError, UnsupportedOperationError, ValidationError, isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import { E164Schema, type Returning, type WriteAck } from '../../core/inputs.js';
import type { User } from '../../core/model.js';
import { fetchPage, type Page, type PageRequest } from '../../core/paging.js';
import type { UserChanges, UserPort } from '../../core/port.js';
import { applyInOrder, type WriteStep } from '../../core/steps.js';
import { keepRaw, parseWire, sendParsed } from '../../core/wire.js';
import { isRouteMiss, routeMissing } from './errors.js';
import { VENDOR, emailBody, mobileBody, nameBody, phoneDigits, toUser } from './map.js';
import { WireUser, arrayOf } from './wire.js';

const UserReply = keepRaw(WireUser);
const UserList = arrayOf(keepRaw(WireUser));

/** Largest page the unified API asks for; NetPBX lists are cut client-side anyway. */
export const PAGE_MAX = 1000;

/**
 * One page of a list NetPBX returns whole: every page is one GET of the whole list, sliced
 * at the cursor's offset (the list may shift between pages if it changes meanwhile).
 */
export function slicedPage<W, T>(request: PageRequest, fetchAll: () => Promise<readonly W[]>, map: (item: W) => T): Promise<Page<T>> {
  return fetchPage(
    {
      style: 'offset',
      maxPageSize: PAGE_MAX,
      fetch: async ({ offset, size }) => {
        const all = await fetchAll();
        return { items: all.slice(offset, offset + size), total: all.length };
      },
      map,
    },
    request,
  );
}

/** `users/email` and `users/extension` are routes of their own: such an id would reach them instead of a user. */
const RESERVED_IDS: ReadonlySet<string> = new Set(['email', 'extension']);

/** Refuses an id that would reach a lookup route instead of a user (before anything is sent). */
function checkId(id: string, operation: string): void {
  if (!RESERVED_IDS.has(id.toLowerCase())) return;
  throw new ValidationError(`${VENDOR} ${operation}: "${id}" cannot be a NetPBX user id (api/v1/users/${id} is a lookup route)`, [
    { field: 'id', message: 'reserved by the NetPBX routes' },
  ], 'client', { vendor: VENDOR, operation });
}

export type NetPbxUsers = Required<Pick<UserPort, 'list' | 'get' | 'findByEmail' | 'findByExtension' | 'update'>>;

export function netpbxUsers(kernel: HttpKernel): NetPbxUsers {
  const get = async (id: string, ctx: RequestContext, operation = 'users.get'): Promise<User> => {
    checkId(id, operation);
    const { wire, raw } = await sendParsed(kernel, { operation, method: 'GET', path: path`users/${id}` }, UserReply, ctx, 'user');
    return toUser(wire, raw);
  };

  /**
   * A lookup route: the user, or null on 404 (or an empty / `null` reply). ASP.NET's route-miss
   * 404 is not "no such user" but a wrong base URL or a server without the route: an error.
   */
  const lookup = async (operation: string, route: 'email' | 'extension', value: string, ctx: RequestContext): Promise<User | null> => {
    let response;
    try {
      response = await kernel.send({ operation, method: 'GET', path: path`users/${route}`, query: { [route]: value } }, ctx);
    } catch (error) {
      if (isRouteMiss(error)) throw routeMissing(`users/${route}`, operation, error);
      if (isPbxError(error, 'NOT_FOUND')) return null;
      throw error;
    }
    if (response.body === undefined || response.body === null) return null;
    const { wire, raw } = parseWire(UserReply, response.body, {
      vendor: VENDOR,
      operation,
      status: response.status,
      what: 'user',
      redact: (text) => kernel.redactor.text(text),
    });
    return toUser(wire, raw);
  };

  const put = (operation: string, id: string, part: 'name' | 'email' | 'mobilenumber', json: object, ctx: RequestContext) =>
    // Sets absolute values: repeating it is harmless, so the kernel may retry it.
    kernel.send({ operation, method: 'PUT', path: path`users/${id}/${part}`, json }, ctx).then(() => undefined);

  async function update(id: string, changes: UserChanges, ctx: RequestContext, returning?: Returning): Promise<User | WriteAck> {
    const operation = 'users.update';
    const context = { vendor: VENDOR, operation };
    checkId(id, operation);
    if (changes.mobile !== undefined && !E164Schema.safeParse(changes.mobile).success) {
      // The facade validates this already; an adapter used directly must not send it either.
      throw new ValidationError(`${VENDOR} ${operation}: mobile must be an E.164 number like +46701234567`, [{ field: 'mobile', message: 'not E.164' }], 'client', context);
    }
    const refused = (['displayName', 'enabled', 'department'] as const).filter((field) => changes[field] !== undefined);
    if (refused.length) {
      // The facade refuses these from the manifest's `fields`; an adapter used directly must not drop them silently.
      const reason = `the NetPBX Web API cannot set ${refused.join(', ')}`;
      throw new UnsupportedOperationError(`${VENDOR} cannot do ${operation} with ${refused.join(', ')}: ${reason}`, reason, context);
    }

    const steps: WriteStep[] = [];
    const { firstName, lastName, email, mobile } = changes;
    if (firstName !== undefined || lastName !== undefined) {
      const fields = [...(firstName !== undefined ? ['firstName'] : []), ...(lastName !== undefined ? ['lastName'] : [])];
      // `/name` sets both names: when the patch has only one, the other is read first and sent unchanged.
      let other: { firstName?: string; lastName?: string } = {};
      if (firstName === undefined || lastName === undefined) {
        const current = await get(id, ctx, operation);
        other = { firstName: current.firstName ?? '', lastName: current.lastName ?? '' };
      }
      steps.push({
        label: 'PUT …/name',
        fields,
        run: () => put(operation, id, 'name', nameBody(firstName ?? other.firstName ?? '', lastName ?? other.lastName ?? ''), ctx),
      });
    }
    if (email !== undefined) steps.push({ label: 'PUT …/email', fields: ['email'], run: () => put(operation, id, 'email', emailBody(email), ctx) });
    if (mobile !== undefined) steps.push({ label: 'PUT …/mobilenumber', fields: ['mobile'], run: () => put(operation, id, 'mobilenumber', mobileBody(mobile), ctx) });

    const applied = await applyInOrder(steps, { ...context, resourceId: id });

    // The read-back verifies a mobile number (below); without one, a caller who wants no result needs no GET.
    if (returning === 'none' && mobile === undefined) return { id };
    // Every PUT was applied; a failing read-back is just that read's error (repeating the update is safe).
    const stored = await get(id, ctx, operation);
    // "Not affecting MEX users": NetPBX may accept a mobile number and keep the old one. Never report that as done.
    if (mobile !== undefined && phoneDigits(stored.mobile) !== phoneDigits(mobile)) {
      const others = applied.filter((field) => field !== 'mobile');
      throw new PartialFailureError(
        `${VENDOR} ${operation}: NetPBX accepted the mobile number but did not store it (it does not change MEX users' mobile numbers)` +
          (others.length ? `; ${others.join(', ')} changed` : ''),
        others,
        ['mobile'],
        context,
        id,
      );
    }
    return stored;
  }

  return {
    list: (page, ctx) =>
      slicedPage(
        page,
        async () => sendParsed(kernel, { operation: 'users.list', method: 'GET', path: 'users' }, UserList, ctx, 'user list'),
        ({ wire, raw }) => toUser(wire, raw),
      ),
    get: (id, ctx) => get(id, ctx),
    findByEmail: (email, ctx) => lookup('users.findByEmail', 'email', email, ctx),
    findByExtension: (extension, ctx) => lookup('users.findByExtension', 'extension', extension, ctx),
    update,
  };
}
