/**
 * PortSIP PBX v22 for unipbx: `import { createPortSip } from 'unipbx/portsip'`.
 * See docs/portsip.md for the mapping and the assumptions.
 */
import type { PbxClient } from '../../core/client.js';
import { createVendorClient, type VendorDefinition } from '../../core/vendor.js';
import { createPortSipAdapter, type PortSipOptions } from './adapter.js';
import type { PortSipCredentials } from './auth.js';
import { PORTSIP_CAPABILITIES } from './capabilities.js';

export type { PortSipOptions } from './adapter.js';
export type { PortSipCredentials, PortSipLoginMethod } from './auth.js';
export type { PortSipApiVersion } from './version.js';
export { PORTSIP_CAPABILITIES } from './capabilities.js';
export type { LoginGeneration, PortSipSimulatorOptions } from './simulator/options.js';

/** PortSIP's registration with unipbx. */
export const portsip: VendorDefinition<PortSipOptions> = {
  id: 'portsip',
  name: 'PortSIP PBX v22',
  capabilities: PORTSIP_CAPABILITIES,
  createAdapter: createPortSipAdapter,
};

/** A unipbx client for a PortSIP PBX. */
export function createPortSip(options: PortSipOptions): PbxClient {
  return createVendorClient(portsip, options);
}
