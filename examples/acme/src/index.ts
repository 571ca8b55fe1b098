/** Acme PBX for unipbx — a MADE-UP vendor (there is no Acme PBX): an adapter written outside the repo with public exports only. */
import { createVendorClient, type PbxClient, type VendorDefinition } from 'unipbx/adapter-kit';
import { createAcmeAdapter, type AcmeOptions } from './adapter.js';
import { ACME_CAPABILITIES } from './capabilities.js';

export type { AcmeOptions } from './adapter.js';
export { ACME_CAPABILITIES } from './capabilities.js';

/** Acme's registration: `registerVendor(acme)` (from `unipbx`) makes `createPbx({ vendor: 'acme' })` work. */
export const acme: VendorDefinition<AcmeOptions> = { id: 'acme', name: 'Acme PBX v2 (made-up)', capabilities: ACME_CAPABILITIES, createAdapter: createAcmeAdapter };

/** A unipbx client for an Acme PBX. */
export function createAcme(options: AcmeOptions): PbxClient {
  return createVendorClient(acme, options);
}

// Types `createPbx({ vendor: 'acme', … })` with Acme's options.
declare module 'unipbx' {
  interface VendorRegistry {
    acme: AcmeOptions;
  }
}
