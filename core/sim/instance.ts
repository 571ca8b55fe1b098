/**
 * What every vendor simulator is built from: the request log (the first middleware), the
 * fault injector (the second), and the {@link SimulatorInstance} shape the launcher and the
 * generic tests use.
 */
import { FaultInjector, type FaultHooks } from './faults.js';
import { recordedCount, type RecordedRequest } from './record.js';
import type { SimulatorInstance } from './types.js';

export type SimulatorParts<C> = Pick<SimulatorInstance<C>, 'vendor' | 'handler' | 'basePath' | 'credentials' | 'facts'>;

export class SimulatorPlumbing {
  /** The requests received, in order (the newest `REQUEST_LOG_CAP`, secrets masked: record.ts). */
  readonly requests: RecordedRequest[] = [];
  readonly faults: FaultInjector;

  constructor(hooks: FaultHooks, now: () => number) {
    this.faults = new FaultInjector(hooks, now);
  }

  /** The generic instance for `parts`, counting requests from the log and exposing the faults. */
  instance<C>(parts: SimulatorParts<C>): SimulatorInstance<C> {
    return { ...parts, requestCount: () => recordedCount(this.requests), faults: this.faults };
  }
}
