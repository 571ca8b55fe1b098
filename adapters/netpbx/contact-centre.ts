/**
 * NetPBX's position on the contact-centre operations of issue 12, from its public endpoint
 * list (vendor-docs/netpbx-web-api.txt): groups, members (log in/out), users (name, email,
 * mobile), authorizations and queue pulses — nothing else.
 */
import type { CapabilityManifest } from '../../core/capabilities.js';

export const NETPBX_CONTACT_CENTRE_CAPABILITIES: Pick<CapabilityManifest, 'queues.notReadyReasons'> = {
  'queues.notReadyReasons': {
    support: 'unsupported',
    reason: 'the NetPBX Web API has no not-ready reasons: members are only logged in or out (PUT api/v1/groups/{id}/members/{memberid}) and queue pulses report no reason',
  },
};
