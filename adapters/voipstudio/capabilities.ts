import type { CapabilityManifest } from '../../core/capabilities.js';
import { VOIPSTUDIO_CONTACT_CENTRE_CAPABILITIES } from './contact-centre.js';

const RMW = 'read + write every member back + verifying read; the cycle is repeated on a lost race (ConflictError after 4)';
/** Team membership lives in the user's `groups`, which the documented User model does not list. */
const NEEDS_GROUPS = 'needs `groups` on the user representation: without it, UnsupportedOperationError after the first read (nothing written)';
const TEAM_RMW = `read the user + bulk PATCH /users [{id, groups}] with its whole team list + verifying read; repeated on a lost race (ConflictError after 4); +1 lookup when the user is given by extension only; in pbx.bulk, one PATCH /users per batch of up to 100 changes, with 1 read and 1 verifying read per distinct user`;

/** What VoIPStudio's REST API (v1.1 / v1.2) can do behind the unified API, and at what cost. */
export const VOIPSTUDIO_CAPABILITIES: CapabilityManifest = {
  'users.list': { support: 'native', requests: 1, note: 'per page (page/limit, sorted by id; limit = the pageSize of the call, else of the options, default 200)' },
  'users.get': { support: 'native', requests: 1 },
  'users.findByEmail': { support: 'emulated', requests: 1, cost: '1 list request with filter [{property: email, operator: eq}]' },
  'users.findByExtension': { support: 'emulated', requests: 1, cost: '1 list request with filter [{property: ext, operator: eq}]' },
  'users.create': {
    support: 'unsupported',
    reason: 'VoIPStudio documents no endpoint that creates users (they are added as seats in the VoIPStudio portal)',
  },
  'users.update': {
    support: 'native',
    requests: 1,
    fields: ['firstName', 'lastName', 'email', 'mobile', 'enabled'],
    note: 'PATCH /users/{id}; its reply is the stored user (+1 GET when it has no body, skipped with returning: none). No display name (it is first + last name) and no department',
  },
  'users.delete': { support: 'native', requests: 1, note: 'DELETE /users/{id}' },
  'groups.list': { support: 'native', requests: 1, note: 'usergroups (teams), as kind team' },
  'groups.get': { support: 'native', requests: 1 },
  'groups.create': { support: 'native', requests: 1, values: ['team'], fields: ['name'], note: 'POST /usergroups; usergroups have no description' },
  'groups.update': { support: 'native', requests: 1, fields: ['name'], note: 'PATCH /usergroups/{id}' },
  'groups.delete': { support: 'native', requests: 1 },
  'groups.members.list': {
    support: 'emulated',
    requests: 2,
    cost: "GET of the team + the whole user list (1 request per 1000 users, or per the pageSize option), filtered on each user's groups",
    note: NEEDS_GROUPS,
  },
  'groups.members.add': { support: 'emulated', requests: 3, cost: TEAM_RMW, note: NEEDS_GROUPS },
  'groups.members.remove': { support: 'emulated', requests: 3, cost: `${TEAM_RMW}; +1 GET of the team when the user is not a member`, note: NEEDS_GROUPS },
  'queues.list': { support: 'native', requests: 1 },
  'queues.get': { support: 'native', requests: 1 },
  'queues.agents': { support: 'native', requests: 1, note: 'GET /queues/{id}?include=users&fields[users]=id,first_name,last_name,status; joined or left only' },
  'queues.addAgent': { support: 'emulated', requests: 3, cost: `PATCH /queues/{id} {users}: ${RMW}`, fields: [], note: 'no skill levels; a new agent starts left (not joined)' },
  'queues.removeAgent': { support: 'emulated', requests: 3, cost: `PATCH /queues/{id} {users}: ${RMW}` },
  'queues.login': { support: 'emulated', requests: 3, cost: `join = status true in PATCH /queues/{id} {users}: ${RMW}` },
  'queues.logout': { support: 'emulated', requests: 3, cost: `leave = status false in PATCH /queues/{id} {users}: ${RMW}` },
  'queues.setStatus': {
    support: 'unsupported',
    reason: 'VoIPStudio queue agents are only joined or left (use queues.login / queues.logout); there is no ready, not-ready or wrap-up state to set',
  },
  'queues.state': {
    support: 'unsupported',
    reason: "VoIPStudio's API reports no live queue state (waiting callers, agents' call state); queues.agents tells who has joined",
  },
  'cdrs.list': {
    support: 'native',
    requests: 1,
    note: 'per page (limit = the pageSize of the call, else of the options, default 200; up to 10,000), filter on calldate (gte/lte); userId → /users/{id}/cdrs; scope self → /users/{me}/cdrs (+1 GET /me once when an API key is used without userId)',
  },
  'cdrs.get': { support: 'native', requests: 1 },
  'cdrs.sync': {
    support: 'emulated',
    requests: 1,
    cost: 'per poll: 1 GET /cdrs per page of up to 1000, filter calldate gte (watermark − overlap), sorted by calldate; the overlap window\'s CDRs are re-read and de-duplicated client-side',
  },
  watch: {
    support: 'emulated',
    requests: 1,
    cost: 'per poll, only for what is watched: users 1 per 1000 users; groups 1 + the users list (team ids are on users); queues 1 + 1 per queue; cdrs as cdrs.sync. Snapshots diffed client-side',
  },
  whoami: {
    support: 'emulated',
    requests: 1,
    cost: 'GET /users/{id} of the logged-in user (its id comes from the login; +1 GET /me when an API key is used without userId)',
  },
  ...VOIPSTUDIO_CONTACT_CENTRE_CAPABILITIES,
};
