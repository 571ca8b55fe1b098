/** What every route shares: the Hono environment, the base path, the signed-in account, permissions. */
import type { Context, Hono } from 'hono';
import { forbidden, invalid, notFound, problem } from './errors.js';
import type { UserRecord } from './state.js';

export const API_VERSIONS = ['v1.1', 'v1.2'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

/** Every route lives under `/v1.1/voipstudio` and `/v1.2/voipstudio` (the two behave the same). */
export const BASE = '/:version{v1\\.[12]}/voipstudio';

export interface SimEnv {
  Variables: {
    /** The parsed JSON body (undefined when there was none). */
    body: unknown;
    /** The account the token belongs to (set on every authenticated route). */
    account: UserRecord;
    /** The token the request was signed with (session token or API key). */
    token: string;
  };
}
export type SimApp = Hono<SimEnv>;
export type SimContext = Context<SimEnv>;

/** The API version of the request's path. */
export const versionOf = (c: SimContext): ApiVersion => (c.req.param('version') === 'v1.1' ? 'v1.1' : 'v1.2');

/** The path below `/{version}/voipstudio`, e.g. `/users/12`. */
export const routeOf = (c: SimContext): string => c.req.path.replace(/^\/v1\.[12]\/voipstudio/, '') || '/';

/** An integer id path parameter; anything else names no resource (404). */
export function idParam(c: SimContext, name = 'id'): number {
  const value = c.req.param(name) ?? '';
  if (!/^\d{1,15}$/.test(value)) throw notFound();
  return Number(value);
}

/** The request body (routes check every property they use). */
export const bodyOf = (c: SimContext): unknown => c.get('body');

/** A JSON object body, or 400. */
export function objectBody(c: SimContext): Record<string, unknown> {
  const body = bodyOf(c);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid(problem('', 'The request body must be a JSON object.'));
  return body as Record<string, unknown>;
}

/** Refuses properties a route does not take (the adapter must not send what VoIPStudio does not know). */
export function onlyKeys(body: Record<string, unknown>, allowed: readonly string[], prefix = ''): void {
  const extra = Object.keys(body).filter((key) => !allowed.includes(key));
  if (extra.length) throw invalid(...extra.map((key) => problem(`${prefix}${key}`, 'This field is not writable.')));
}

/** Assumption: the root admin manages the account; other users may read the directory and their own data only. */
export function requireRoot(c: SimContext): UserRecord {
  const account = c.get('account');
  if (!account.is_root) throw forbidden();
  return account;
}

/** The root admin, or the user `userId` itself. */
export function requireSelfOrRoot(c: SimContext, userId: number): UserRecord {
  const account = c.get('account');
  if (!account.is_root && account.id !== userId) throw forbidden();
  return account;
}

/** `{data:{…}, links:{}}`: a single resource. */
export const one = <T>(data: T) => ({ data, links: {} });

/** A flag as JSON bodies may carry it (`true`/`false`, `1`/`0`), or undefined. */
export function flagValue(value: unknown): boolean | undefined {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  return undefined;
}

/** An id in a JSON body: an integer, or a string of digits. */
export function bodyId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}
