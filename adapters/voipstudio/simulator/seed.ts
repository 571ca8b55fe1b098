/**
 * Deterministic seed data: the same seed and the same UTC day give the same account (ids,
 * names, teams, queue members, CDRs). Only `seedTools` randomness is used here; tokens are the
 * only thing not reproducible.
 */
import { createHash } from 'node:crypto';
import { seedTools, startOfUtcDay, type SeedTools } from '../../../core/sim/random.js';
import { sampleDistinct } from '../../../core/sim/sample.js';
import type { SimConfig } from './options.js';
import { seedCdrs } from './seed-cdrs.js';
import { SessionStore } from './sessions.js';
import { SimState, type QueueRecord, type UserRecord } from './state.js';

const DOMAIN = 'acme.example';
export const ADMIN_EMAIL = `admin@${DOMAIN}`;
/** Passwords of the seeded accounts (simulator only). */
export const ADMIN_PASSWORD = 'Sim-Admin-Passw0rd!';
export const USER_PASSWORD = 'Sim-User-Passw0rd!';

const DAY = 86_400_000;
const TEAMS: ReadonlyArray<readonly [string, string]> = [
  ['Sales', '#e91e63'],
  ['Support', '#2196f3'],
  ['Finance', '#4caf50'],
  ['Engineering', '#9c27b0'],
  ['Management', '#ff9800'],
  ['Night Shift', '#607d8b'],
];
// Asterisk's queue strategies (VoIPStudio runs on Asterisk; the values are passed through as `strategy`).
const QUEUES: ReadonlyArray<readonly [string, string, string]> = [
  ['Support', '8000', 'ringall'],
  ['Sales', '8001', 'leastrecent'],
  ['Billing', '8002', 'rrmemory'],
];
const QUEUE_NUMBERS = new Set(QUEUES.map(([, number]) => number));
const LANGUAGES = ['en', 'en', 'en', 'pl', 'de', 'fr'];

/** A user's SIP device password, derived from the seed and the user id (16 hex digits). */
const sipPassword = (seed: number, userId: number): string => createHash('sha256').update(`sip:${seed}:${userId}`).digest('hex').slice(0, 16);

/** A UK mobile number in E.164. */
const mobile = (rng: SeedTools): string => `+447${rng.int(4, 9)}${rng.digits(8)}`;

function seedUsers(state: SimState, rng: SeedTools, count: number, anchor: number, seed: number): void {
  // Users joined one after another over the last ~2.5 years: ids grow with extensions.
  let createdAt = anchor - 900 * DAY;
  const adminId = state.newId('user');
  const admin: UserRecord = {
    id: adminId,
    first_name: 'Account',
    last_name: 'Owner',
    email: ADMIN_EMAIL,
    ext: '100',
    password: ADMIN_PASSWORD,
    is_root: true,
    is_initial: true,
    roles: ['ROLE_ADMIN'],
    created_at: createdAt,
    mobile: null,
    active: true,
    dnd: false,
    two_factor_auth: 'D',
    location_id: null,
    groups: [],
    vm_pin: rng.digits(4),
    sip_password: sipPassword(seed, adminId),
    language: 'en',
    cc: '44',
  };
  state.users.set(admin.id, admin);
  const step = Math.max(1, Math.floor((850 * DAY) / count));
  const emails = new Set([ADMIN_EMAIL]);
  let ext = 1000;
  for (let i = 1; i < count; i++) {
    createdAt += rng.int(1, 2 * step);
    do ext++;
    while (QUEUE_NUMBERS.has(String(ext)));
    const { firstName, lastName } = rng.person();
    const local = `${firstName}.${lastName}`.toLowerCase();
    const email = emails.has(`${local}@${DOMAIN}`) ? `${local}${ext}@${DOMAIN}` : `${local}@${DOMAIN}`;
    emails.add(email);
    const id = state.newId('user', rng.int(1, 3));
    const user: UserRecord = {
      id,
      first_name: firstName,
      last_name: lastName,
      email,
      ext: String(ext),
      mobile: rng.chance(0.6) ? mobile(rng) : null,
      password: USER_PASSWORD,
      // The first one is `standardUser`: it must be able to log in.
      active: i === 1 || rng.chance(0.95),
      dnd: rng.chance(0.05),
      is_root: false,
      is_initial: false,
      roles: ['ROLE_USER'],
      created_at: createdAt,
      location_id: rng.chance(0.3) ? rng.int(1, 3) : null,
      groups: [],
      two_factor_auth: 'D',
      vm_pin: rng.digits(4),
      // Derived, not drawn: the other seeded values stay as they were.
      sip_password: sipPassword(seed, id),
      language: rng.pick(LANGUAGES),
      cc: '44',
    };
    state.users.set(user.id, user);
  }
}

function seedTeams(state: SimState, rng: SeedTools): void {
  const users = [...state.users.values()];
  for (const [name, color] of TEAMS) {
    const id = state.newId('group', rng.int(1, 5));
    state.groups.set(id, { id, name, color });
    // At most a third of the users per team: tests need users outside every team.
    for (const user of sampleDistinct(rng.random, users, Math.min(rng.int(3, 12), Math.floor(users.length / 3)))) user.groups.push(id);
  }
}

function seedQueues(state: SimState, rng: SeedTools): void {
  const userIds = [...state.users.keys()];
  for (const [name, number, strategy] of QUEUES) {
    const members = sampleDistinct(rng.random, userIds, Math.max(1, Math.min(rng.int(6, 10), Math.floor(userIds.length / 2))));
    const queue: QueueRecord = {
      id: state.newId('queue', rng.int(1, 5)),
      name,
      number,
      ring_strategy: strategy,
      ring_time: rng.pick([15, 20, 30]),
      users: members.map((id) => ({ id, status: rng.chance(0.5) })),
    };
    state.queues.set(queue.id, queue);
  }
}

/** Builds the seeded account for `config`. */
export function seedState(config: SimConfig): SimState {
  const rng = seedTools(config.seed);
  const anchor = startOfUtcDay(new Date(config.now())).getTime();
  const state = new SimState(config.now, new SessionStore(config.now, config.idleTimeoutMs), {
    // VoIPStudio user ids have 6–7 digits (its API credentials are `^[0-9]{6,7}:[a-f0-9]{40}$`, VoIPstudio/queue-api).
    user: 200_000 + rng.int(0, 699_999),
    group: 200 + rng.int(0, 99),
    queue: 300 + rng.int(0, 99),
    cdr: 5_000_000 + rng.int(0, 99_999),
  });
  seedUsers(state, rng, config.users, anchor, config.seed);
  for (const email of config.twoFactorUsers) {
    const user = state.userByEmail(email);
    if (user) user.two_factor_auth = 'E';
  }
  seedTeams(state, rng);
  seedQueues(state, rng);
  seedCdrs(state, rng, { count: config.cdrs, anchor });
  return state;
}
