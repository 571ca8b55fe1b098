/** What every route shares: the Hono environment, replies in the configured casing, request values, permissions. */
import type { Context, Hono } from 'hono';
import type { RecordedBodyEnv } from '../../../core/sim/record.js';
import { forbidden, invalid, notFound } from './errors.js';
import { withCasing } from './format.js';
import type { Casing } from './options.js';
import type { UserRecord } from './state.js';

export interface SimEnv extends RecordedBodyEnv {
  Variables: RecordedBodyEnv['Variables'] & {
    /** The account of the api_token (set on every authenticated route). */
    account: UserRecord;
  };
}
export type SimApp = Hono<SimEnv>;
export type SimContext = Context<SimEnv>;

/** Sends a JSON reply in the simulator's casing. */
export type Reply = (c: SimContext, body: unknown, status?: 200) => Response;

export function replier(casing: Casing): Reply {
  return (c, body, status = 200) => c.json(withCasing(body, casing) as object, status);
}

/** An integer id path parameter; anything else names no record (404, like a failed lookup). */
export function idParam(c: SimContext, name: string, what: string): number {
  const value = c.req.param(name) ?? '';
  if (!/^\d{1,9}$/.test(value)) throw notFound(`${what} not found`);
  return Number(value);
}

/** A body property, its key matched case-insensitively (Json.NET model binding does). */
export function field(body: unknown, name: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const wanted = name.toLowerCase();
  const key = Object.keys(body).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : (body as Record<string, unknown>)[key];
}

/** A required string property of the body (400 with ModelState otherwise). */
export function stringField(c: SimContext, name: string, model = 'request'): string {
  const value = field(c.get('body'), name);
  if (typeof value !== 'string') {
    const property = name[0]!.toUpperCase() + name.slice(1);
    throw invalid({ [`${model}.${property}`]: [`The ${property} field is required.`] });
  }
  return value;
}

export const isAdmin = (user: UserRecord): boolean => user.role === 'TenantAdmin';

/**
 * Documented: "Standard users are only allowed to Update them self" and "only allowed to
 * login/out them self. Admin users can logg in/out all members."
 */
export function requireSelfOrAdmin(c: SimContext, userId: number): UserRecord {
  const account = c.get('account');
  if (!isAdmin(account) && account.id !== userId) throw forbidden('Standard users may only change themselves.');
  return account;
}
