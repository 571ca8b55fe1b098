/**
 * Seed data of the contact-centre additions (issue 12): not-ready codes and users' live
 * status. Seeded after everything else from a random stream of its own, so the older seed
 * data (users, groups, queues, CDRs) stays exactly what it was.
 */
import { seedTools } from '../../../core/sim/random.js';
import { sampleDistinct } from '../../../core/sim/sample.js';
import type { SimState } from './state.js';

/** Assumption: a tenant ships with a handful of codes like these (PortSIP documents no defaults). */
const NOT_READY_CODES: ReadonlyArray<readonly [string, string]> = [
  ['BREAK', 'Short break'],
  ['LUNCH', 'Lunch'],
  ['MEETING', 'Meeting'],
  ['TRAINING', 'Training'],
  ['ADMIN', 'Administrative work'],
];

/** Presence values a registered user may have set (22.3 vocabulary), weighted towards ONLINE. */
const PRESENCES = ['ONLINE', 'ONLINE', 'ONLINE', 'ONLINE', 'AWAY', 'BUSINESS_TRIP', 'LUNCH', 'DO_NOT_DISTURB'];
const APPS: ReadonlyArray<readonly [string, string]> = [
  ['PortSIP UC', 'PortSIP UC/22.3 (iOS)'],
  ['PortSIP UC', 'PortSIP UC/22.3 (Android)'],
  ['Desk phone', 'Yealink SIP-T54W 96.86.0.75'],
  ['Web client', 'PortSIP WebRTC/22.3'],
];

const RING_GROUPS: ReadonlyArray<readonly [string, string, string]> = [
  ['Reception', '8200', 'RING_SIMULTANEOUSLY'],
  ['IT Helpdesk', '8201', 'CYCLIC_HUNT'],
];

export function seedContactCentre(state: SimState, seed: number, anchor: number): void {
  for (const [code, description] of NOT_READY_CODES) state.notReadyCodes.push({ id: state.newId(anchor - 200 * 86_400_000), code, description });
  const rng = seedTools(seed ^ 0x5eed_cc);
  seedRecordings(state, rng);
  const userIds = [...state.users.keys()];
  for (const [name, extension, strategy] of RING_GROUPS) {
    const id = state.newId(anchor - 90 * 86_400_000);
    // At most a quarter of the users: tests need users outside every ring group.
    const members = sampleDistinct(rng.random, userIds, Math.min(rng.int(2, 6), Math.floor(userIds.length / 4)));
    state.ringGroups.set(id, { id, name, extension_number: extension, ring_strategy: strategy, ring_time: 20, agents: new Map(members.map((m) => [m, { skill_level: 1 }])) });
  }
  for (const user of state.users.values()) {
    // About a third of the users have no registered device (offline).
    if (!user.enabled || rng.chance(0.35)) continue;
    const devices = rng.int(1, 2);
    state.presence.set(user.id, {
      presence: rng.pick(PRESENCES),
      presence_note: rng.chance(0.1) ? 'Back at 14:00' : null,
      on_call: rng.chance(0.15),
      registrations: Array.from({ length: devices }, (_, i) => {
        const [application, userAgent] = rng.pick(APPS);
        const ip = `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
        return {
          instance_id: `urn:uuid:${rng.token(8)}-${rng.token(4)}-${i}`,
          user_agent: userAgent,
          application,
          ip,
          enable_push: application === 'PortSIP UC',
          contact_address: `sip:${user.extension_number}@${ip}:${rng.int(5060, 5090)}`,
        };
      }),
    });
  }
}

/** 8 kHz, 8-bit mono (G.711) WAV: 8000 bytes a second after a 44-byte header. */
export const WAV_HEADER_BYTES = 44;
export const WAV_BYTES_PER_SECOND = 8000;

/**
 * About a quarter of the answered calls were recorded. Assumption: a recording starts when the
 * call is answered (0–2 s later: the recorder joins) and ends with the call.
 */
function seedRecordings(state: SimState, rng: ReturnType<typeof seedTools>): void {
  for (const cdr of state.cdrs) {
    if (cdr.answeredAt === null || !rng.chance(0.25)) continue;
    const startedAt = cdr.answeredAt + rng.int(0, 2) * 1000;
    const duration = Math.max(0, Math.round((cdr.endedAt - startedAt) / 1000));
    const id = state.newId(startedAt);
    state.recordings.push({
      id,
      caller: cdr.caller,
      callee: cdr.callee,
      startedAt,
      endedAt: cdr.endedAt,
      duration,
      file_name: `${new Date(startedAt).toISOString().slice(0, 19).replace(/[-:T]/g, '')}_${cdr.caller}_${cdr.callee}.wav`,
      file_size: WAV_HEADER_BYTES + duration * WAV_BYTES_PER_SECOND,
    });
  }
}
