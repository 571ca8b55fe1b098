/**
 * Deterministic seed data: the same seed and the same UTC day give the same PBX (ids,
 * names, memberships, CDRs). Only `seedTools` randomness is used here; tokens are the only
 * thing not reproducible.
 */
import { seedTools, startOfUtcDay, type SeedTools } from '../../../core/sim/random.js';
import type { SimConfig } from './options.js';
import { seedCdrs } from './seed-cdrs.js';
import { seedContactCentre } from './seed-contact-centre.js';
import { SimState, type AgentStatus, type QueueRecord, type UserRecord } from './state.js';
import { TokenStore } from './tokens.js';
import { sampleDistinct } from '../../../core/sim/sample.js';

const TENANT_DOMAIN = 'pbx.example.com';
export const ADMIN_USERNAME = 'admin';
/** Passwords of the seeded accounts (simulator only). */
export const ADMIN_PASSWORD = 'Sim-Admin-Passw0rd!';
export const USER_PASSWORD = 'Sim-User-Passw0rd!';

const DAY = 86_400_000;
const DEPARTMENTS = ['Sales', 'Support', 'Finance', 'Engineering', 'Marketing', 'Operations', 'HR'];
const GROUPS: ReadonlyArray<readonly [string, string]> = [
  ['Sales', 'Account managers and inside sales'],
  ['Support', 'First- and second-line support'],
  ['Finance', 'Accounting and billing'],
  ['Engineering', 'Product development'],
  ['Management', 'Leadership team'],
  ['Night Shift', 'Out-of-hours cover'],
];
const QUEUES: ReadonlyArray<readonly [string, string, string]> = [
  ['Support', '8000', 'LEAST_WORKED_HUNT'],
  ['Sales', '8001', 'RING_SIMULTANEOUSLY'],
  ['Billing', '8002', 'SKILL_BASED_ROUTING_PRIORITIZED_HUNT'],
];
const QUEUE_EXTENSIONS = new Set(QUEUES.map(([, extension]) => extension));
const SEEDED_AGENT_STATUSES: readonly AgentStatus[] = ['LOGGED_OUT', 'LOGGED_OUT', 'READY', 'READY', 'READY', 'NOT_READY', 'QUEUE_CALL'];

const fullName = (rng: SeedTools): string => {
  const { firstName, lastName } = rng.person();
  return `${firstName} ${lastName}`;
};
function seedUsers(state: SimState, rng: SeedTools, count: number, anchor: number): void {
  // Users were created one after another over the last ~2.5 years: ids grow with extensions.
  let createdAt = anchor - 900 * DAY;
  state.addUser({
    id: state.newId(createdAt),
    name: ADMIN_USERNAME,
    password: ADMIN_PASSWORD,
    role: 'Admin',
    extension_number: '100',
    extension_password: rng.token(16),
    voicemail_pin: rng.digits(6),
    email: `admin@${TENANT_DOMAIN}`,
    display_name: 'PBX Administrator',
    enabled: true,
    mobile_phone: null,
    work_phone: null,
    home_phone: null,
    address: null,
    department: 'Operations',
    created_at: createdAt,
    settings: {},
  });
  const step = Math.max(1, Math.floor((850 * DAY) / count));
  let extension = 1000;
  for (let i = 1; i < count; i++) {
    createdAt += rng.int(1, 2 * step);
    do extension++;
    while (QUEUE_EXTENSIONS.has(String(extension)));
    const { firstName, lastName } = rng.person();
    const base = `${firstName}.${lastName}`.toLowerCase();
    const name = state.userByName(base) ? `${base}${extension}` : base;
    const user: UserRecord = {
      id: state.newId(createdAt),
      name,
      password: USER_PASSWORD,
      role: 'StandardUser',
      extension_number: String(extension),
      extension_password: rng.token(16),
      voicemail_pin: rng.digits(6),
      email: `${name}@example.com`,
      display_name: `${firstName} ${lastName}`,
      // The first one is `standardUser`: it must be able to log in.
      enabled: i === 1 || rng.chance(0.95),
      mobile_phone: rng.chance(0.6) ? rng.mobile() : null,
      work_phone: rng.chance(0.3) ? `+468${rng.digits(7)}` : null,
      home_phone: null,
      address: null,
      department: rng.chance(0.9) ? rng.pick(DEPARTMENTS) : null,
      created_at: createdAt,
      settings: rng.chance(0.1) ? { enable_audio_recording: true } : {},
    };
    state.addUser(user);
  }
}

/** `count` distinct items of `items`, in seeded order. */
function seedGroups(state: SimState, rng: SeedTools, anchor: number): void {
  const userIds = [...state.users.keys()];
  let createdAt = anchor - 120 * DAY;
  for (const [name, description] of GROUPS) {
    createdAt += rng.int(1, 10) * DAY;
    // At most a third of the users per group: tests need users outside every group.
    const members = sampleDistinct(rng.random, userIds, Math.min(rng.int(3, 12), Math.floor(userIds.length / 3)));
    const id = state.newId(createdAt);
    state.groups.set(id, { id, name, description, outbound_caller_ids: [], members: new Set(members) });
  }
}

function seedQueues(state: SimState, rng: SeedTools, anchor: number): void {
  const userIds = [...state.users.keys()];
  let createdAt = anchor - 100 * DAY;
  QUEUES.forEach(([name, extension, strategy], index) => {
    createdAt += rng.int(1, 10) * DAY;
    const agents = sampleDistinct(rng.random, userIds, Math.min(rng.int(8, 12), Math.floor(userIds.length / 2)));
    const queue: QueueRecord = {
      id: state.newId(createdAt),
      name,
      extension_number: extension,
      polling_strategy: strategy,
      ring_time: rng.pick([15, 20, 30]),
      max_callers: rng.pick([10, 20, 50]),
      max_waiting_time: rng.pick([120, 300, 600]),
      agents: new Map(agents.map((id) => [id, { skill_level: rng.int(1, 10), status: rng.pick(SEEDED_AGENT_STATUSES) }])),
      // Assumption: the waiting list is a fixed snapshot (a few external callers on the first queue).
      waiting:
        index === 0
          ? Array.from({ length: rng.int(2, 4) }, () => ({
              session_id: state.newId(anchor),
              extension_number: `46${rng.int(1, 9)}${rng.digits(8)}`,
              display_name: rng.chance(0.5) ? fullName(rng) : null,
              waiting_time: rng.int(5, 240),
            })).sort((a, b) => b.waiting_time - a.waiting_time)
          : [],
    };
    state.queues.set(queue.id, queue);
  });
}

/** Builds the seeded PBX for `config`. */
export function seedState(config: SimConfig): SimState {
  const rng = seedTools(config.seed);
  const anchor = startOfUtcDay(new Date(config.now())).getTime();
  const state = new SimState(TENANT_DOMAIN, config.now, new TokenStore(config.now, config.tokenTtlSeconds), rng.int(1, 4096));
  seedUsers(state, rng, config.users, anchor);
  seedGroups(state, rng, anchor);
  seedQueues(state, rng, anchor);
  seedCdrs(state, rng, { count: config.cdrs, anchor, enumDrift: config.enumDrift });
  seedContactCentre(state, config.seed, anchor);
  return state;
}
