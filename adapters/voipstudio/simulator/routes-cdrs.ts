/** Call records: the account's `GET /cdrs` (root admin) and `GET /cdrs/{id}` (root or the record's user). */
import { notFound } from './errors.js';
import { datetime } from './format.js';
import { BASE, idParam, one, requireRoot, type SimApp } from './http.js';
import { date, listReply, number, text, type Fields } from './lists.js';
import type { CdrRecord, SimState } from './state.js';

export const CDR_FIELDS: Fields<CdrRecord> = {
  id: number((r) => r.id),
  call_id: text((r) => r.call_id),
  user_id: number((r) => r.user_id),
  type: text((r) => r.type),
  calldate: date((r) => r.calldate),
  src: text((r) => r.src),
  dst: text((r) => r.dst),
  disposition: text((r) => r.disposition),
  duration: number((r) => r.duration),
  billsec: number((r) => r.billsec),
};

const clid = (r: CdrRecord): string => (r.src_name ? `"${r.src_name}" <${r.src}>` : `<${r.src}>`);

export const cdrView = (r: CdrRecord) => ({
  id: r.id,
  call_id: r.call_id,
  user_id: r.user_id,
  type: r.type,
  calldate: datetime(r.calldate),
  clid: clid(r),
  src: r.src,
  src_name: r.src_name,
  dst: r.dst,
  dst_name: r.dst_name,
  duration: r.duration,
  billsec: r.billsec,
  disposition: r.disposition,
  destination: r.destination,
  charge: r.charge,
});

export function cdrRoutes(app: SimApp, state: SimState): void {
  app.get(`${BASE}/cdrs`, (c) => {
    requireRoot(c);
    return c.json(listReply((name) => c.req.query(name), state.cdrs, CDR_FIELDS, cdrView));
  });

  app.get(`${BASE}/cdrs/:id`, (c) => {
    const cdr = state.cdrById.get(idParam(c));
    const account = c.get('account');
    // Assumption: another user's record is as invisible as a missing one (404).
    if (!cdr || (!account.is_root && cdr.user_id !== account.id)) throw notFound();
    return c.json(one(cdrView(cdr)));
  });
}
