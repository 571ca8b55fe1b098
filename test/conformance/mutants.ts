/**
 * Seeded adapter bugs for the mutation check (test/conformance/mutation.test.ts). Each
 * mutant is a copy of a built-in adapter, built from the vendor's own factory, with one bug
 * of a kind real adapters have: a decorator around the adapter object (how the adapter
 * maps errors, pages, forwards the call context or builds write bodies) or a change to the
 * options it builds its kernel with. The conformance suite must catch them.
 */
import { UnsupportedOperationError, VendorError, isPbxError, type CapabilityManifest, type PbxAdapter, type VendorId } from 'unipbx';
import type { PortSipOptions } from 'unipbx';
import type { NewUser } from '../../core/port.js';
import { createSecrets, userCreateBody } from '../../adapters/portsip/map-user-write.js';

type Options = PortSipOptions & { readonly vendor?: string };

export interface Mutant {
  readonly id: string;
  /** The bug, as an adapter author would have written it. */
  readonly bug: string;
  readonly vendor: VendorId;
  /** Changes the options the adapter builds its kernel with. */
  readonly options?: (options: Options) => Options;
  /** Changes the manifest the adapter (and its vendor definition) declares. */
  readonly capabilities?: (manifest: CapabilityManifest) => CapabilityManifest;
  /** Changes the adapter object. */
  readonly adapter?: (adapter: PbxAdapter, options: Options) => PbxAdapter;
}

type Method = (...args: unknown[]) => Promise<unknown>;
const RESOURCES = ['users', 'groups', 'queues', 'cdrs'] as const;

/** The adapter with every operation (resource methods, whoami, request) wrapped by `wrap`. */
function wrapAll(adapter: PbxAdapter, wrap: (fn: Method, name: string) => Method): PbxAdapter {
  const out: Record<string, unknown> = { ...adapter };
  for (const resource of RESOURCES) {
    const port = adapter[resource] as unknown as Record<string, Method>;
    out[resource] = Object.fromEntries(Object.entries(port).map(([name, fn]) => [name, typeof fn === 'function' ? wrap(fn.bind(port), `${resource}.${name}`) : fn]));
  }
  if (adapter.whoami) out['whoami'] = wrap(adapter.whoami.bind(adapter) as Method, 'whoami');
  return out as unknown as PbxAdapter;
}

/** The adapter with `users` methods replaced. */
function withUsers(adapter: PbxAdapter, users: Partial<PbxAdapter['users']>): PbxAdapter {
  return { ...adapter, users: { ...adapter.users, ...users } };
}

/** Replaces the last argument (the request context) of every call. */
const stripContext = (keep: (ctx: Record<string, unknown>) => Record<string, unknown>) => (adapter: PbxAdapter) =>
  wrapAll(adapter, (fn) => (...args) => fn(...args.slice(0, -1), keep((args.at(-1) ?? {}) as Record<string, unknown>)));

const secretOf = (options: Options): string => {
  const credentials = options.credentials as Record<string, string>;
  return credentials['password'] ?? credentials['token'] ?? '';
};

