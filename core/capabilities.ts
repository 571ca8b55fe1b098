/**
 * The capability manifest: for every unified operation, whether a vendor does it natively,
 * emulates it (and at what cost in requests), or cannot do it (and why). It is data, read
 * at runtime by the client (to refuse unsupported calls before sending anything), by the
 * conformance suite (to choose its tests) and by the docs (to print the support matrix).
 */

/** Every unified operation, in the order the docs print them. */
export const OPERATIONS = [
  'users.list',
  'users.get',
  'users.findByEmail',
  'users.findByExtension',
  'users.create',
  'users.update',
  'users.delete',
  'users.presence',
  'roles.list',
  'groups.list',
  'groups.get',
  'groups.create',
  'groups.update',
  'groups.delete',
  'groups.members.list',
  'groups.members.add',
  'groups.members.remove',
  'queues.list',
  'queues.get',
  'queues.create',
  'queues.update',
  'queues.delete',
  'queues.agents',
  'queues.addAgent',
  'queues.removeAgent',
  'queues.login',
  'queues.logout',
  'queues.setStatus',
  'queues.state',
  'queues.notReadyReasons',
  'cdrs.list',
  'cdrs.get',
  'recordings.list',
  'recordings.download',
  'cdrs.sync',
  'watch',
  'whoami',
] as const;

/** A unified operation name, e.g. `users.create`. */
export type OperationName = (typeof OPERATIONS)[number];

/** The vendor has an endpoint for it. `requests` is how many HTTP requests one call costs. */
export interface NativeCapability {
  readonly support: 'native';
  readonly requests: number;
  /** For writes taking a patch or input: the fields this vendor accepts. */
  readonly fields?: readonly string[];
  /** For `queues.setStatus`: the statuses this vendor accepts. */
  readonly values?: readonly string[];
  /** Options beyond the call options this vendor accepts (`queues.setStatus`: `reason`). */
  readonly options?: readonly string[];
  readonly note?: string;
}

/** Built from several vendor calls or from client-side work. `cost` states the price in words. */
export interface EmulatedCapability {
  readonly support: 'emulated';
  /** Requests one call costs at least. */
  readonly requests: number;
  /** How the cost grows, e.g. "1 + one GET per agent" or "read + write + verifying read". */
  readonly cost: string;
  readonly fields?: readonly string[];
  readonly values?: readonly string[];
  /** Options beyond the call options this vendor accepts (`queues.setStatus`: `reason`). */
  readonly options?: readonly string[];
  readonly note?: string;
}

/** The vendor cannot do it; calling it throws `UnsupportedOperationError` before any request. */
export interface UnsupportedCapability {
  readonly support: 'unsupported';
  readonly reason: string;
}

export type Capability = NativeCapability | EmulatedCapability | UnsupportedCapability;

/** One entry for every operation: a vendor has to take a position on each. */
export type CapabilityManifest = { readonly [K in OperationName]: Capability };

/** True when the operation is native or emulated. */
export function isSupported(capability: Capability): capability is NativeCapability | EmulatedCapability {
  return capability.support !== 'unsupported';
}

/** A one-line summary for tables: `native`, `emulated (2 req: …)`, `unsupported: …`. */
export function describeCapability(capability: Capability): string {
  switch (capability.support) {
    case 'native':
      return 'native';
    case 'emulated':
      return `emulated (${capability.cost})`;
    case 'unsupported':
      return `unsupported: ${capability.reason}`;
  }
}
