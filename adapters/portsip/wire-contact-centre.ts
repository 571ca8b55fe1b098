/**
 * PortSIP v22 JSON of the contact-centre records (queues and their agents, ring groups, roles,
 * user status, recordings), as tolerant as `wire.ts`. Apart from it because only the ports
 * loaded at first use read them (`contact-centre.ts`): importing the adapter builds none of
 * these schemas. The field names are checked against the vendor OpenAPI in
 * `test/portsip/wire-schemas.test.ts`.
 */
import * as z from 'zod';
import { idString, looseNumber, optionalText, optionalTimestamp, timestamp } from '../../core/wire.js';

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
