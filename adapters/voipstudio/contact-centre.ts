/**
 * VoIPStudio's position on the contact-centre operations of issue 12, from its customer
 * module documentation (vendor-docs/voipstudio-customer-module.txt) and vendor-notes.md.
 */
import type { CapabilityManifest } from '../../core/capabilities.js';

export const VOIPSTUDIO_CONTACT_CENTRE_CAPABILITIES: Pick<CapabilityManifest, 'queues.notReadyReasons' | 'users.presence' | 'roles.list' | 'queues.create' | 'queues.update' | 'queues.delete' | 'recordings.list' | 'recordings.download'> = {
  'users.presence': {
    support: 'emulated',
    requests: 1,
    cost: '1 GET /users/{id} per user',
    note: 'from the user record only: dnd → dnd, nb_sip_locations 0 → offline, more → available, neither → unknown; no call state (never busy or away), registrations counted, not listed',
  },
  'roles.list': {
    support: 'unsupported',
    reason: "VoIPStudio's API documents no roles endpoint: a user's `roles` (e.g. ROLE_USER) are read-only fields of the user record, kept in User.raw",
  },
  'queues.create': {
    support: 'unsupported',
    reason: 'VoIPStudio documents no way to create a queue: its customer module creates queue groups (POST /queuegroups), not queues',
  },
  'queues.update': {
    support: 'unsupported',
    reason: "only PATCH /queues/{id} with the member list (users[]) is known from VoIPStudio's published client; its other queue fields are undocumented",
  },
  'queues.delete': { support: 'unsupported', reason: 'VoIPStudio documents no way to delete a queue (DELETE exists for /queuegroups only)' },
  'recordings.list': { support: 'unsupported', reason: 'no VoIPStudio recording endpoint could be confirmed from public material: the customer module documents only the recording settings of a user (rec_allowed, monitor, monitor_transcript), not a recording resource' },
  'recordings.download': { support: 'unsupported', reason: 'no VoIPStudio recording endpoint could be confirmed from public material (see recordings.list)' },
  'queues.notReadyReasons': {
    support: 'unsupported',
    reason: 'VoIPStudio queue agents are only joined or left (users[].status in PATCH /queues/{id}): there is no not-ready state, so no reasons',
  },
};
