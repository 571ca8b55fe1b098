/**
 * Conformance targets for our own vendors, built from the package's public entry points only
 * (`unipbx`, `unipbx/simulator`, `unipbx/conformance`, resolved through package.json to
 * dist/), the way an outside developer builds one.
 */
import { createPbx, type CreatePbxOptions, type PbxClient, type VendorId } from 'unipbx';
import { credentialSecrets, withCanary, type ConformanceConnectOptions, type ConformanceContext } from 'unipbx/conformance';
import { startSimulator, type RunningSimulator } from 'unipbx/simulator';

/** Fast retries: conformance proves behaviour, not waiting. */
export const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 } as const;

/** Simulator options of every conformance run: enough users and CDRs for paging. */
export const SIM_OPTIONS = { users: 40, cdrs: 400 } as const;

/**
 * A context for a started simulator, reaching it at `baseUrl` (its loopback URL, or a nock
 * origin in front of it). `build` turns options into a client (createPbx, or a mutant).
 */
export function simulatorContext(
  sim: RunningSimulator<unknown>,
  baseUrl: string,
  build: (options: CreatePbxOptions) => PbxClient = createPbx,
  cleanup: () => void = () => undefined,
): ConformanceContext {
  const connect = ({ credentialsCanary, ...options }: ConformanceConnectOptions): PbxClient =>
    build({
      vendor: sim.vendor as VendorId,
      baseUrl,
      retry: FAST_RETRY,
      ...options,
      credentials: credentialsCanary ? withCanary(sim.credentials, credentialsCanary) : sim.credentials,
    } as CreatePbxOptions);
  const client = connect({});
  return {
    client,
    connect,
    facts: sim.facts,
    requestCount: sim.requestCount,
    ...(sim.faults ? { faults: sim.faults } : {}),
    secrets: credentialSecrets(sim.credentials),
    teardown: async () => {
      await client.close().catch(() => undefined);
      cleanup();
      await sim.close();
    },
  };
}

/** Starts `vendor`'s simulator and returns the context over loopback. */
export async function loopbackContext(vendor: VendorId, build?: (options: CreatePbxOptions) => PbxClient): Promise<ConformanceContext> {
  const sim = await startSimulator(vendor, SIM_OPTIONS);
  return simulatorContext(sim, sim.url, build);
}
