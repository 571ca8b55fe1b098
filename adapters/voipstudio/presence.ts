/**
 * Presence as far as VoIPStudio's user record shows it (vendor-docs/voipstudio-customer-module.txt):
 * `dnd` ("Do Not Disturb is enabled") and `nb_sip_locations` ("Number of registered SIP clients").
 * One `GET /users/{id}` per user (4 at a time); VoIPStudio reports no call state, so `busy` and
 * `away` never appear. Users that do not exist (404) are left out.
 */
import { mapConcurrent } from '../../core/concurrent.js';
import { isPbxError } from '../../core/errors.js';
import type { PresenceState, User, UserPresence } from '../../core/model.js';
import type { PresencePort } from '../../core/port.js';
import type { VoipStudioUsers } from './users.js';

const CONCURRENCY = 4;

/** dnd → dnd; no registered SIP client → offline; one or more → available; neither field → unknown. */
export function voipstudioPresenceOf(user: User): UserPresence {
  const dnd = typeof user.raw['dnd'] === 'boolean' ? (user.raw['dnd'] as boolean) : undefined;
  const locations = user.raw['nb_sip_locations'];
  const devices = typeof locations === 'number' && Number.isInteger(locations) && locations >= 0 ? locations : undefined;
  const state: PresenceState = dnd ? 'dnd' : devices === 0 ? 'offline' : devices !== undefined ? 'available' : 'unknown';
  return {
    userId: user.id,
    state,
    ...(dnd !== undefined ? { dnd } : {}),
    ...(devices !== undefined ? { registeredDevices: devices } : {}),
    vendor: user.vendor,
    raw: { dnd: user.raw['dnd'], nb_sip_locations: locations },
  };
}

export function voipstudioPresence(users: VoipStudioUsers): Required<PresencePort> {
  return {
    async get(ids, ctx) {
      const found = await mapConcurrent(ids, CONCURRENCY, async (id) => {
        try {
          return voipstudioPresenceOf(await users.read(id, ctx, 'users.presence'));
        } catch (error) {
          if (isPbxError(error, 'NOT_FOUND')) return undefined;
          throw error;
        }
      });
      return found.filter((p): p is UserPresence => p !== undefined);
    },
  };
}
