/** The PortSIP PBX v22 adapter: composes auth, the kernel and the per-resource mappings. */
import * as z from 'zod';
import { SessionCache, SessionSigner, staticSession } from '../../core/auth/session.js';
import { timeoutSignal, type RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import type { User } from '../../core/model.js';
import type { PbxAdapter } from '../../core/port.js';
import { createKernel, parseVendorOptions, sendRaw, type ConnectionOptions } from '../../core/vendor.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { PortSipSessionSource, bearer, type PortSipCredentials, type PortSipLoginMethod } from './auth.js';
import { PORTSIP_CAPABILITIES } from './capabilities.js';
import { portsipCdrs } from './cdrs.js';
import { parsePortSipError } from './errors.js';
import { portsipGroups } from './groups.js';
import { VENDOR, toUser } from './map.js';
import { portsipQueues } from './queues.js';
import { portsipNotReadyReasons } from './reasons.js';
import { portsipPresence } from './presence.js';
import { portsipRoles } from './roles.js';
import { portsipQueueAdmin } from './queue-admin.js';
import { withRingGroups } from './ring-groups.js';
import { portsipRecordings } from './recordings.js';
import { portsipUsers } from './users.js';
import { PortSipApiGeneration, type PortSipApiVersion } from './version.js';
import { CREATE_MANY_SIZE, portsipCreateMany } from './users-bulk.js';
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

const PortSipOptionsSchema = z.object({
  credentials: z.union([
    z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1), domain: z.string().min(1).max(280).optional() }),
    z.strictObject({ token: z.string().min(1) }),
  ]),
  loginMethod: z.enum(['auto', 'sign_in', 'login']).optional(),
  apiVersion: z.enum(['auto', '22.0', '22.3']).optional(),
});

/** `https://host:8887`, `https://host:8887/` and `https://host:8887/api` all mean the API at `/api/`. */
function apiBase(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/\/api$/, '')}/api/`;
}

/** The API base without user info, query or fragment: names the PBX in lock keys without carrying a secret. */
function pbxIdentity(base: string): string {
  const url = new URL(base);
  return `${url.origin}${url.pathname}`;
}

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
  const generation = new PortSipApiGeneration(kernel, options.apiVersion);
  const cdrs = portsipCdrs(kernel, users.get);
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
    groups: withRingGroups(kernel, portsipGroups(kernel, users.get), users.get, pbxIdentity(base)),
    queues: portsipQueues(kernel, users.get, pbxIdentity(base), generation),
    cdrs,
    notReadyReasons: portsipNotReadyReasons(kernel, generation, self),
    presence: portsipPresence(kernel, generation),
    roles: portsipRoles(kernel),
    queueAdmin: portsipQueueAdmin(kernel),
    recordings: portsipRecordings(kernel, cdrs.get, {
      base,
      sign: (signal) => signer.sign(signal),
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: options.timeoutMs ?? 30_000,
    }),
    whoami: (ctx) => whoami(ctx),
    bulk: { createUsers: portsipCreateMany(kernel), createUsersSize: CREATE_MANY_SIZE },
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
