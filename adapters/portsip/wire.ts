/**
 * PortSIP v22 JSON as it travels, deliberately minimal and tolerant: only the fields the
 * mapping reads are declared, unknown keys are ignored here (`keepRaw` keeps the payload as
 * received for the model's `raw`), enums are plain
 * strings (22.3 added values), and blank values (`null`, `""`) are accepted. The field
 * names are checked against the vendor OpenAPI in `test/portsip/wire-schemas.test.ts`.
 */
import * as z from 'zod';
import { idString, looseNumber, optionalText, optionalTimestamp, timestamp } from '../../core/wire.js';

/** `{count, items}`: the list envelope (count is the total across pages). */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ count: looseNumber.nullish(), items: z.array(item) });

/** `{items}` without paging (members, agents). */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item).nullish().transform((v) => v ?? []) });

export const WireUser = z.object({
  id: idString,
  name: optionalText,
  display_name: optionalText,
  email: optionalText,
  extension_number: optionalText,
  mobile_phone: optionalText,
  enabled: z.boolean().nullish(),
  role: optionalText,
  department: optionalText,
});
export type WireUser = z.output<typeof WireUser>;

/** Reply of a create: `201 {id}`. */
export const WireCreated = z.object({ id: idString });

export const WireGroup = z.object({
  id: idString,
  name: z.string(),
  description: optionalText,
});
export type WireGroup = z.output<typeof WireGroup>;

export const WireGroupMember = z.object({
  id: idString.nullish(),
  name: optionalText,
  display_name: optionalText,
  extension_number: z.string().min(1),
});
export type WireGroupMember = z.output<typeof WireGroupMember>;

export const WireQueue = z.object({
  id: idString,
  name: z.string(),
  extension_number: optionalText,
  polling_strategy: optionalText,
});
export type WireQueue = z.output<typeof WireQueue>;

export const WireAgent = z.object({
  extension_number: z.string().min(1),
  display_name: optionalText,
  skill_level: looseNumber.nullish(),
});
export type WireAgent = z.output<typeof WireAgent>;

/** `GET /call_queues/{id}/agents/{ext}`: the agent with its status. */
export const WireAgentState = WireAgent.extend({ status: optionalText });
export type WireAgentState = z.output<typeof WireAgentState>;

/** A recording of `GET /recordings` (list: no file fields). */
export const WireRecording = z.object({
  id: idString.nullish(),
  caller: optionalText,
  callee: optionalText,
  started_at: timestamp,
  ended_at: optionalTimestamp,
});
export type WireRecording = z.output<typeof WireRecording>;

/** The detail `GET /recordings/{id}`: `{items: [{…, duration, file_name, file_size, file_url}]}` (an object accepted too, as for CDRs). */
export const WireRecordingFile = WireRecording.extend({
  duration: looseNumber.nullish(),
  file_name: optionalText,
  file_size: looseNumber.nullish(),
  file_url: optionalText,
});
export const WireRecordingDetail = z.object({ items: z.union([z.array(WireRecordingFile).min(1, 'the recording detail is empty'), WireRecordingFile]) });

/** A ring group of `GET /ring_groups` and `GET /ring_groups/{id}`. */
export const WireRingGroup = z.object({
  id: idString,
  name: z.string(),
  extension_number: optionalText,
  ring_strategy: optionalText,
});
export type WireRingGroup = z.output<typeof WireRingGroup>;

/** A role of `GET /roles` (22.3 adds `id`, read when present: it is kept in `raw` either way). */
export const WireRole = z.object({
  name: z.string().min(1),
  description: optionalText,
});
export type WireRole = z.output<typeof WireRole>;

/** A registered device in `GET /users/{id}/status`. */
export const WireRegistration = z.object({
  instance_id: optionalText,
  user_agent: optionalText,
  application: optionalText,
  ip: optionalText,
  contact_address: optionalText,
});

/** `GET /users/{id}/status`: registration / call state, the user's presence and DND. Enums are plain strings (22.3 changed them). */
export const WireUserStatus = z.object({
  status: optionalText,
  presence: optionalText,
  presence_note: optionalText,
  registration: z.array(WireRegistration).nullish(),
  enable_dnd: z.boolean().nullish(),
});
export type WireUserStatus = z.output<typeof WireUserStatus>;

export const WireWaitingCaller = z.object({
  session_id: idString.nullish(),
  waiting_time: looseNumber.nullish(),
});

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

/** Token replies of `/auth/sign_in`, `/auth/refresh_token` and `/login`. */
export const WireToken = z.object({
  access_token: z.string().min(1),
  refresh_token: optionalText,
  expires_in: looseNumber.nullish(),
  token_type: optionalText,
});

/** `/auth/sign_in` with 2FA enabled. */
export const WireTwoFactor = z.object({ two_factor_enabled: z.literal(true), token: optionalText });

/** PortSIP's 4xx body: `{errors:[{code, message, detail?}]}`. */
export const WireErrors = z.object({
  errors: z.array(z.object({ code: optionalText, message: optionalText, detail: z.unknown().optional() })).min(1),
});
