/**
 * PortSIP contact-centre wire shapes -> the unified model (queues, agents, not-ready reasons,
 * presence, roles), as pure functions like `map.ts`. Apart from it because only the ports
 * loaded at first use (`contact-centre.ts`) map these records.
 */
import type { AgentStatus, NotReadyReason, PresenceState, Queue, QueueMembership, Role, SettableAgentStatus, UserPresence } from '../../core/model.js';
import { fromVendorEnum } from '../../core/wire.js';
import { VENDOR, type Raw } from './map.js';
import type { WireAgent, WireQueue, WireRole, WireUserStatus } from './wire-contact-centre.js';
import type { WireNotReadyCode } from './wire-v223.js';

export function toQueue(queue: WireQueue, raw: Raw): Queue {
  return {
    id: queue.id,
    name: queue.name,
    ...(queue.extension_number ? { extension: queue.extension_number } : {}),
    ...(queue.polling_strategy ? { strategy: queue.polling_strategy } : {}),
    vendor: VENDOR,
    raw,
  };
}

/**
 * Agent status values (v22.0; 22.3 removed BREAK and LUNCH, which read as not ready).
 * TRANSFER, CONSULT_TRANSFER and ON_HOLD are listed only in the description of `status`
 * (not its enum): the agent is on a call.
 */
const AGENT_STATUS: Readonly<Record<string, AgentStatus>> = {
  READY: 'ready',
  NOT_READY: 'not_ready',
  BREAK: 'not_ready',
  LUNCH: 'not_ready',
  WRAP_UP: 'wrap_up',
  QUEUE_CALL: 'busy',
  OTHER_CALL: 'busy',
  TRANSFER: 'busy',
  CONSULT_TRANSFER: 'busy',
  ON_HOLD: 'busy',
  LOGGED_OUT: 'logged_out',
  OFFLINE: 'offline',
};

const LOGGED_IN_STATUSES: ReadonlySet<AgentStatus> = new Set(['ready', 'not_ready', 'wrap_up', 'busy']);

export function toAgentStatus(status: string | undefined): AgentStatus {
  return fromVendorEnum(AGENT_STATUS, status);
}

/**
 * `status` comes from the per-agent state endpoint or 22.3's bulk one (the agent list has
 * none); `reason` (22.3) only from the bulk one, and is kept only while the agent is not ready.
 */
export function toMembership(queueId: string, agent: WireAgent, raw: Raw, wireStatus: string | undefined, reason?: string): QueueMembership {
  const status = toAgentStatus(wireStatus);
  return {
    queueId,
    extension: agent.extension_number,
    ...(agent.display_name ? { displayName: agent.display_name } : {}),
    loggedIn: LOGGED_IN_STATUSES.has(status),
    status,
    ...(reason && status === 'not_ready' ? { statusReason: reason } : {}),
    // Skill levels are integers (1–100); anything else stays in `raw` only, not in the model.
    ...(Number.isSafeInteger(agent.skill_level) ? { skillLevel: agent.skill_level as number } : {}),
    raw,
  };
}

/** What `POST /call_queues/{id}/agents/{ext}` takes for each unified status. */
export const AGENT_STATUS_TO_WIRE: Readonly<Record<SettableAgentStatus | 'logged_in', string>> = {
  logged_in: 'LOGGED_IN',
  logged_out: 'LOGGED_OUT',
  ready: 'READY',
  not_ready: 'NOT_READY',
  wrap_up: 'WRAP_UP',
};

/** A 22.3 not-ready code; without a `code` its name or id is what `reason` takes (assumption, docs/portsip.md). */
export function toNotReadyReason(code: WireNotReadyCode, raw: Raw): NotReadyReason {
  const value = code.code ?? code.name ?? code.id ?? '';
  return {
    code: value,
    ...(code.id ? { id: code.id } : {}),
    ...(code.description || code.name ? { description: (code.description ?? code.name) as string } : {}),
    vendor: VENDOR,
    raw,
  };
}

/** The user's own presence (22.0 and 22.3 values; 22.3 removed AVAILABLE and ON_CALL, added ONLINE, OTHER_CALL, RINGING). */
const PRESENCE: Readonly<Record<string, PresenceState>> = {
  AVAILABLE: 'available',
  ONLINE: 'available',
  ON_CALL: 'busy',
  OTHER_CALL: 'busy',
  RINGING: 'busy',
  AWAY: 'away',
  BUSINESS_TRIP: 'away',
  LUNCH: 'away',
  DO_NOT_DISTURB: 'dnd',
  OFFLINE: 'offline',
};

/**
 * One state from PortSIP's three signals, in this order: no registration (`status` OFFLINE)
 * → offline; DND (`presence` DO_NOT_DISTURB or `enable_dnd`) → dnd; on a call (`status`
 * ON_CALL / OTHER_CALL) → busy; otherwise the user's `presence`, else `status` ONLINE →
 * available.
 */
export function presenceState(status: WireUserStatus): PresenceState {
  if (status.status === 'OFFLINE') return 'offline';
  if (status.presence === 'DO_NOT_DISTURB' || status.enable_dnd === true) return 'dnd';
  if (status.status === 'ON_CALL' || status.status === 'OTHER_CALL') return 'busy';
  const presence = fromVendorEnum(PRESENCE, status.presence);
  if (presence !== 'unknown') return presence;
  return status.status === 'ONLINE' ? 'available' : 'unknown';
}

export function toPresence(userId: string, status: WireUserStatus, raw: Raw): UserPresence {
  const registrations = status.registration ?? undefined;
  return {
    userId,
    state: presenceState(status),
    ...(status.presence_note ? { note: status.presence_note } : {}),
    ...(typeof status.enable_dnd === 'boolean' ? { dnd: status.enable_dnd } : {}),
    ...(registrations
      ? {
          registeredDevices: registrations.length,
          registrations: registrations.map((r) => ({
            ...(r.user_agent ? { userAgent: r.user_agent } : {}),
            ...(r.application ? { application: r.application } : {}),
            ...(r.ip ? { ip: r.ip } : {}),
            ...(r.contact_address ? { contact: r.contact_address } : {}),
          })),
        }
      : {}),
    vendor: VENDOR,
    raw,
  };
}

/** A role; 22.3's `id` (its path key since 22.3) is read from `raw` when present. */
export function toRole(role: WireRole, raw: Raw): Role {
  const id = raw['id'];
  return {
    name: role.name,
    ...(typeof id === 'string' && id !== '' ? { id } : typeof id === 'number' ? { id: String(id) } : {}),
    ...(role.description ? { description: role.description } : {}),
    vendor: VENDOR,
    raw,
  };
}
