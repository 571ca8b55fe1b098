/**
 * Presence as far as the NetPBX Web API shows it: it has no presence or DND endpoint, but queue
 * pulses (`GET api/v1/queuepulses`) give each member of a queue-type group a live status. A
 * user's presence is read from its statuses there (the first one that says something); users
 * in no queue-type group are `unknown`. `GET api/v1/users` (one request: NetPBX does not
 * page) tells which ids exist. See docs/contact-centre.md.
 */
import type * as z from 'zod';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import type { PresenceState, UserPresence } from '../../core/model.js';
import type { PresencePort } from '../../core/port.js';
import { fromVendorEnum, keepRaw, sendParsed } from '../../core/wire.js';
import { isRouteMiss, routeMissing } from './errors.js';
import { VENDOR, normalizeName } from './map.js';
import { WirePulseMember, WireUser, arrayOf, wirePulse } from './wire.js';

const OPERATION = 'users.presence';
const UserList = arrayOf(WireUser);
const PulseList = arrayOf(wirePulse(keepRaw(WirePulseMember)));

/** Pulse member statuses (normalised names, as for agents) as presence. Logged out of a queue says nothing about presence. */
const PULSE_PRESENCE: Readonly<Record<string, PresenceState>> = {
  available: 'available',
  ready: 'available',
  idle: 'available',
  free: 'available',
  busy: 'busy',
  talking: 'busy',
  incall: 'busy',
  oncall: 'busy',
  ringing: 'busy',
  wrapup: 'busy',
  clerical: 'busy',
  aftercallwork: 'busy',
  paused: 'away',
  pause: 'away',
  notready: 'away',
  away: 'away',
  break: 'away',
  dnd: 'dnd',
  donotdisturb: 'dnd',
  offline: 'offline',
  unregistered: 'offline',
};

const get = async <S extends z.ZodType>(kernel: HttpKernel, path: string, schema: S, what: string, ctx: RequestContext): Promise<z.output<S>> => {
  try {
    return await sendParsed(kernel, { operation: OPERATION, method: 'GET', path }, schema, ctx, what);
  } catch (error) {
    throw isRouteMiss(error) ? routeMissing(path, OPERATION, error) : error;
  }
};

export function netpbxPresence(kernel: HttpKernel): Required<PresencePort> {
  return {
    async get(ids, ctx) {
      const [users, pulses] = await Promise.all([get(kernel, 'users', UserList, 'user list', ctx), get(kernel, 'queuepulses', PulseList, 'queue pulse list', ctx)]);
      const known = new Set(users.map((u) => u.UserId));
      const seen = new Map<string, { state: PresenceState; raw: Record<string, unknown> }>();
      for (const pulse of pulses) {
        for (const { wire, raw } of pulse.Members) {
          const state = typeof wire.Status === 'string' ? fromVendorEnum(PULSE_PRESENCE, normalizeName(wire.Status)) : 'unknown';
          const before = seen.get(wire.MemberId);
          if (!before || (before.state === 'unknown' && state !== 'unknown')) seen.set(wire.MemberId, { state, raw: { ...raw, GroupId: pulse.GroupId } });
        }
      }
      return ids.filter((id) => known.has(id)).map((userId): UserPresence => {
        const found = seen.get(userId);
        return { userId, state: found?.state ?? 'unknown', vendor: VENDOR, raw: found ? { queuePulseMember: found.raw } : {} };
      });
    },
  };
}
