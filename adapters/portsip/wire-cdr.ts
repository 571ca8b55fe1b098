/**
 * PortSIP CDR JSON as it travels (see `wire.ts` for the conventions). Apart so that it loads with
 * the CDR port (`cdrs.ts`) at the first CDR call.
 */
import * as z from 'zod';
import { idString, looseNumber, optionalText, optionalTimestamp, timestamp } from '../../core/wire.js';

export const WireCdr = z.object({
  id: idString.nullish(),
  call_id: optionalText,
  caller: optionalText,
  caller_domain: optionalText,
  caller_display_name: optionalText,
  callee: optionalText,
  callee_domain: optionalText,
  callee_display_name: optionalText,
  started_at: timestamp,
  answered_at: optionalTimestamp,
  ended_at: optionalTimestamp,
  direction: optionalText,
  end_reason: optionalText,
  status_code: looseNumber.nullish(),
  trunk: optionalText,
  duration: looseNumber.nullish(),
  cost: looseNumber.nullish(),
});
export type WireCdr = z.output<typeof WireCdr>;

/** List items always carry their id. */
export const WireCdrListItem = WireCdr.extend({ id: idString });

/** `GET /cdrs/{id}` wraps the record as `{items:[…]}`, `GET /user/cdrs/{id}` as `{items:{…}}`. */
export const WireCdrDetail = z.object({
  items: z.union([z.array(WireCdr).min(1, 'the CDR list is empty'), WireCdr]),
});
