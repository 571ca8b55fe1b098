/** Call records: the account's `GET /cdrs` (root admin) and `GET /cdrs/{id}` (root or the record's user). */
import { notFound } from './errors.js';
import { datetime } from './format.js';
import { BASE, idParam, one, requireRoot, type SimApp } from './http.js';
import { date, listReply, number, text, type Fields } from './lists.js';
import type { CdrRecord, SimState } from './state.js';

export const CDR_FIELDS: Fields<CdrRecord> = {
  id: number((r) => r.id),
  call_id: number((r) => r.call_id),
  live_id: number((r) => r.live_id),
  user_id: number((r) => r.user_id),
  type: text((r) => r.type),
  calldate: date((r) => r.calldate),
  src: text((r) => r.src),
  dst: text((r) => r.dst),
  disposition: text((r) => r.disposition),
  duration: number((r) => r.duration),
  billsec: number((r) => r.billsec),
  t_cause: text((r) => r.t_cause),
  charge: number((r) => Number(r.charge)),
};

const clid = (r: CdrRecord): string => (r.src_name ? `"${r.src_name}" <${r.src}>` : `<${r.src}>`);

/** A record with every field of VoIPStudio's published CDR schema (docs/voipstudio.md). */
export const cdrView = (r: CdrRecord) => ({
  id: r.id,
  call_id: r.call_id,
  live_id: r.live_id,
  parent_live_id: r.parent_live_id,
  user_id: r.user_id,
  sip_endpoint_id: r.sip_endpoint_id,
  server_id: r.server_id,
  type: r.type,
  calldate: datetime(r.calldate),
  clid: clid(r),
  src_id: r.src_id,
  src_name: r.src_name,
  src: r.src,
  src_ua: r.src_ua,
  src_codec: r.src_codec,
  dst_id: r.dst_id,
  dst: r.dst,
  dst_name: r.dst_name,
  dst_ua: r.dst_ua,
  dst_codec: r.dst_codec,
  duration: r.duration,
  billsec: r.billsec,
  disposition: r.disposition,
  destination: r.destination,
  context: r.context,
  rate: r.rate,
  charge: r.charge,
  t_cause: r.t_cause,
  info: null,
  labels: [],
  metadata: null,
  nb_notes: 0,
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
