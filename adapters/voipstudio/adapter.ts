/** The VoIPStudio adapter: composes the options, the kernel, auth and the per-resource mappings. */
import * as z from 'zod';
import { SessionCache, SessionSigner, staticSession } from '../../core/auth/session.js';
import { ValidationError } from '../../core/errors.js';
import { timeoutSignal, type RequestContext } from '../../core/http/context.js';
import type { PbxAdapter } from '../../core/port.js';
import { createKernel, parseVendorOptions, sendRaw, type ConnectionOptions } from '../../core/vendor.js';
import { sendParsed } from '../../core/wire.js';
import { VoipStudioSessionSource, signWith, type VoipStudioAuthHeader, type VoipStudioCredentials } from './auth.js';
import { VOIPSTUDIO_CAPABILITIES } from './capabilities.js';
import { voipstudioCdrs } from './cdrs.js';
import { parseVoipStudioError } from './errors.js';
import { PAGE_LIMIT, usePageSizes } from './list.js';
import { voipstudioGroups } from './groups.js';
import { CHANGE_MEMBERS_SIZE, voipstudioChangeMembers } from './groups-bulk.js';
import { VENDOR } from './map.js';
import { voipstudioQueues } from './queues.js';
import { voipstudioUsers } from './users.js';
import { voipstudioPresence } from './presence.js';
import { teamLists } from './team-lists.js';
import { WireMe } from './wire.js';

export type VoipStudioApiVersion = 'v1.1' | 'v1.2';

/** How long `close()` waits for `POST /logout` before giving up (the session then expires when idle). */
const CLOSE_TIMEOUT_MS = 5_000;

/** VoIPStudio's public API host. */
export const VOIPSTUDIO_BASE_URL = 'https://l7api.com';

/** Options of `createVoipStudio` / `createPbx({ vendor: 'voipstudio', … })`. */
export interface VoipStudioOptions extends ConnectionOptions {
  /**
   * The API host, `https://l7api.com` ({@link VOIPSTUDIO_BASE_URL}); the adapter appends
   * `/{apiVersion}/voipstudio/`. A URL that already ends in `/v1.1/voipstudio` or
   * `/v1.2/voipstudio` is accepted too (its version is used when `apiVersion` is not given).
   */
  readonly baseUrl: string;
  /** `{ email, password }` (logs in with `POST /login`), or a long-lived `{ apiKey, userId? }`. */
  readonly credentials: VoipStudioCredentials;
  /** API version of the base URL. Default `v1.2` (or the one in `baseUrl`). */
  readonly apiVersion?: VoipStudioApiVersion;
  /**
   * How requests are signed: `x-auth-token` (`X-Auth-Token: <token>`, v1.2 only) or `basic`
   * (`Authorization: Basic base64(user_id:token)`). Default: `x-auth-token` on v1.2, `basic` on v1.1.
   */
  readonly authHeader?: VoipStudioAuthHeader;
  /**
   * The `limit` of list requests, 1–10,000: the page size of list calls that give no
   * `pageSize`, and of the adapter's own walks (listing a team's members reads the whole user
   * list). Default: 200 for list calls, 1,000 for walks. A large page means fewer requests for
   * a CDR export (VoIPStudio's own clients ask for 5,000 and 10,000) but bigger replies held in
   * memory at once; see docs/voipstudio.md.
   */
  readonly pageSize?: number;
}

const UserIdSchema = z.union([z.string().regex(/^\d{1,18}$/, 'must be a VoIPStudio user id (digits)'), z.number().int().positive()]);

const VoipStudioOptionsSchema = z.object({
  credentials: z.union([
    z.strictObject({ email: z.string().min(1).max(254), password: z.string().min(1) }),
    z.strictObject({ apiKey: z.string().min(1), userId: UserIdSchema.optional() }),
  ]),
  apiVersion: z.enum(['v1.1', 'v1.2']).optional(),
  authHeader: z.enum(['x-auth-token', 'basic']).optional(),
  pageSize: z.number().int().min(1).max(PAGE_LIMIT).optional(),
});

/** Splits a base URL into the host part and the API version it names, if any. */
function splitBaseUrl(baseUrl: string): { root: string; version?: string } {
  const trimmed = baseUrl.replace(/\/+$/, '');
  const match = /^(.*?)\/(v\d+\.\d+)\/voipstudio$/i.exec(trimmed);
  return match ? { root: match[1] as string, version: (match[2] as string).toLowerCase() } : { root: trimmed };
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(`invalid options: ${field}: ${message}`, [{ field, message }], 'client', { vendor: VENDOR });
}

/**
 * The resolved connection: API base URL, version and signing, and `account`, which names the
 * account's API in read-modify-write lock keys. Throws `ValidationError` for contradictory options.
 */
