/** What every route shares: the Hono environment, the signed-in account, path parameters, permissions. */
import type { Context, Hono } from 'hono';
import { forbidden, invalid } from './errors.js';
import type { UserRecord } from './state.js';

export interface SimEnv {
  Variables: {
    /** The parsed JSON body (undefined when there was none). */
    body: unknown;
    /** The account of the bearer token (set on every authenticated route). */
    account: UserRecord;
    accessToken: string;
  };
}
export type SimApp = Hono<SimEnv>;
export type SimContext = Context<SimEnv>;

/**
 * PortSIP roles with tenant-wide permissions. Assumption: other roles may read the
 * directory (users, groups, queues) but change nothing tenant-wide.
 */
const ADMIN_ROLES: ReadonlySet<string> = new Set(['SystemAdmin', 'Admin']);

export const isAdmin = (user: UserRecord): boolean => ADMIN_ROLES.has(user.role);

/** The signed-in account, which must be a tenant admin (403 otherwise). */
export function requireAdmin(c: SimContext): UserRecord {
  const account = c.get('account');
  if (!isAdmin(account)) throw forbidden();
  return account;
}

export const EXTENSION_PATTERN = /^[0-9]{3,64}$/;

/** An extension-number path parameter, checked against the spec's pattern (anchored: the spec's is not). */
export function extensionParam(c: SimContext, name: string): string {
  const value = c.req.param(name) ?? '';
  if (!EXTENSION_PATTERN.test(value)) throw invalid(`${name} must be 3 to 64 digits`);
  return value;
}

/** A path parameter Hono matched (always present on its route). */
export const param = (c: SimContext, name: string): string => c.req.param(name) ?? '';

/**
 * The request body after the spec check in app.ts; `T` names the properties a route reads,
 * all of which that check has already typed.
 */
export const bodyOf = <T>(c: SimContext): T => c.get('body') as T;

/** Blank text is stored (and returned) as null, as PortSIP returns blank fields. */
export const blankToNull = (value: string | undefined | null): string | null => (value === undefined || value === null || value.trim() === '' ? null : value);
