/** The NetPBX Web API v1 adapter: composes auth, the kernel and the per-resource mappings. */
import * as z from 'zod';
import { SessionCache, SessionSigner, staticSession } from '../../core/auth/session.js';
import type { PbxAdapter } from '../../core/port.js';
import { createKernel, parseVendorOptions, sendRaw, type ConnectionOptions } from '../../core/vendor.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { NETPBX_CAPABILITIES } from './capabilities.js';
import { NetPbxSessionSource, tokenHeaders, type NetPbxCredentials, type NetPbxTokenHeader } from './auth.js';
import { parseNetPbxError } from './errors.js';
import { netpbxGroups } from './groups.js';
import { VENDOR, toUser } from './map.js';
import { netpbxQueues } from './queues.js';
import { netpbxPresence } from './presence.js';
import { netpbxUsers } from './users.js';
import { WireUser } from './wire.js';

/** Options of `createNetPbx` / `createPbx({ vendor: 'netpbx' })`. */
export interface NetPbxOptions extends ConnectionOptions {
  /** Server root, e.g. `https://netpbx.example.com` (the adapter appends `api/v1/`; a trailing `/api/v1` is accepted too). */
  readonly baseUrl: string;
  /** `{ username, password }`, `{ email, password }`, or an `api_token` obtained elsewhere as `{ token }`. */
  readonly credentials: NetPbxCredentials;
  /** How the `api_token` is sent. Default `Authorization: Bearer <api_token>`. */
  readonly tokenHeader?: NetPbxTokenHeader;
}

/** RFC 9110 token characters: what a header name (and an auth scheme) may consist of. */
const TOKEN_CHARS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the kernel sets or that describe the body: the token must not replace them. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set(['accept', 'content-type', 'content-length', 'host', 'user-agent', 'connection', 'transfer-encoding']);

const NetPbxOptionsSchema = z.object({
  credentials: z.union([
    z.strictObject({ username: z.string().min(1).max(256), password: z.string().min(1) }),
    z.strictObject({ email: z.string().min(1).max(256), password: z.string().min(1) }),
    z.strictObject({ token: z.string().min(1) }),
  ]),
  tokenHeader: z
    .strictObject({
      name: z
        .string()
        .regex(TOKEN_CHARS, 'must be an HTTP header name')
        .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'must not be a header the client sets itself')
        .optional(),
      scheme: z.union([z.literal(''), z.string().regex(TOKEN_CHARS, 'must be one word, e.g. Bearer, or empty for the bare token')]).optional(),
    })
    .optional(),
});

/** `https://host`, `https://host/` and `https://host/api/v1` all mean the API at `/api/v1/`. */
export function apiBase(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/\/api(\/v1)?$/i, '')}/api/v1/`;
}

export function createNetPbxAdapter(input: NetPbxOptions): PbxAdapter {
  const options = parseVendorOptions(VENDOR, NetPbxOptionsSchema, input);
  const credentials = options.credentials;
  const kernel = createKernel(VENDOR, options, {
    baseUrl: apiBase(options.baseUrl),
    parseError: parseNetPbxError,
    secrets: 'token' in credentials ? [credentials.token] : [credentials.password],
  });
  const sessions = new SessionCache('token' in credentials ? staticSession(credentials.token) : new NetPbxSessionSource(kernel, credentials), {
    redactor: kernel.redactor,
    ...(options.clock?.now ? { now: options.clock.now } : {}),
  });
  kernel.useSigner(new SessionSigner(sessions, tokenHeaders(options.tokenHeader)));

  const users = netpbxUsers(kernel);
  return {
    vendor: VENDOR,
    capabilities: NETPBX_CAPABILITIES,
    users,
    groups: netpbxGroups(kernel),
    queues: netpbxQueues(kernel, users.findByExtension),
    presence: netpbxPresence(kernel),
    cdrs: {},
    async whoami(ctx) {
      const { wire, raw } = await sendParsed(kernel, { operation: 'whoami', method: 'GET', path: 'authorizations' }, keepRaw(WireUser), ctx, 'user');
      return toUser(wire, raw);
    },
    request: (request, ctx) => sendRaw(kernel, request, ctx),
    // NetPBX documents no logout: forget the token (a static one is the caller's to keep).
    close: async () => sessions.clear(),
  };
}
