/**
 * Vendor simulators: in-memory, stateful servers speaking each vendor's dialect on
 * loopback, for demos, the CLI and integrators' own tests. `import { startSimulator } from 'unipbx/simulator'`.
 *
 * Simulators are registered apart from clients, so no client entry has an import path to
 * simulator code: a built-in vendor's simulator is found by convention
 * (`adapters/<id>/simulator/index.ts` exports `simulator`), any other with
 * {@link registerSimulator}; its option and credential types by augmenting
 * {@link SimulatorRegistry}.
 */
import type { NetPbxCredentials } from '../adapters/netpbx/auth.js';
import type { NetPbxSimulatorOptions } from '../adapters/netpbx/simulator/options.js';
import type { PortSipCredentials } from '../adapters/portsip/auth.js';
import type { PortSipSimulatorOptions } from '../adapters/portsip/simulator/options.js';
import type { VoipStudioCredentials } from '../adapters/voipstudio/auth.js';
import type { VoipStudioSimulatorOptions } from '../adapters/voipstudio/simulator/options.js';
import { ValidationError } from '../core/errors.js';
import { requirePeers } from './peers.js';
import { runSimulator } from '../core/sim/run.js';
import type { RunningSimulator, SimulatorDefinition, SimulatorFactory, SimulatorOptions } from '../core/sim/types.js';
import { BUILTIN_VENDOR_IDS, VENDOR_IDS, isVendorId, type VendorId } from './registry.js';

export type { RunningSimulator, SimulatorDefinition, SimulatorFacts, SimulatorFactory, SimulatorInstance, SimulatorOptions, SimulatorRoutes } from '../core/sim/types.js';
export { runSimulator } from '../core/sim/run.js';
export type { LiveChange, LiveDriver, LiveOptions } from '../core/sim/live.js';
export { FAULT_KINDS, FAULT_BYPASS_HEADER, FaultInjector, type FaultConfig, type FaultKind, type FaultRule, type FaultStats } from '../core/sim/faults.js';
export type { FaultHooks } from '../core/sim/faults.js';
export type { FetchHandler } from '../core/sim/serve.js';

/**
 * Vendor id → its simulator's own options and its credentials type. Augment it
 * (`declare module 'unipbx/simulator'`) when you register a simulator.
 */
export interface SimulatorRegistry {
  portsip: { readonly options: PortSipSimulatorOptions; readonly credentials: PortSipCredentials };
  netpbx: { readonly options: NetPbxSimulatorOptions; readonly credentials: NetPbxCredentials };
  voipstudio: { readonly options: VoipStudioSimulatorOptions; readonly credentials: VoipStudioCredentials };
}

/** The {@link SimulatorRegistry} entry of vendor `V` (options and credentials of unknown types when it has none). */
export type SimulatorEntry<V extends string> = V extends keyof SimulatorRegistry ? SimulatorRegistry[V] : { readonly options: object; readonly credentials: unknown };

/** Credentials type of a vendor's simulator (what its client's `credentials` takes). */
export type SimulatorCredentials<V extends VendorId> = SimulatorEntry<V>['credentials'];

/** Options of a vendor's simulator: the common {@link SimulatorOptions} and the vendor's own (e.g. NetPBX's `casing`). */
export type SimulatorOptionsOf<V extends VendorId> = SimulatorOptions & SimulatorEntry<V>['options'];

/** Loads a simulator definition on demand (a dynamic import keeps the router and seed data out until used). */
export type SimulatorLoader = () => Promise<SimulatorDefinition> | SimulatorDefinition;

const loaders = new Map<string, SimulatorLoader>();

/**
 * Registers the simulator of vendor `id` (a definition, or a loader of one). The vendor's
 * client is registered apart, with `registerVendor` from `unipbx`. Returns a function that
 * unregisters it.
 */
export function registerSimulator(id: string, simulator: SimulatorDefinition | SimulatorLoader): () => void {
  const loader: SimulatorLoader = typeof simulator === 'function' ? simulator : () => simulator;
  if (loaders.has(id)) throw new ValidationError(`registerSimulator: a simulator for "${id}" is already registered`, [{ field: 'id', message: 'already registered' }], 'client');
  loaders.set(id, loader);
  return () => {
    if (loaders.get(id) === loader) loaders.delete(id);
  };
}

/** A built-in vendor's simulator, by the folder convention. */
async function builtinSimulator(id: string): Promise<SimulatorDefinition> {
  requirePeers('unipbx/simulator (the built-in simulators)');
  // A relative template, which esbuild expands to every built-in simulator (each a lazily loaded
  // chunk of the bundle, scripts/bundle.mjs); vite (the tests) resolves it at run time instead.
  const module = (await import(/* @vite-ignore */ `../adapters/${id}/simulator/index.js`)) as { simulator: SimulatorDefinition };
  return module.simulator;
}

function loaderOf(id: string): SimulatorLoader | undefined {
  return loaders.get(id) ?? ((BUILTIN_VENDOR_IDS as readonly string[]).includes(id) ? () => builtinSimulator(id) : undefined);
}

/** True when vendor `id` has a simulator (built in or registered). */
export function hasSimulator(id: string): boolean {
  return loaderOf(id) !== undefined;
}

/** The registered vendors that have a simulator, in registry order. */
export function simulatedVendorIds(): VendorId[] {
  return VENDOR_IDS.filter(hasSimulator);
}

/** Builds (without listening) the simulator factory of vendor `id`. */
export async function simulatorFactory<V extends VendorId>(vendor: V): Promise<SimulatorFactory<SimulatorCredentials<V>, SimulatorOptionsOf<V>>> {
  const loader = typeof vendor === 'string' && isVendorId(vendor) ? loaderOf(vendor) : undefined;
  if (!loader) {
    const known = simulatedVendorIds().join(', ');
    throw new ValidationError(`startSimulator: no simulator for vendor ${JSON.stringify(vendor)}; known: ${known}`, [{ field: 'vendor', message: `must be one of ${known}` }], 'client');
  }
  const definition = await loader();
  if (definition.vendor !== vendor) throw new RangeError(`the simulator registered for "${vendor}" is for "${definition.vendor}"`);
  return definition.create as SimulatorFactory<SimulatorCredentials<V>, SimulatorOptionsOf<V>>;
}

/**
 * Starts a vendor's simulator. Resolves with its base URL, admin credentials, an
 * in-process `fetch` and `close()`:
 *
 * ```ts
 * const sim = await startSimulator('portsip', { seed: 7 });
 * const pbx = createPbx({ vendor: 'portsip', baseUrl: sim.url, credentials: sim.credentials });
 * ```
 */
export async function startSimulator<V extends VendorId>(vendor: V, options: SimulatorOptionsOf<V> = {} as SimulatorOptionsOf<V>): Promise<RunningSimulator<SimulatorCredentials<V>>> {
  const create = await simulatorFactory(vendor);
  return runSimulator(create(options), options);
}

/** Starts every registered vendor's simulator (a given `port` is the first one's; the others follow it). */
export async function startAllSimulators(options: SimulatorOptions = {}): Promise<RunningSimulator<unknown>[]> {
  const started: RunningSimulator<unknown>[] = [];
  try {
    for (const [index, vendor] of simulatedVendorIds().entries()) {
      started.push(await startSimulator(vendor, { ...options, ...(options.port ? { port: options.port + index } : {}) } as SimulatorOptionsOf<typeof vendor>));
    }
    return started;
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
}

export { VENDOR_IDS };
