/**
 * The NetPBX Web API v1 simulator: an in-memory, stateful tenant answering in the ASSUMED
 * ASP.NET shapes of docs/netpbx.md (PascalCase by default, camelCase on request).
 * `createNetPbxSimulator` builds it without listening (drive `app.fetch` in-process or behind
 * nock, inspect `state` and `requests`); `startNetPbxSimulator` serves it on loopback.
 */
import { SimulatorPlumbing } from '../../../core/sim/instance.js';
import type { RecordedRequest } from '../../../core/sim/record.js';
import { startOfUtcDay } from '../../../core/sim/random.js';
import { runSimulator } from '../../../core/sim/run.js';
import type { RunningSimulator, SimulatorFacts, SimulatorInstance, SimulatorOptions } from '../../../core/sim/types.js';
import type { NetPbxCredentials } from '../auth.js';
import { createApp } from './app.js';
import { startLive } from '../../../core/sim/live.js';
import { liveHooks } from './live.js';
import { withCasing } from './format.js';
import type { SimApp } from './http.js';
import { resolveOptions, type NetPbxSimulatorOptions, type SimConfig } from './options.js';
import { ADMIN_PASSWORD, ADMIN_USERNAME, USER_PASSWORD, seedState } from './seed.js';
import type { SimState } from './state.js';

export type { Casing, GroupTypeFormat, NetPbxSimulatorOptions } from './options.js';
export type { RecordedRequest } from '../../../core/sim/record.js';
export type { SimState, UserRecord, GroupRecord, MemberRecord, PulseStatus } from './state.js';

const DAY = 86_400_000;

export interface NetPbxLogin {
  readonly username: string;
  readonly password: string;
}

export interface NetPbxSimulator extends SimulatorInstance<NetPbxCredentials> {
  /** The Hono app (its `fetch` is the `handler`). */
  readonly app: SimApp;
  /** The tenant's data, live. */
  readonly state: SimState;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** The tenant admin. */
  readonly credentials: NetPbxLogin;
  /** A seeded standard user (a member of every queue group). */
  readonly standardUser: NetPbxLogin;
  readonly config: SimConfig;
}

function factsOf(state: SimState): SimulatorFacts {
  let free = 7000;
  while (state.extensionTaken(String(free))) free++;
  const yesterday = startOfUtcDay(new Date(state.now() - DAY));
  return {
    // Seeded ids stay far below it.
    missingId: '999999',
    freeExtension: String(free),
    // NetPBX has no call records (cdrs.* are unsupported); the range is only a well-formed one.
    cdrRange: { from: yesterday, to: new Date(yesterday.getTime() + DAY) },
  };
}

export function createNetPbxSimulator(options: SimulatorOptions & NetPbxSimulatorOptions = {}): NetPbxSimulator {
  const config = resolveOptions(options);
  const state = seedState(config);
  const plumbing = new SimulatorPlumbing(
    {
      errorBody: (_status, message) => withCasing({ Message: message }, config.casing),
      expireSessions: () => state.tokens.expireAll(),
    },
    state.now,
  );
  const app = createApp(state, config, plumbing.requests, plumbing.faults);
  const standard = [...state.users.values()].find((u) => u.role === 'Standard')!;
  const live = startLive('NetPBX', options.live, config.seed, state.now, () => liveHooks(state));
  return {
    ...plumbing.instance({ vendor: 'netpbx', handler: app, basePath: '', credentials: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD }, facts: factsOf(state) }),
    ...(live ? { live } : {}),
    app,
    state,
    requests: plumbing.requests,
    standardUser: { username: standard.userName, password: USER_PASSWORD },
    config,
  };
}

/** Starts the simulator on loopback; `url` is the server root (the adapter appends `api/v1/`). */
export async function startNetPbxSimulator(options: SimulatorOptions & NetPbxSimulatorOptions = {}): Promise<RunningSimulator<NetPbxCredentials>> {
  return runSimulator(createNetPbxSimulator(options), options);
}
