/**
 * The PortSIP PBX v22 simulator: an in-memory, stateful server speaking PortSIP's REST
 * dialect for everything the adapter sends. `createPortSipSimulator` builds it without
 * listening (drive `app.fetch` in-process or behind nock, inspect `state` and `requests`);
 * `startPortSipSimulator` serves it on loopback.
 */
import { SimulatorPlumbing } from '../../../core/sim/instance.js';
import { runSimulator } from '../../../core/sim/run.js';
import { startOfUtcDay } from '../../../core/sim/random.js';
import type { RunningSimulator, SimulatorFacts, SimulatorInstance, SimulatorOptions } from '../../../core/sim/types.js';
import type { PortSipCredentials } from '../auth.js';
import { createApp } from './app.js';
import { startLive } from '../../../core/sim/live.js';
import { liveHooks } from './live.js';
import { snowflakeId } from './format.js';
import type { SimApp } from './http.js';
import type { RecordedRequest } from '../../../core/sim/record.js';
import { resolveOptions, type PortSipSimulatorOptions } from './options.js';
import { ADMIN_PASSWORD, ADMIN_USERNAME, USER_PASSWORD, seedState } from './seed.js';
import type { SimState } from './state.js';

export type { PortSipSimulatorOptions, LoginGeneration } from './options.js';
export type { RecordedRequest } from '../../../core/sim/record.js';
export type { SimState } from './state.js';

const DAY = 86_400_000;

export interface PortSipLogin {
  readonly username: string;
  readonly password: string;
}

export interface PortSipSimulator extends SimulatorInstance<PortSipCredentials> {
  /** The Hono app (its `fetch` is the `handler`). */
  readonly app: SimApp;
  /** The PBX's data, live. */
  readonly state: SimState;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** The admin account. */
  readonly credentials: PortSipLogin;
  /** A seeded StandardUser account. */
  readonly standardUser: PortSipLogin;
}

function factsOf(state: SimState): SimulatorFacts {
  let free = 7000;
  while (state.extensionTaken(String(free))) free++;
  // A week around the median call: always holds records when there are any.
  const median = state.cdrs[Math.floor(state.cdrs.length / 2)];
  const from = startOfUtcDay(new Date(median?.startedAt ?? state.now() - 7 * DAY));
  return {
    // The sequence part of seeded ids never reaches its maximum.
    missingId: snowflakeId(Date.UTC(2024, 0, 1), 0x3fffff),
    freeExtension: String(free),
    cdrRange: { from, to: new Date(from.getTime() + 7 * DAY) },
  };
}

export function createPortSipSimulator(options: SimulatorOptions & PortSipSimulatorOptions = {}): PortSipSimulator {
  const config = resolveOptions(options);
  const state = seedState(config);
  const plumbing = new SimulatorPlumbing(
    {
      errorBody: (status, message) => ({ errors: [{ code: status === 429 ? 'TOO_MANY_REQUESTS' : 'UNKNOWN', message }] }),
      expireSessions: () => state.tokens.expireAccessTokens(),
    },
    state.now,
  );
  const app = createApp(state, config, plumbing.requests, plumbing.faults);
  const standard = [...state.users.values()].find((u) => u.role === 'StandardUser')!;
  const live = startLive('PortSIP', options.live, config.seed, state.now, () => liveHooks(state));
  return {
    ...plumbing.instance({ vendor: 'portsip', handler: app, basePath: '', credentials: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD }, facts: factsOf(state) }),
    ...(live ? { live } : {}),
    app,
    state,
    requests: plumbing.requests,
    standardUser: { username: standard.name, password: USER_PASSWORD },
  };
}

/** Starts the simulator on loopback; `url` is the server root (the adapter appends `/api/`). */
export async function startPortSipSimulator(options: SimulatorOptions & PortSipSimulatorOptions = {}): Promise<RunningSimulator<PortSipCredentials>> {
  return runSimulator(createPortSipSimulator(options), options);
}
