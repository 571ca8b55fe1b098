/** The Acme PBX adapter: a bearer API key, cursor paging through `next` links, and updates by read + full PUT + verifying read. */
import * as z from 'zod';
import {
  SessionCache, SessionSigner, createKernel, createReconciled, fetchCursorPage, followLink, parseVendorOptions, path, readModifyWrite, sendParsed, sendRaw, staticSession,
  type ConnectionOptions, type PbxAdapter, type RequestContext, type User, type UserPort,
} from 'unipbx/adapter-kit';
import { ACME_CAPABILITIES } from './capabilities.js';
import { ExtensionPage, ExtensionReply, VENDOR, parseAcmeError, toUser, toWire } from './wire.js';

/** Options of `createAcme` / `createPbx({ vendor: 'acme' })`. */
export interface AcmeOptions extends ConnectionOptions {
  /** API root, e.g. `https://pbx.acme.example/v2`. */
  readonly baseUrl: string;
  readonly credentials: { readonly apiKey: string };
}

type Stored = { readonly user: User; readonly raw: Record<string, unknown> };

/** Acme keeps emails as given; the unified API compares them case-insensitively. */
const same = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);

const AcmeOptionsSchema = z.object({ credentials: z.strictObject({ apiKey: z.string().min(1) }) });

export function createAcmeAdapter(input: AcmeOptions): PbxAdapter {
  const options = parseVendorOptions(VENDOR, AcmeOptionsSchema, input);
  const baseUrl = `${options.baseUrl.replace(/\/+$/, '')}/`;
  const kernel = createKernel(VENDOR, options, { baseUrl, parseError: parseAcmeError, secrets: [options.credentials.apiKey] });
  const sessions = new SessionCache(staticSession(options.credentials.apiKey), { redactor: kernel.redactor });
  kernel.useSigner(new SessionSigner(sessions, (session) => ({ authorization: `Bearer ${session.token}` })));

  const read = async (id: string, ctx: RequestContext, operation: string): Promise<Stored> => {
    const { wire, raw } = await sendParsed(kernel, { operation, method: 'GET', path: path`extensions/${id}` }, ExtensionReply, ctx, 'extension');
    return { user: toUser(wire, raw), raw };
  };

  /** The first extension matching `query` (Acme filters lists by exact `number` or `email`). */
  const findOne = async (operation: string, query: Record<string, string>, ctx: RequestContext): Promise<User | null> => {
    const page = await sendParsed(kernel, { operation, method: 'GET', path: 'extensions', query: { ...query, limit: 1 } }, ExtensionPage, ctx, 'extension list');
    const first = page.data[0];
    return first ? toUser(first.wire, first.raw) : null;
  };

  const users: Required<UserPort> = {
    list: (page, ctx) =>
      fetchCursorPage(
        {
          maxPageSize: 100,
          fetch: async ({ next, size }) => {
            const request = next ? followLink(next, baseUrl, { vendor: VENDOR, operation: 'users.list' }) : { path: 'extensions', query: { limit: String(size) } };
            const body = await sendParsed(kernel, { operation: 'users.list', method: 'GET', ...request }, ExtensionPage, ctx, 'extension list');
            return { items: body.data, next: body.next };
          },
          map: ({ wire, raw }) => toUser(wire, raw),
        },
        page,
      ),
    get: async (id, ctx) => (await read(id, ctx, 'users.get')).user,
    findByEmail: (email, ctx) => findOne('users.findByEmail', { email }, ctx),
    findByExtension: (extension, ctx) => findOne('users.findByExtension', { number: extension }, ctx),
    // A create whose outcome is unknown (reset, timeout) is looked up by its number before it is tried again.
    create: (input, ctx) =>
      createReconciled(
        {
          create: async (c) => {
            const { wire, raw } = await sendParsed(kernel, { operation: 'users.create', method: 'POST', path: 'extensions', json: { role: 'member', enabled: true, ...toWire(input) } }, ExtensionReply, c, 'extension');
            return toUser(wire, raw);
          },
          find: (c) => findOne('users.create', { number: input.extension }, c),
        },
        ctx,
      ),
    // PUT replaces the whole record: read it, apply the patch, write it back, and verify with a fresh read.
    update: async (id, changes, ctx) => {
      const applied = ({ user }: Stored) => Object.entries(changes).every(([field, value]) => value === undefined || same(user[field as keyof User], value));
      let stored: Stored | undefined;
      await readModifyWrite<Stored>(
        {
          vendor: VENDOR,
          operation: 'users.update',
          key: `acme:${baseUrl}:extensions:${id}`,
          read: async (c) => (stored = await read(id, c, 'users.update')),
          // The whole record without its id (JSON drops undefined), the patch applied: fields it does not name are sent unchanged.
          modify: (current) => (applied(current) ? undefined : { ...current, raw: { ...current.raw, id: undefined, ...toWire(changes) } }),
          write: async ({ raw }, c) => {
            await kernel.send({ operation: 'users.update', method: 'PUT', path: path`extensions/${id}`, json: raw }, c);
          },
          verify: applied,
        },
        ctx,
      );
      return stored!.user;
    },
    delete: async (id, ctx) => {
      await kernel.send({ operation: 'users.delete', method: 'DELETE', path: path`extensions/${id}`, deletes: true }, ctx);
    },
  };

  return {
    vendor: VENDOR,
    capabilities: ACME_CAPABILITIES,
    users,
    ...{ groups: {}, queues: {}, cdrs: {} },
    request: (request, ctx) => sendRaw(kernel, request, ctx),
    close: async () => sessions.clear(),
  };
}
