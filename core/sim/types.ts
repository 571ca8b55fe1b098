/** What every vendor simulator takes and returns. */
import type { FaultConfig, FaultInjector } from './faults.js';
import type { FetchHandler } from './serve.js';
import type { LiveDriver, LiveOptions } from './live.js';

export interface SimulatorOptions {
  /** Port on loopback; 0 (default) picks a free one. */
  readonly port?: number;
  /** Seed of the generated data; the same seed gives the same PBX. Default 1. */
  readonly seed?: number;
  /**
   * The simulator's clock. Seed data is anchored at midnight UTC of `now()`'s day and
   * token expiry follows it. Default `Date.now`.
   */
  readonly now?: () => number;
  /** Access-token lifetime in seconds, where the vendor's tokens expire. */
  readonly tokenTtlSeconds?: number;
  /** Seeded users (vendor default when omitted). */
  readonly users?: number;
  /** Seeded call records (vendor default when omitted). */
  readonly cdrs?: number;
  /** Faults to inject from the start (off when omitted); change them later with `faults.configure`. */
  readonly faults?: FaultConfig;
  /** Live mode: calls, agent changes and user edits over time (`true`: the defaults). See core/sim/live.ts. */
  readonly live?: LiveOptions | boolean;
}

/** Facts about a simulator's seeded data that generic tests (the conformance suite) need. */
export interface SimulatorFacts {
  /** A well-formed id that no user, group, queue or CDR has. */
  readonly missingId: string;
  /** An extension number no user has, valid for `users.create`. */
  readonly freeExtension: string;
  /** A `[from, to)` range that contains call records. */
  readonly cdrRange: { readonly from: Date; readonly to: Date };
}

/** A simulator that is not listening: its handler can be called in-process (or behind nock). */
export interface SimulatorInstance<Credentials = unknown> {
  readonly vendor: string;
  readonly handler: FetchHandler;
  /** Path of the API root under the server root, e.g. `/v1.2/voipstudio` (empty when the base URL is the root). */
  readonly basePath: string;
  /** Credentials of a seeded admin account. */
  readonly credentials: Credentials;
  readonly facts: SimulatorFacts;
  /** Requests the simulator has received so far. */
  requestCount(): number;
  /** Fault injection, off until configured. */
  readonly faults?: FaultInjector;
  /** The live-mode driver, when started with `live`. */
  readonly live?: LiveDriver;
}

/** A running simulator. */
export interface RunningSimulator<Credentials = unknown> {
  readonly vendor: string;
  /** Base URL to give the client (`baseUrl`). */
  readonly url: string;
  /** Credentials of a seeded admin account. */
  readonly credentials: Credentials;
  /** In-process fetch (no socket): pass it as the client's `fetch`. */
  readonly fetch: typeof globalThis.fetch;
  readonly facts: SimulatorFacts;
  /** Requests the simulator has received so far. */
  requestCount(): number;
  /** Fault injection (configure, read `stats`); absent when the vendor's simulator has none. */
  readonly faults?: FaultInjector;
  /** The live-mode driver, when started with `live`. */
  readonly live?: LiveDriver;
  /** Stops the server. */
  close(): Promise<void>;
}
