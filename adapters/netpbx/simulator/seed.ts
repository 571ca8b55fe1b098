/**
 * Deterministic seed data: the same seed gives the same tenant (ids, names, groups,
 * memberships, pulses). Only `seedTools` randomness is used; tokens are the only thing not
 * reproducible.
 */
import { seedTools, type SeedTools } from '../../../core/sim/random.js';
import { sampleDistinct } from '../../../core/sim/sample.js';
import { hasWrapUp, groupKind } from '../map.js';
import type { SimConfig } from './options.js';
import { SimState, type GroupRecord, type PulseStatus, type UserRecord } from './state.js';
import { TokenStore } from './tokens.js';

export const ADMIN_USERNAME = 'admin';
/** Passwords of the seeded accounts (simulator only). */
export const ADMIN_PASSWORD = 'Sim-NetPBX-Admin-Passw0rd!';
export const USER_PASSWORD = 'Sim-NetPBX-User-Passw0rd!';

/**
 * The group types: the four queue types the QueuePulses documentation names, a hunt group
 * without queue and one type unipbx does not know (it maps to kind `other`). Type names and
 * their enum integers (the `groupType: 'integer'` option) are assumptions (docs/netpbx.md).
 */
const GROUPS: ReadonlyArray<readonly [name: string, type: string, typeCode: number]> = [
  ['Reception', 'AttendantGroup', 4],
  ['Support', 'CustomerCenterGroup', 5],
  ['Sales', 'AcdGroup', 3],
  ['Billing', 'HuntGroupWithQueue', 2],
  ['Technicians', 'HuntGroup', 1],
  ['Warehouse pickup', 'CallPickupGroup', 6],
];
const LANGUAGES = ['sv-SE', 'sv-SE', 'en-GB', 'nb-NO', 'fi-FI'];

function seedUsers(state: SimState, rng: SeedTools, count: number): void {
  let id = 1000 + rng.int(0, 899);
  state.addUser({
    id,
    userName: ADMIN_USERNAME,
    password: ADMIN_PASSWORD,
    role: 'TenantAdmin',
    firstName: 'Tenant',
    lastName: 'Administrator',
    email: 'admin@netpbx.example.com',
    extension: '100',
    mobileNumber: null,
    mex: false,
    language: 'sv-SE',
  });
  for (let i = 1; i < count; i++) {
    id += rng.int(1, 3);
    const { firstName, lastName } = rng.person();
    const extension = String(1000 + i);
    const base = `${firstName}.${lastName}`.toLowerCase();
    const userName = state.userByLogin(base) ? `${base}${extension}` : base;
    const user: UserRecord = {
      id,
      userName,
      password: USER_PASSWORD,
      role: 'Standard',
      firstName,
      lastName,
      // A few users have no email (blank fields are null).
      email: rng.chance(0.95) ? `${userName}@example.com` : null,
      extension,
      // The first one is `standardUser`; it is never a MEX user, so it can change its own number.
      mex: i > 1 && rng.chance(0.1),
      mobileNumber: rng.chance(0.6) ? rng.mobile() : null,
      language: rng.pick(LANGUAGES),
    };
    state.addUser(user);
  }
}

function seedGroups(state: SimState, rng: SeedTools): void {
  const standard = [...state.users.values()].filter((u) => u.role === 'Standard').map((u) => u.id);
  const [first, ...others] = standard;
  let id = 100 + rng.int(0, 199);
  GROUPS.forEach(([name, type, typeCode], index) => {
    id += rng.int(1, 4);
    const queue = groupKind(type) === 'queue';
    const statuses: PulseStatus[] = ['Available', 'Available', 'Busy', 'Paused', ...(hasWrapUp(type) ? (['WrapUp'] as const) : [])];
    // At most half the users per group; the first standard user is in every queue group (it logs itself in and out).
    const picked = sampleDistinct(rng.random, others, Math.min(rng.int(queue ? 5 : 3, queue ? 10 : 6), Math.max(1, Math.floor(others.length / 2))));
    const memberIds = queue && first !== undefined ? [first, ...picked] : picked;
    const members = new Map(
      memberIds.map((userId) => {
        const loggedIn = rng.chance(0.6);
        return [userId, { loggedIn, status: loggedIn ? rng.pick(statuses) : ('LoggedOut' as const) }];
      }),
    );
    const callsWaiting = queue ? rng.int(0, 4) : 0;
    const group: GroupRecord = {
      id,
      name,
      type,
      typeCode,
      extension: String(200 + index),
      queue,
      members,
      callsWaiting,
      longestWaitSeconds: callsWaiting > 0 ? rng.int(5, 420) : 0,
    };
    state.groups.set(id, group);
  });
}

/** Builds the seeded tenant for `config`. */
export function seedState(config: SimConfig): SimState {
  const rng = seedTools(config.seed);
  const state = new SimState(config.now, new TokenStore(config.now, config.tokenTtlSeconds));
  seedUsers(state, rng, config.users);
  seedGroups(state, rng);
  return state;
}
