/**
 * Call detail records: tenant-wide `/api/cdrs` (admins) and the signed-in user's own
 * `/api/user/cdrs` (calls where its extension is the caller or the callee).
 *
 * Assumption: the v22.0 spec lists no query parameters for these two lists; they take the
 * same `filter`/`search`/`orderby`/`skip`/`top` as every other list (vendor notes show
 * `started_at` range filters). Their natural order is `started_at` ascending.
 */
import { notFound } from './errors.js';
import { rfc3339, rfc3339OrNull } from './format.js';
import { param, requireAdmin, type SimApp } from './http.js';
import { QueryCache, listPage, type ListSpec } from './lists.js';
import type { Field } from './odata.js';
import type { CdrRecord, SimState } from './state.js';

const text = (get: (r: CdrRecord) => string | null): Field<CdrRecord> => ({ type: 'string', get });
const date = (get: (r: CdrRecord) => number | null): Field<CdrRecord> => ({ type: 'date', get });
const number = (get: (r: CdrRecord) => number): Field<CdrRecord> => ({ type: 'number', get });
const blank: Field<CdrRecord> = { type: 'string', get: () => null };

export const CDR_LIST: ListSpec<CdrRecord> = {
  fields: {
    id: text((r) => r.id),
    caller: text((r) => r.caller),
    caller_domain: text((r) => r.caller_domain),
    caller_display_name: text((r) => r.caller_display_name),
    callee: text((r) => r.callee),
    callee_domain: text((r) => r.callee_domain),
    callee_display_name: text((r) => r.callee_display_name),
    started_at: date((r) => r.startedAt),
    rang_at: date((r) => r.rangAt),
    answered_at: date((r) => r.answeredAt),
    ended_at: date((r) => r.endedAt),
    call_id: text((r) => r.call_id),
    direction: text((r) => r.direction),
    end_reason: text((r) => r.end_reason),
    reroute_reason: text((r) => r.reroute_reason),
    status_code: number((r) => r.status_code),
    destination: text((r) => r.destination),
    outbound_caller_id: text((r) => r.outbound_caller_id),
    did_cid: text((r) => r.did_cid),
    trunk: text((r) => r.trunk),
    duration: number((r) => r.duration),
    service_number: blank,
    user_data: blank,
  },
  searchIn: [text((r) => r.caller), text((r) => r.callee), text((r) => r.caller_display_name), text((r) => r.callee_display_name)],
};

/** The properties every representation has. */
const record = (r: CdrRecord) => ({
  caller: r.caller,
  caller_domain: r.caller_domain,
  caller_display_name: r.caller_display_name,
  callee: r.callee,
  callee_domain: r.callee_domain,
  callee_display_name: r.callee_display_name,
  started_at: rfc3339(r.startedAt),
  rang_at: rfc3339OrNull(r.rangAt),
  answered_at: rfc3339OrNull(r.answeredAt),
  ended_at: rfc3339(r.endedAt),
  call_id: r.call_id,
  direction: r.direction,
  end_reason: r.end_reason,
  reroute_reason: r.reroute_reason,
  status_code: r.status_code,
  destination: r.destination,
  outbound_caller_id: r.outbound_caller_id,
  did_cid: r.did_cid,
  trunk: r.trunk,
});

/** List items: with the id and duration, without billing. */
export const cdrSummary = (r: CdrRecord) => ({ id: r.id, ...record(r), duration: r.duration, service_number: null, user_data: null });
/** `GET /cdrs/{id}`: no id, with duration and billing. */
export const cdrDetail = (r: CdrRecord) => ({ ...record(r), duration: r.duration, cost: r.cost, billed_account: r.billed_account, service_number: null, user_data: null });
/** `GET /user/cdrs/{id}`: as the spec has it, without id and duration. */
export const userCdrDetail = (r: CdrRecord) => ({ ...record(r), cost: r.cost, billed_account: r.billed_account, service_number: null, user_data: null });

const involves = (r: CdrRecord, extension: string): boolean => r.caller === extension || r.callee === extension;

export function cdrRoutes(app: SimApp, state: SimState): void {
  const cache = new QueryCache<CdrRecord>();

  app.get('/api/cdrs', (c) => {
    requireAdmin(c);
    const slot = { cache, scope: `all:${state.cdrs.length}` };
    return c.json(listPage((name) => c.req.query(name), () => state.cdrs, CDR_LIST, cdrSummary, slot));
  });

  app.get('/api/cdrs/:id', (c) => {
    requireAdmin(c);
    const cdr = state.cdrById.get(param(c, 'id'));
    if (!cdr) throw notFound('CDR');
    return c.json({ items: [cdrDetail(cdr)] });
  });

  app.get('/api/user/cdrs', (c) => {
    const extension = c.get('account').extension_number;
    const slot = { cache, scope: `${extension}:${state.cdrs.length}` };
    return c.json(listPage((name) => c.req.query(name), () => state.cdrs.filter((r) => involves(r, extension)), CDR_LIST, cdrSummary, slot));
  });

  app.get('/api/user/cdrs/:id', (c) => {
    const cdr = state.cdrById.get(param(c, 'id'));
    // Assumption: another user's record is as invisible as a missing one (404, not 403).
    if (!cdr || !involves(cdr, c.get('account').extension_number)) throw notFound('CDR');
    return c.json({ items: userCdrDetail(cdr) });
  });
}
