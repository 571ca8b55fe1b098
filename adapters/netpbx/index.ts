/**
 * NetPBX (Advoco) Web API v1 for unipbx: `import { createNetPbx } from 'unipbx/netpbx'`.
 * NetPBX publishes only an endpoint list: see docs/netpbx.md for what is assumed, what is
 * unsupported and why.
 */
import type { PbxClient } from '../../core/client.js';
import { createVendorClient, type VendorDefinition } from '../../core/vendor.js';
import { createNetPbxAdapter, type NetPbxOptions } from './adapter.js';
import type { NetPbxCredentials } from './auth.js';
import { NETPBX_CAPABILITIES } from './capabilities.js';
import type { NetPbxSimulatorOptions } from './simulator/options.js';
import type { SimulatorOptions } from '../../core/sim/types.js';

export type { NetPbxOptions } from './adapter.js';
export type { NetPbxCredentials, NetPbxTokenHeader } from './auth.js';
export { NETPBX_CAPABILITIES } from './capabilities.js';
export type { Casing, GroupTypeFormat, NetPbxSimulatorOptions } from './simulator/options.js';

/** NetPBX's registration with unipbx. */
export const netpbx: VendorDefinition<NetPbxOptions, NetPbxCredentials, SimulatorOptions & NetPbxSimulatorOptions> = {
  id: 'netpbx',
  name: 'NetPBX Web API v1',
  capabilities: NETPBX_CAPABILITIES,
  createAdapter: createNetPbxAdapter,
  loadSimulator: async () => (await import('./simulator/index.js')).createNetPbxSimulator,
};

/** A unipbx client for a NetPBX tenant. */
export function createNetPbx(options: NetPbxOptions): PbxClient {
  return createVendorClient(netpbx, options);
}
