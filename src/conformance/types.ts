import type { CapabilityManifest, OperationName } from '../../core/capabilities.js';
import type { PbxClient } from '../../core/client.js';
import type { ClientHooks } from '../../core/http/kernel.js';
import type { RetryOptions } from '../../core/http/retry.js';

/** Facts about the PBX's data that the suite relies on (a simulator provides them; for a real PBX, you do). */
export interface ConformanceFacts {
  /** A well-formed id that no user, group, queue or CDR has. */
  readonly missingId: string;
  /** An extension number no user has, valid for `users.create`. */
  readonly freeExtension: string;
  /** A `[from, to)` range that contains call records; needed only when the vendor supports `cdrs.list`. */
  readonly cdrRange?: { readonly from: Date; readonly to: Date };
}

/** Connection options the suite sets on extra clients (see {@link ConformanceContext.connect}). */
export interface ConformanceConnectOptions {
  readonly hooks?: ClientHooks;
  readonly retry?: RetryOptions;
  /** Per-attempt timeout in ms. */
  readonly timeoutMs?: number;
  /** Overall deadline of one call in ms. */
  readonly deadlineMs?: number;
  /**
   * When set, replace every secret of the credentials (password, token, API key) by this
   * value: logging in then fails, and the suite checks that the value shows up nowhere.
   */
  readonly credentialsCanary?: string;
}

/**
 * Fault kinds the suite injects (the names of `unipbx/simulator`'s fault injector). The
 * fault types are restated here, structurally compatible, so that `unipbx/conformance`'s
 * types do not reach the simulator's (which refer to Hono, an optional peer).
 */
export type ConformanceFaultKind =
  | 'http-500'
  | 'http-502'
  | 'http-503'
  | 'rate-limit-retry-after'
  | 'rate-limit'
  | 'reset-before'
  | 'reset-after'
  | 'delay'
  | 'expire-session';

/** One fault rule: which requests (method, path) get which faults, how often and how many times. */
export interface ConformanceFaultRule {
  readonly rate: number;
  readonly kinds: readonly ConformanceFaultKind[];
  readonly methods?: readonly string[];
  readonly path?: RegExp;
  readonly times?: number;
}

/** The fault configuration the suite hands to {@link ConformanceFaults.configure}. */
export interface ConformanceFaultConfig {
  readonly rules: readonly ConformanceFaultRule[];
  readonly seed?: number;
  /** For `delay`: how late the reply comes, in ms. */
  readonly delayMs?: number;
  /** For `rate-limit-retry-after`: the `Retry-After` value in seconds. */
  readonly retryAfterSeconds?: number;
}

/** Fault injection on the PBX under test; a simulator's `faults` (from `unipbx/simulator`) fits as is. */
export interface ConformanceFaults {
  /** Sets the faults (or with `undefined`, turns them off). */
  configure(config: ConformanceFaultConfig | undefined): void;
}

/** One isolated PBX and a client for it; each test gets a fresh one. */
export interface ConformanceContext {
  readonly client: PbxClient;
  readonly facts: ConformanceFacts;
  /** Requests the PBX has received so far; lets the suite prove that refused calls send nothing. */
  readonly requestCount?: () => number;
  /**
   * Another client for the same PBX with extra connection options (hooks, retry, timeouts,
   * canary credentials). The suite closes the clients it gets. Needed by the feature `connect`.
   */
  readonly connect?: (options: ConformanceConnectOptions) => PbxClient;
  /** Fault injection on the PBX. Needed by the feature `faults`. */
  readonly faults?: ConformanceFaults;
  /** The secret values of `client`'s credentials: they must never show in an error or a hook event. */
  readonly secrets?: readonly string[];
  teardown(): Promise<void>;
}

/** What a target offers beyond a client, so cases needing it can run. */
export type ConformanceFeature = 'connect' | 'faults';

/** What you run the suite against. */
export interface ConformanceTarget {
  /** Shown in test titles, e.g. `portsip (simulator over loopback)`. */
  readonly name: string;
  /** The vendor's manifest: decides which tests run (known before any setup). */
  readonly capabilities: CapabilityManifest;
  /**
   * What `setup()` provides besides the client: `connect` (extra clients with options) and
   * `faults` (fault injection). Cases needing a feature the target lacks are registered as
   * skipped (with `TestApi.skip`), naming the feature. Default: none.
   */
  readonly features?: readonly ConformanceFeature[];
  /** A fresh, isolated PBX and client. */
  setup(): Promise<ConformanceContext>;
}

/** The subset of a test framework the suite needs (vitest, jest and mocha all fit). */
export interface TestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
  /** Registers a skipped test (vitest/jest/mocha: `it.skip`); without it, skipped cases are only counted in the suite's summary test. */
  skip?(name: string, body: () => Promise<void>): void;
}

/** One behaviour test; it runs only when every operation it needs is supported and the target has every feature it requires. */
export interface ConformanceCase {
  readonly name: string;
  readonly needs: readonly OperationName[];
  /** Target features the case requires (default: none). */
  readonly requires?: readonly ConformanceFeature[];
  run(ctx: ConformanceContext): Promise<void>;
}
