/**
 * VoIPStudio's position on the contact-centre operations of issue 12, from its customer
 * module documentation (vendor-docs/voipstudio-customer-module.txt) and vendor-notes.md.
 */
import type { CapabilityManifest } from '../../core/capabilities.js';

export const VOIPSTUDIO_CONTACT_CENTRE_CAPABILITIES: Pick<CapabilityManifest, 'queues.notReadyReasons'> = {
  'queues.notReadyReasons': {
    support: 'unsupported',
    reason: 'VoIPStudio queue agents are only joined or left (users[].status in PATCH /queues/{id}): there is no not-ready state, so no reasons',
  },
};
