import type { CapabilityManifest } from '../../core/capabilities.js';
import { NETPBX_CONTACT_CENTRE_CAPABILITIES } from './contact-centre.js';

const NO_WRITES = 'the NetPBX Web API (v1) only reads';

/**
 * What the NetPBX Web API v1 can do behind the unified API, and at what cost. Its endpoint
 * list (vendor-docs/netpbx-web-api.txt) has reads, three user-property PUTs, a member
 * login/logout PUT and queue pulses — nothing creates or deletes anything, and there are no
 * call records. See docs/netpbx.md.
 */
export const NETPBX_CAPABILITIES: CapabilityManifest = {
  'users.list': {
    support: 'native',
    requests: 1,
    note: 'NetPBX does not page: every page is cut from one GET api/v1/users; the default page size (1000) takes one request',
  },
  'users.get': { support: 'native', requests: 1, note: 'GET api/v1/users/{id}' },
  'users.findByEmail': {
    support: 'native',
    requests: 1,
    note: 'GET api/v1/users/email?email=…; 404 means no such user (null), except ASP.NET\'s route-miss 404 ("No HTTP resource was found…"): VendorResponseError (wrong base URL, or no such route)',
  },
  'users.findByExtension': {
    support: 'native',
    requests: 1,
    note: 'GET api/v1/users/extension?extension=…; 404 means no such user (null), except ASP.NET\'s route-miss 404 ("No HTTP resource was found…"): VendorResponseError (wrong base URL, or no such route)',
  },
  'users.create': { support: 'unsupported', reason: `${NO_WRITES} users and sets their names, email and mobile number: it has no endpoint to create a user` },
  'users.update': {
    support: 'emulated',
    requests: 2,
    cost: '1–3 PUTs, only for the parts changed, in the order /name, /email, /mobilenumber, + 1 GET of the stored user (skipped with { returning: none } unless the mobile number changes: the GET verifies it); +1 GET first when only one of firstName / lastName is given (/name sets both)',
    fields: ['firstName', 'lastName', 'email', 'mobile'],
    note: 'not atomic: a PUT failing after an earlier one succeeded throws PartialFailureError with the applied and failed fields; so does a mobile number NetPBX accepted but did not store (MEX users)',
  },
  'users.delete': { support: 'unsupported', reason: `${NO_WRITES} users and sets their names, email and mobile number: it has no endpoint to delete a user` },
  'groups.list': {
    support: 'native',
    requests: 1,
    note: 'kind from the group type name alone: hunt group with queue, ACD, attendant and customer center groups are queue, hunt groups ring, anything else (a numeric type too) other; paged client-side like users.list',
  },
  'groups.get': { support: 'native', requests: 1 },
  'groups.create': { support: 'unsupported', reason: `${NO_WRITES} groups (GET api/v1/groups…): it has no endpoint to create a group` },
  'groups.update': { support: 'unsupported', reason: `${NO_WRITES} groups (GET api/v1/groups…): it has no endpoint to change a group` },
  'groups.delete': { support: 'unsupported', reason: `${NO_WRITES} groups (GET api/v1/groups…): it has no endpoint to delete a group` },
  'groups.members.list': { support: 'native', requests: 1, note: 'GET api/v1/groups/{id}/members; paged client-side' },
  'groups.members.add': {
    support: 'unsupported',
    reason: 'the NetPBX Web API cannot add a member to a group: PUT api/v1/groups/{id}/members/{memberid} only logs an existing member in or out',
  },
  'groups.members.remove': {
    support: 'unsupported',
    reason: 'the NetPBX Web API cannot remove a member from a group: PUT api/v1/groups/{id}/members/{memberid} only logs an existing member in or out',
  },
  'queues.list': {
    support: 'emulated',
    requests: 1,
    cost: '1 GET api/v1/groups, filtered client-side to the queue-type groups; +1 GET api/v1/queuepulses when a group\'s Type is a number or a name unipbx does not know (such a group is a queue when it has a queue pulse)',
  },
  'queues.get': {
    support: 'native',
    requests: 1,
    note: 'GET api/v1/groups/{id}; +1 GET api/v1/queuepulses when its Type is a number or an unknown name (a queue when it has a pulse); a group that is not a queue is NotFoundError',
  },
  'queues.agents': {
    support: 'emulated',
    requests: 2,
    cost: "GET the group's members (who is logged in) + GET its queue pulse (what they do), in parallel; +1 GET of all pulses when the group's answers 404",
  },
  'queues.addAgent': {
    support: 'unsupported',
    reason: 'queue agents are the members of a queue-type group, and the NetPBX Web API cannot add group members (only log them in or out)',
  },
  'queues.removeAgent': {
    support: 'unsupported',
    reason: 'queue agents are the members of a queue-type group, and the NetPBX Web API cannot remove group members (only log them in or out)',
  },
  'queues.login': {
    support: 'native',
    requests: 1,
    note: 'PUT api/v1/groups/{id}/members/{userId} {loggedIn: true}, for any group (NetPBX logs members in to groups; the type is not checked); +1 GET when the user is given by extension only; standard users may only log themselves in',
  },
  'queues.logout': {
    support: 'native',
    requests: 1,
    note: 'PUT api/v1/groups/{id}/members/{userId} {loggedIn: false}, for any group (NetPBX logs members out of groups; the type is not checked); +1 GET when the user is given by extension only; standard users may only log themselves out',
  },
  'queues.setStatus': {
    support: 'unsupported',
    reason: 'the NetPBX Web API only logs members in or out of a group (use queues.login / queues.logout); ready, not ready and wrap-up are reported by queue pulses but cannot be set',
  },
  'queues.state': {
    support: 'emulated',
    requests: 2,
    cost: "as queues.agents: GET the group's members + GET its queue pulse (waiting callers, longest wait, statuses incl. wrap-up), in parallel; +1 GET of all pulses when the group's answers 404",
  },
  'cdrs.list': { support: 'unsupported', reason: 'the NetPBX Web API (v1) has no call records: its endpoints cover groups, users, authorizations and queue pulses only' },
  'cdrs.get': { support: 'unsupported', reason: 'the NetPBX Web API (v1) has no call records: its endpoints cover groups, users, authorizations and queue pulses only' },
  'cdrs.sync': { support: 'unsupported', reason: 'the NetPBX Web API (v1) has no call records to sync: its endpoints cover groups, users, authorizations and queue pulses only' },
  watch: {
    support: 'emulated',
    requests: 1,
    cost: 'per poll, only for what is watched: users 1; groups 1 + 1 per group (members); queues 1 + 2 per queue (members + queue pulse); no cdr events (NetPBX has no call records). Snapshots diffed client-side',
  },
  whoami: { support: 'native', requests: 1, note: 'GET api/v1/authorizations (the user of the api_token)' },
  ...NETPBX_CONTACT_CENTRE_CAPABILITIES,
};
