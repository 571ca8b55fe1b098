/**
 * VoIPStudio for unipbx: `import { createVoipStudio } from 'unipbx/voipstudio'`.
 * See docs/voipstudio.md for the mapping and the assumptions.
 */
import type { PbxClient } from '../../core/client.js';
import { createVendorClient, type VendorDefinition } from '../../core/vendor.js';
import { createVoipStudioAdapter, type VoipStudioOptions } from './adapter.js';
import type { VoipStudioCredentials } from './auth.js';
import { VOIPSTUDIO_CAPABILITIES } from './capabilities.js';

export type { VoipStudioOptions, VoipStudioApiVersion } from './adapter.js';
export { VOIPSTUDIO_BASE_URL } from './adapter.js';
export type { VoipStudioCredentials, VoipStudioAuthHeader } from './auth.js';
export { VOIPSTUDIO_CAPABILITIES } from './capabilities.js';
export type { VoipStudioSimulatorOptions } from './simulator/options.js';

/** VoIPStudio's registration with unipbx. */
export const voipstudio: VendorDefinition<VoipStudioOptions> = {
  id: 'voipstudio',
  name: 'VoIPStudio REST API v1.2',
  capabilities: VOIPSTUDIO_CAPABILITIES,
  createAdapter: createVoipStudioAdapter,
};

/** A unipbx client for a VoIPStudio account. */
export function createVoipStudio(options: VoipStudioOptions): PbxClient {
  return createVendorClient(voipstudio, options);
}
