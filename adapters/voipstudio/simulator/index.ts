/**
 * The VoIPStudio simulator: an in-memory, stateful account speaking VoIPStudio's REST dialect
 * (`{data}` / `{data, total}` envelopes, JSON `filter` arrays, page/limit, PATCH writes, 201/204,
 * `{message, errors}` bodies, session tokens that expire when idle) under both
 * `/v1.1/voipstudio` and `/v1.2/voipstudio`. `createVoipStudioSimulator` builds it without
 * listening (drive `app.fetch` in-process or behind nock, inspect `state` and `requests`);
 * `startVoipStudioSimulator` serves it on loopback.
 */
import { SimulatorPlumbing } from '../../../core/sim/instance.js';
import type { RecordedRequest } from '../../../core/sim/record.js';
import { startOfUtcDay } from '../../../core/sim/random.js';
import { runSimulator } from '../../../core/sim/run.js';
import type { RunningSimulator, SimulatorFacts, SimulatorInstance, SimulatorOptions } from '../../../core/sim/types.js';
import type { VoipStudioCredentials } from '../auth.js';
import { createApp } from './app.js';
import { startLive } from '../../../core/sim/live.js';
import { liveHooks } from './live.js';
import type { SimApp } from './http.js';
import { resolveOptions, type SimConfig, type VoipStudioSimulatorOptions } from './options.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, USER_PASSWORD, seedState } from './seed.js';
import type { SimState } from './state.js';

export type { VoipStudioSimulatorOptions } from './options.js';
export type { RecordedRequest } from '../../../core/sim/record.js';
export type { SimState, UserRecord, GroupRecord, QueueRecord, CdrRecord } from './state.js';

const DAY = 86_400_000;

export interface VoipStudioLogin {
  readonly email: string;
  readonly password: string;
}

export interface VoipStudioSimulator extends SimulatorInstance<VoipStudioCredentials> {
  /** The Hono app (its `fetch` is the `handler`). */
  readonly app: SimApp;
  /** The account's data, live. */
  readonly state: SimState;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** The root admin. */
  readonly credentials: VoipStudioLogin;
  /** A seeded standard (non-root) user. */
  readonly standardUser: VoipStudioLogin;
  /** A long-lived API key of the root admin, with its user id. */
  readonly apiKey: { readonly apiKey: string; readonly userId: string };
  readonly config: SimConfig;
}

function factsOf(state: SimState): SimulatorFacts {
  let free = 7000;
  while (state.extensionTaken(String(free))) free++;
  // The last full week before today: holds records whenever any were seeded.
  const today = startOfUtcDay(new Date(state.now())).getTime();
  return {
    // Seeded ids stay far below it.
    missingId: '999999999',
    freeExtension: String(free),
    cdrRange: { from: new Date(today - 7 * DAY), to: new Date(today) },
  };
}

export function createVoipStudioSimulator(options: SimulatorOptions & VoipStudioSimulatorOptions = {}): VoipStudioSimulator {
  const config = resolveOptions(options);
  const state = seedState(config);
  const plumbing = new SimulatorPlumbing(
    {
      errorBody: (_status, message) => ({ message, errors: [] }),
      expireSessions: () => state.sessions.expireSessions(),
    },
    state.now,
  );
  const app = createApp(state, config, plumbing.requests, plumbing.faults);
  const admin = [...state.users.values()].find((u) => u.is_root)!;
  const standard = [...state.users.values()].find((u) => !u.is_root && u.active)!;
  const { token } = state.sessions.createApiKey(admin.id, 'unipbx simulator', null);
  const live = startLive('VoIPStudio', options.live, config.seed, state.now, () => liveHooks(state));
  return {
    ...plumbing.instance({ vendor: 'voipstudio', handler: app, basePath: '/v1.2/voipstudio', credentials: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, facts: factsOf(state) }),
    ...(live ? { live } : {}),
    app,
    state,
    requests: plumbing.requests,
    standardUser: { email: standard.email, password: USER_PASSWORD },
    apiKey: { apiKey: token, userId: String(admin.id) },
    config,
  };
}

/** Starts the simulator on loopback; `url` ends in `/v1.2/voipstudio` (the v1.1 paths are served too). */
export async function startVoipStudioSimulator(options: SimulatorOptions & VoipStudioSimulatorOptions = {}): Promise<RunningSimulator<VoipStudioCredentials>> {
  return runSimulator(createVoipStudioSimulator(options), options);
}
