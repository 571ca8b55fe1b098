/**
 * Wire shapes of the PortSIP v22.3 additions the adapter uses. PortSIP's 22.3 change notes
 * (vendor-docs/portsip-v22.3-changes.md) name these endpoints but publish no schema: the
 * shapes below are assumptions, built from the v22.0 representations of the same records
 * and PortSIP's conventions (`{items}` envelopes, snake_case keys, blank = null), and
 * recorded in docs/portsip.md ("22.3 additions"). They are tolerant: unknown keys are kept in
 * `raw`, blank values are accepted.
 */
import * as z from 'zod';
import { idString, optionalText } from '../../core/wire.js';
import { WireAgentState, WireUserStatus } from './wire-contact-centre.js';

/** An agent state of `POST /call_queues/{id}/agents/status/get_many`: the v22.0 agent plus 22.3's `reason`. */
export const WireAgentStatus = WireAgentState.extend({ reason: optionalText });
export type WireAgentStatus = z.output<typeof WireAgentStatus>;

/** `POST /call_queues/{id}/agents/status/get_many` request body. */
export interface AgentStatusQuery {
  readonly extension_numbers: readonly string[];
}

/** A not-ready code of `GET /not_ready_codes`. */
export const WireNotReadyCode = z.object({
  id: idString.nullish(),
  code: optionalText,
  name: optionalText,
  description: optionalText,
});
export type WireNotReadyCode = z.output<typeof WireNotReadyCode>;

/** An item of `POST /users/status/get_many`: the v22.0 user status plus the user's `id`. */
export const WireUserStatusItem = WireUserStatus.extend({ id: idString });
export type WireUserStatusItem = z.output<typeof WireUserStatusItem>;

/** `POST /users/status/get_many` request body. */
export interface UserStatusQuery {
  readonly ids: readonly string[];
}