export function resolveConnection(options: Pick<VoipStudioOptions, 'baseUrl' | 'apiVersion' | 'authHeader' | 'credentials'>): {
  apiBase: string;
  apiVersion: VoipStudioApiVersion;
  authHeader: VoipStudioAuthHeader;
  account: string;
} {
  const { root, version } = splitBaseUrl(options.baseUrl);
  if (version !== undefined && version !== 'v1.1' && version !== 'v1.2') throw invalid('baseUrl', `API version ${version} is not supported (v1.1, v1.2)`);
  if (version !== undefined && options.apiVersion !== undefined && version !== options.apiVersion) {
    throw invalid('apiVersion', `${options.apiVersion} contradicts the ${version} in baseUrl`);
  }
  const apiVersion = (options.apiVersion ?? version ?? 'v1.2') as VoipStudioApiVersion;
  const authHeader = options.authHeader ?? (apiVersion === 'v1.1' ? 'basic' : 'x-auth-token');
  if (apiVersion === 'v1.1' && authHeader === 'x-auth-token') throw invalid('authHeader', 'X-Auth-Token is a v1.2 header; v1.1 takes basic');
  if (authHeader === 'basic' && 'apiKey' in options.credentials && options.credentials.userId === undefined) {
    throw invalid('credentials.userId', 'Basic auth sends user_id:token, so an API key needs its userId');
  }
  // Origin and path only (user info, a query or a fragment could hold secrets); no version: v1.1 and v1.2 reach the same lists.
  const url = new URL(root);
  return { apiBase: `${root}/${apiVersion}/voipstudio/`, apiVersion, authHeader, account: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

export function createVoipStudioAdapter(input: VoipStudioOptions): PbxAdapter {
  const options = parseVendorOptions(VENDOR, VoipStudioOptionsSchema, input);
  const connection = resolveConnection(options);
  const credentials = options.credentials;
  const apiKeyUserId = 'apiKey' in credentials && credentials.userId !== undefined ? String(credentials.userId) : undefined;
  const kernel = createKernel(VENDOR, options, {
    baseUrl: connection.apiBase,
    parseError: parseVoipStudioError,
    secrets: 'apiKey' in credentials ? [credentials.apiKey] : [credentials.password],
  });
  if ('apiKey' in credentials && apiKeyUserId !== undefined) kernel.redactor.addBasic(apiKeyUserId, credentials.apiKey);
  const login = 'apiKey' in credentials ? undefined : new VoipStudioSessionSource(kernel, credentials);
  const source = login ?? staticSession((credentials as { apiKey: string }).apiKey, apiKeyUserId !== undefined ? { userId: apiKeyUserId } : undefined);
  const sessions = new SessionCache(source, { redactor: kernel.redactor, ...(options.clock?.now ? { now: options.clock.now } : {}) });
  const sign = signWith(connection.authHeader);
  kernel.useSigner(new SessionSigner(sessions, sign));
  usePageSizes(kernel, options.pageSize);

  /** The id of the user the credentials belong to: from the login, the options, or (API key alone) `GET /me`, once. */
  let meLookup: Promise<string> | undefined;
  const selfId = async (ctx: RequestContext): Promise<string> => {
    if (apiKeyUserId !== undefined) return apiKeyUserId;
    if (!('apiKey' in credentials)) {
      const session = await sessions.session(ctx.signal ?? new AbortController().signal);
      const id = session.attributes?.['userId'];
      if (id !== undefined) return id;
    }
    if (!meLookup) {
      const pending = sendParsed(kernel, { operation: 'whoami', method: 'GET', path: 'me' }, WireMe, ctx, '/me reply').then(({ data }) => (Array.isArray(data) ? data[0]!.id : data.id));
      meLookup = pending;
      pending.catch(() => {
        if (meLookup === pending) meLookup = undefined;
      });
    }
    return meLookup;
  };

  const users = voipstudioUsers(kernel);
  return {
    vendor: VENDOR,
    capabilities: VOIPSTUDIO_CAPABILITIES,
    users,
    groups: voipstudioGroups(kernel, users, connection.account),
    queues: voipstudioQueues(kernel, users, connection.account),
    cdrs: voipstudioCdrs(kernel, selfId),
    presence: voipstudioPresence(users),
    bulk: { changeMembers: voipstudioChangeMembers(users, teamLists(kernel, connection.account)), changeMembersSize: CHANGE_MEMBERS_SIZE },
    whoami: async (ctx) => users.read(await selfId(ctx), ctx, 'whoami'),
    request: (request, ctx) => sendRaw(kernel, request, ctx),
    async close(ctx) {
      // A login session ends on the server too (POST /logout); an API key is the caller's to keep.
      const session = sessions.peek();
      sessions.clear();
      if (!login || !session) return;
      const budget = timeoutSignal(CLOSE_TIMEOUT_MS);
      try {
        await login.signOut(session, sign, ctx.signal ? AbortSignal.any([ctx.signal, budget.signal]) : budget.signal);
      } catch {
        // Best effort: an unanswered logout leaves a token that expires when idle (15–30 min).
      } finally {
        budget.clear();
      }
    },
  };
}
