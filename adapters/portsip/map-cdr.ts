/**
 * PortSIP CDRs -> the unified model, as pure functions. Apart from `map.ts` because only the
 * CDR port uses them: they load with it (`cdrs.ts`) at the first CDR call.
 */
import type { Cdr, CdrDirection, CdrDisposition } from '../../core/model.js';
import { fromVendorEnum, party, recordMaker } from '../../core/wire.js';
import { VENDOR, type Raw } from './map.js';
import type { WireCdr } from './wire-cdr.js';

/** CDRs are listed by the million: see `recordMaker`. */
const CdrRecord = recordMaker<Cdr>();

const DIRECTION: Readonly<Record<string, CdrDirection>> = {
  INBOUND_CALL: 'inbound',
  OUTBOUND_CALL: 'outbound',
  EXTENSION_CALL: 'internal',
  // An inbound call the PBX routed back out (forwarding): it started as inbound.
  INBOUND_OUTBOUND_CALL: 'inbound',
};

/** PortSIP CDRs carry no disposition: it is derived from answered_at and the SIP status code. */
function disposition(cdr: WireCdr): CdrDisposition {
  if (cdr.answered_at) return 'answered';
  const code = cdr.status_code ?? undefined;
  if (code === 486 || code === 600) return 'busy';
  if (code === undefined || code < 400 || code === 408 || code === 480 || code === 487 || cdr.end_reason === 'CANCELLED') return 'missed';
  return 'failed';
}

const seconds = (from: Date, to: Date): number => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/** PortSIP's `duration` (talk time); a negative one is garbage and read as absent (it stays in `raw`). */
const talk = (cdr: WireCdr): number | undefined => (typeof cdr.duration === 'number' && cdr.duration >= 0 ? cdr.duration : undefined);

/** Talk time: PortSIP's `duration`, else 0 for an unanswered call, else answer to end (unknown while the call goes on). */
function talkSeconds(cdr: WireCdr): number | undefined {
  const duration = talk(cdr);
  if (duration !== undefined) return duration;
  if (!cdr.answered_at) return 0;
  return cdr.ended_at ? seconds(cdr.answered_at, cdr.ended_at) : undefined;
}

/** `id` is the record's own in lists; `GET /cdrs/{id}` omits it, so the requested id is used. */
export function toCdr(cdr: WireCdr, raw: Raw, id: string): Cdr {
  const startedAt = cdr.started_at as Date;
  // Field by field, in order: no object spreads (see `party`); CDRs are listed by the million.
  const out = new CdrRecord();
  out.id = id;
  if (cdr.call_id) out.callId = cdr.call_id;
  out.direction = fromVendorEnum(DIRECTION, cdr.direction, 'unknown');
  out.from = party(cdr.caller ?? '', cdr.caller_display_name, cdr.caller_domain);
  out.to = party(cdr.callee ?? '', cdr.callee_display_name, cdr.callee_domain);
  out.startedAt = startedAt;
  if (cdr.answered_at) out.answeredAt = cdr.answered_at;
  if (cdr.ended_at) out.endedAt = cdr.ended_at;
  // PortSIP's `duration` is the talk time ("total talk time for a session"); the whole call is start to end.
  out.durationSeconds = cdr.ended_at ? seconds(startedAt, cdr.ended_at) : (talk(cdr) ?? 0);
  const talked = talkSeconds(cdr);
  if (talked !== undefined) out.talkSeconds = talked;
  out.disposition = disposition(cdr);
  if (cdr.end_reason) out.endReason = cdr.end_reason;
  if (cdr.trunk) out.trunk = cdr.trunk;
  if (typeof cdr.cost === 'number') out.cost = cdr.cost;
  out.vendor = VENDOR;
  out.raw = raw;
  return out as Cdr;
}
