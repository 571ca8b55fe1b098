/** The PortSIP PBX v22 adapter: composes auth, the kernel and the per-resource mappings. */
import * as z from 'zod';
import { SessionCache, SessionSigner, staticSession } from '../../core/auth/session.js';
import { timeoutSignal, type RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import type { User } from '../../core/model.js';
import { lazyPort, lazyPorts, type MethodList } from '../../core/lazy-port.js';
import { lazySchema } from '../../core/lazy-schema.js';
import type { CdrPort, PbxAdapter } from '../../core/port.js';
import { createKernel, parseVendorOptions, sendRaw, type ConnectionOptions } from '../../core/vendor.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { PortSipSessionSource, bearer, type PortSipCredentials, type PortSipLoginMethod } from './auth.js';
import { PORTSIP_CAPABILITIES } from './capabilities.js';
import { parsePortSipError } from './errors.js';
import type { ContactCentrePorts } from './contact-centre.js';
import { VENDOR, toUser } from './map.js';
import { portsipUsers } from './users.js';
import type { PortSipApiVersion } from './version.js';
import { WireUser } from './wire.js';

/** Options of `createPortSip` / `createPbx({ vendor: 'portsip' })`. */
export interface PortSipOptions extends ConnectionOptions {
  /** Server root, e.g. `https://pbx.example.com:8887` (a trailing `/api` is accepted too). */
  readonly baseUrl: string;
  /** Username + password (+ tenant `domain`), or an access token obtained elsewhere. */
  readonly credentials: PortSipCredentials;
  /**
   * Which login endpoint to use: `sign_in` (`POST /api/auth/sign_in`, v22.2+, refreshable),
   * `login` (`POST /api/login`) or `auto` (default: `sign_in`, falling back to `login` on 404).
   */
  readonly loginMethod?: PortSipLoginMethod;
  /**
   * API generation of the PBX: `22.3` uses its bulk status endpoints, `22.0` never does, `auto`
   * (default) reads `GET /api/tenant/status` once per client (see docs/portsip.md).
   */
  readonly apiVersion?: PortSipApiVersion;
}

/** Users per `create_many` request (22.3). */
const CREATE_MANY_SIZE = 100;

const PortSipOptionsSchema = lazySchema(() =>
  z.object({
    credentials: z.union([
      z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1), domain: z.string().min(1).max(280).optional() }),
      z.strictObject({ token: z.string().min(1) }),
    ]),
    loginMethod: z.enum(['auto', 'sign_in', 'login']).optional(),
    apiVersion: z.enum(['auto', '22.0', '22.3']).optional(),
  }),
);

/** `https://host:8887`, `https://host:8887/` and `https://host:8887/api` all mean the API at `/api/`. */
function apiBase(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/\/api$/, '')}/api/`;
}

/** The API base without user info, query or fragment: names the PBX in lock keys without carrying a secret. */
function pbxIdentity(base: string): string {
  const url = new URL(base);
  return `${url.origin}${url.pathname}`;
}

/** Every method of the ports `contact-centre.ts` builds (the compiler checks the lists are complete). */
const CONTACT_CENTRE_METHODS: { readonly [P in keyof ContactCentrePorts]: MethodList<ContactCentrePorts[P]> } = {
  groups: { list: true, get: true, create: true, update: true, delete: true, listMembers: true, addMember: true, removeMember: true },
  queues: { list: true, get: true, agents: true, addAgent: true, removeAgent: true, login: true, logout: true, setStatus: true, state: true },
  notReadyReasons: { list: true, setNotReady: true },
  presence: { get: true },
  roles: { list: true },
  queueAdmin: { create: true, update: true, delete: true },
  recordings: { list: true, download: true },
};

export function createPortSipAdapter(input: PortSipOptions): PbxAdapter {
  const options = parseVendorOptions(VENDOR, PortSipOptionsSchema, input);
  const credentials = options.credentials;
  const base = apiBase(options.baseUrl);
  const kernel: HttpKernel = createKernel(VENDOR, options, {
    baseUrl: base,
    parseError: parsePortSipError,
    secrets: 'token' in credentials ? [credentials.token] : [credentials.password],
  });
  const source =
    'token' in credentials
      ? undefined
      : new PortSipSessionSource(kernel, credentials, options.loginMethod ?? 'auto', options.clock?.now ?? Date.now);
  const sessions = new SessionCache(source ?? staticSession((credentials as { token: string }).token), {
    redactor: kernel.redactor,
    ...(options.clock?.now ? { now: options.clock.now } : {}),
  });
  const signer = new SessionSigner(sessions, bearer);
  kernel.useSigner(signer);

  const users = portsipUsers(kernel);
  // The CDR port, its wire schemas and mapping load at the first CDR call: a client that only
  // manages users does not carry them.
  const cdrs = lazyPort<Required<CdrPort>>(() => import('./cdrs.js').then((m) => m.portsipCdrs(kernel, users.get)), { list: true, get: true });
  const whoami = async (ctx: RequestContext, operation = 'whoami'): Promise<User> => {
    const { wire, raw } = await sendParsed(kernel, { operation, method: 'GET', path: 'user' }, keepRaw(WireUser), ctx, 'user');
    return toUser(wire, raw);
  };
  // The credentials never change for a client: the account is read once (on success).
  let me: Promise<User> | undefined;
  const self = (ctx: RequestContext): Promise<User> => {
    me ??= whoami(ctx, 'queues.setStatus').catch((error: unknown) => {
      me = undefined;
      throw error;
    });
    return me;
  };
  return {
    vendor: VENDOR,
    capabilities: PORTSIP_CAPABILITIES,
    users,
    // The contact-centre ports and the groups load at their first call (once per client).
    ...lazyPorts(
      () =>
        import('./contact-centre.js').then(({ portsipContactCentre }) =>
          portsipContactCentre({
            kernel,
            apiVersion: options.apiVersion,
            pbx: pbxIdentity(base),
            getUser: users.get,
            getCdr: cdrs.get,
            self,
            files: {
              base,
              sign: (signal) => signer.sign(signal),
              fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
              timeoutMs: options.timeoutMs ?? 30_000,
            },
          }),
        ),
      CONTACT_CENTRE_METHODS,
    ),
    cdrs,
    whoami: (ctx) => whoami(ctx),
    bulk: {
      // Loaded at the first bulk create, as the facade's bulk runner itself is.
      createUsers: async (inputs, ctx) => (await import('./users-bulk.js')).portsipCreateMany(kernel)(inputs, ctx),
      createUsersSize: CREATE_MANY_SIZE,
    },
    request: (request, ctx) => sendRaw(kernel, request, ctx),
    async close(ctx) {
      const session = sessions.peek();
      if (!source || !session) return;
      sessions.clear();
      const budget = timeoutSignal(5_000);
      try {
        await source.signOut(session, ctx.signal ? AbortSignal.any([ctx.signal, budget.signal]) : budget.signal);
      } catch {
        // Best effort: the token expires on its own.
      } finally {
        budget.clear();
      }
    },
  };
}
