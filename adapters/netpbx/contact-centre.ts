/**
 * NetPBX's position on the contact-centre operations of issue 12, from its public endpoint
 * list (vendor-docs/netpbx-web-api.txt): groups, members (log in/out), users (name, email,
 * mobile), authorizations and queue pulses — nothing else.
 */
import type { CapabilityManifest } from '../../core/capabilities.js';

export const NETPBX_CONTACT_CENTRE_CAPABILITIES: Pick<CapabilityManifest, 'queues.notReadyReasons' | 'users.presence' | 'roles.list' | 'queues.create' | 'queues.update' | 'queues.delete' | 'recordings.list' | 'recordings.download'> = {
  'users.presence': {
    support: 'emulated',
    requests: 2,
    cost: 'GET api/v1/users (which ids exist) + GET api/v1/queuepulses, in parallel',
    note: 'no presence or DND endpoint: the state is the member status in the queue pulses (Available → available, Busy/Talking/wrap-up → busy, Paused/Away/Break → away, DND → dnd, Offline → offline); users in no queue-type group are unknown; no registrations',
  },
  'roles.list': {
    support: 'unsupported',
    reason: 'the NetPBX Web API has no roles endpoint: it distinguishes standard users and tenant admins only, and cannot change either',
  },
  'queues.create': { support: 'unsupported', reason: 'the NetPBX Web API (v1) only reads groups (GET api/v1/groups…): it has no endpoint to create a queue' },
  'queues.update': { support: 'unsupported', reason: 'the NetPBX Web API (v1) only reads groups (GET api/v1/groups…): it has no endpoint to change a queue' },
  'queues.delete': { support: 'unsupported', reason: 'the NetPBX Web API (v1) only reads groups (GET api/v1/groups…): it has no endpoint to delete a queue' },
  'recordings.list': { support: 'unsupported', reason: 'the NetPBX Web API (v1) has no call recordings: its endpoints cover groups, users, authorizations and queue pulses only' },
  'recordings.download': { support: 'unsupported', reason: 'the NetPBX Web API (v1) has no call recordings: its endpoints cover groups, users, authorizations and queue pulses only' },
  'queues.notReadyReasons': {
    support: 'unsupported',
    reason: 'the NetPBX Web API has no not-ready reasons: members are only logged in or out (PUT api/v1/groups/{id}/members/{memberid}) and queue pulses report no reason',
  },
};