export const MUTANTS: readonly Mutant[] = [
  {
    id: 'not-found-as-vendor-error',
    bug: 'maps the vendor\'s 404 to a generic VendorError instead of NotFoundError',
    vendor: 'portsip',
    adapter: (a) =>
      wrapAll(a, (fn, operation) => async (...args) => {
        try {
          return await fn(...args);
        } catch (error) {
          if (isPbxError(error, 'NOT_FOUND')) throw new VendorError(error.message, { vendor: a.vendor, operation, ...(error.status ? { status: error.status } : {}) });
          throw error;
        }
      }),
  },
  {
    id: 'ignored-cursor',
    bug: 'users.list ignores the cursor and always fetches the first page',
    vendor: 'portsip',
    adapter: (a) => withUsers(a, { list: (page, ctx) => a.users.list!({ ...page, cursor: undefined }, ctx) }),
  },
  {
    id: 'ignores-signal-and-timeout',
    bug: 'does not forward the call context: the caller\'s signal, timeoutMs and deadline never reach the kernel',
    vendor: 'portsip',
    adapter: stripContext(() => ({})),
  },
  {
    id: 'drops-deadline',
    bug: 'forwards the signal and timeout but builds a context without the call\'s deadline',
    vendor: 'portsip',
    adapter: stripContext(({ deadlineAt: _deadline, ...rest }) => rest),
  },
  {
    id: 'put-replace-update',
    bug: 'update sends the whole record built from the patch (PUT replace): fields the patch does not name are sent empty',
    vendor: 'portsip',
    adapter: (a) => withUsers(a, { update: (id, changes, ctx) => a.users.update!(id, { mobile: '', department: '', ...changes }, ctx) }),
  },
  {
    id: 'create-drops-department',
    bug: 'create\'s body mapping forgets department',
    vendor: 'portsip',
    adapter: (a) => withUsers(a, { create: (input, ctx) => a.users.create!({ ...input, department: undefined }, ctx) }),
  },
  {
    id: 'update-resets-enabled',
    bug: 'update always sends enabled: true (a default in the body builder)',
    vendor: 'portsip',
    adapter: (a) => withUsers(a, { update: (id, changes, ctx) => a.users.update!(id, { enabled: true, ...changes }, ctx) }),
  },
  {
    id: 'no-retry-on-503',
    bug: 'builds its kernel with retries off (maxRetries: 0), so a 503 or a reset fails the call',
    vendor: 'portsip',
    options: (o) => ({ ...o, retry: { ...o.retry, maxRetries: 0 } }),
  },
  {
    id: 'blind-create-retry',
    bug: 'sends the create POST marked idempotent, so the kernel repeats it after a reset instead of reconciling',
    vendor: 'portsip',
    adapter: (a) =>
      withUsers(a, {
        async create(input: NewUser, ctx) {
          const reply = await a.request!({ method: 'POST', path: 'users', body: userCreateBody(input, createSecrets(input)), idempotent: true }, ctx);
          return a.users.get!(String((reply.body as { id: unknown }).id), ctx);
        },
      }),
  },
  {
    id: 'secret-in-error',
    bug: 'appends the login it used to error messages ("…, as admin/<password>") for easier debugging',
    vendor: 'portsip',
    adapter: (a, o) =>
      wrapAll(a, (fn) => async (...args) => {
        try {
          return await fn(...args);
        } catch (error) {
          if (error instanceof Error) error.message = `${error.message} (as ${secretOf(o)})`;
          throw error;
        }
      }),
  },
  {
    id: 'duplicate-across-pages',
    bug: 'off-by-one offset: each page starts at the previous page\'s last item',
    vendor: 'portsip',
    adapter: (a) =>
      withUsers(a, {
        list: (page, ctx) => {
          const offset = /^offset:(\d+)$/.exec(page.cursor ?? '');
          return a.users.list!({ ...page, ...(offset ? { cursor: `offset:${Math.max(0, Number(offset[1]) - 1)}` } : {}) }, ctx);
        },
      }),
  },
  {
    id: 'unsupported-op-sends-request',
    bug: 'claims users.create, sends the POST, and only then reports it unsupported (the vendor has no such endpoint)',
    vendor: 'voipstudio',
    capabilities: (manifest) => ({ ...manifest, 'users.create': { support: 'native', requests: 1 } }),
    adapter: (a) => ({
      ...withUsers(a, {
        async create(_input, ctx) {
          try {
            await a.request!({ method: 'POST', path: 'users', body: {} }, ctx);
          } catch {
            /* the vendor refuses */
          }
          throw new UnsupportedOperationError('voipstudio cannot do users.create', 'no endpoint', { vendor: a.vendor, operation: 'users.create' });
        },
      }),
      capabilities: { ...a.capabilities, 'users.create': { support: 'native', requests: 1 } },
    }),
  },
  {
    id: 'find-by-email-case-sensitive',
    bug: 'findByEmail compares addresses case-sensitively',
    vendor: 'portsip',
    adapter: (a) =>
      withUsers(a, {
        async findByEmail(email, ctx) {
          const found = await a.users.findByEmail!(email, ctx);
          return found?.email === email ? found : null;
        },
      }),
  },
  {
    id: 'read-drops-mobile',
    bug: 'the read mapping forgets mobile',
    vendor: 'portsip',
    adapter: (a) =>
      withUsers(a, {
        get: async (id, ctx) => {
          const { mobile: _mobile, ...user } = await a.users.get!(id, ctx);
          return user;
        },
      }),
  },
  {
    id: 'ignores-page-size',
    bug: 'users.list ignores pageSize and always asks for 100',
    vendor: 'portsip',
    adapter: (a) => withUsers(a, { list: (page, ctx) => a.users.list!({ ...page, pageSize: 100 }, ctx) }),
  },
];
