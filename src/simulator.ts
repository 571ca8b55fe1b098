/**
 * Vendor simulators: in-memory, stateful servers speaking each vendor's dialect on
 * loopback, for demos, the CLI and integrators' own tests. `import { startSimulator } from 'unipbx/simulator'`.
 */
import { ValidationError } from '../core/errors.js';
import { runSimulator } from '../core/sim/run.js';
import type { RunningSimulator, SimulatorInstance, SimulatorOptions } from '../core/sim/types.js';
import { VENDORS, VENDOR_IDS, isVendorId, type VendorId } from './registry.js';

export type { RunningSimulator, SimulatorFacts, SimulatorInstance, SimulatorOptions } from '../core/sim/types.js';
export { runSimulator } from '../core/sim/run.js';
export type { LiveChange, LiveDriver, LiveOptions } from '../core/sim/live.js';
export { FAULT_KINDS, FAULT_BYPASS_HEADER, FaultInjector, type FaultConfig, type FaultKind, type FaultRule, type FaultStats } from '../core/sim/faults.js';
export type { FaultHooks } from '../core/sim/faults.js';
export type { FetchHandler } from '../core/sim/serve.js';

/** The simulator factory of a registered vendor. */
export type FactoryOf<V extends VendorId> = Awaited<ReturnType<(typeof VENDORS)[V]['loadSimulator']>>;

/** Credentials type of a vendor's simulator (what its client's `credentials` takes). */
export type SimulatorCredentials<V extends VendorId> = ReturnType<FactoryOf<V>>['credentials'];

/** Options of a vendor's simulator: the common {@link SimulatorOptions} and the vendor's own (e.g. NetPBX's `casing`). */
export type SimulatorOptionsOf<V extends VendorId> = NonNullable<Parameters<FactoryOf<V>>[0]>;

/**
 * Starts a vendor's simulator. Resolves with its base URL, admin credentials, an
 * in-process `fetch` and `close()`:
 *
 * ```ts
 * const sim = await startSimulator('portsip', { seed: 7 });
 * const pbx = createPbx({ vendor: 'portsip', baseUrl: sim.url, credentials: sim.credentials });
 * ```
 */
export async function startSimulator<V extends VendorId>(vendor: V, options: SimulatorOptionsOf<V> = {}): Promise<RunningSimulator<SimulatorCredentials<V>>> {
  if (!isVendorId(vendor)) {
    throw new ValidationError(`startSimulator: unknown vendor ${JSON.stringify(vendor)}; known: ${VENDOR_IDS.join(', ')}`, [
      { field: 'vendor', message: `must be one of ${VENDOR_IDS.join(', ')}` },
    ], 'client');
  }
  const create = (await VENDORS[vendor].loadSimulator()) as (options: SimulatorOptionsOf<V>) => SimulatorInstance<SimulatorCredentials<V>>;
  return runSimulator(create(options), options);
}

/** Starts every registered vendor's simulator (a given `port` is the first one's; the others follow it). */
export async function startAllSimulators(options: SimulatorOptions = {}): Promise<RunningSimulator<unknown>[]> {
  const started: RunningSimulator<unknown>[] = [];
  try {
    for (const [index, vendor] of VENDOR_IDS.entries()) {
      started.push(await startSimulator(vendor, { ...options, ...(options.port ? { port: options.port + index } : {}) } as SimulatorOptionsOf<typeof vendor>));
    }
    return started;
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
}

export { VENDOR_IDS };
