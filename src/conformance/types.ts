import type { CapabilityManifest, OperationName } from '../../core/capabilities.js';
import type { PbxClient } from '../../core/client.js';
import type { SimulatorFacts } from '../../core/sim/types.js';

/** Facts about the PBX's data that the suite relies on (a simulator provides them; for a real PBX, you do). */
export type ConformanceFacts = SimulatorFacts;

/** One isolated PBX and a client for it; each test gets a fresh one. */
export interface ConformanceContext {
  readonly client: PbxClient;
  readonly facts: ConformanceFacts;
  /** Requests the PBX has received so far; lets the suite prove that refused calls send nothing. */
  readonly requestCount?: () => number;
  teardown(): Promise<void>;
}

/** What you run the suite against. */
export interface ConformanceTarget {
  /** Shown in test titles, e.g. `portsip (simulator over loopback)`. */
  readonly name: string;
  /** The vendor's manifest: decides which tests run (known before any setup). */
  readonly capabilities: CapabilityManifest;
  /** A fresh, isolated PBX and client. */
  setup(): Promise<ConformanceContext>;
}

/** The subset of a test framework the suite needs (vitest, jest and mocha all fit). */
export interface TestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
}

/** One behaviour test; it runs only when every operation it needs is supported. */
export interface ConformanceCase {
  readonly name: string;
  readonly needs: readonly OperationName[];
  run(ctx: ConformanceContext): Promise<void>;
}
