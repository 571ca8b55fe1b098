/**
 * Cases generated from the manifest's limits: an operation a vendor supports only with some
 * `fields` (or some `values`) must refuse every other field (value) with
 * `UnsupportedOperationError` before sending anything — never drop it silently.
 */
import { isSupported, type CapabilityManifest, type OperationName } from '../../../core/capabilities.js';
import type { PbxClient } from '../../../core/client.js';
import type { AgentOptions } from '../../../core/inputs-contact-centre.js';
import type { UserCreateInput, UserPatch } from '../../../core/inputs.js';
import { GROUP_KINDS, SETTABLE_AGENT_STATUSES } from '../../../core/model.js';
import { assert, assertRejects } from '../assert.js';
import type { ConformanceCase, ConformanceFacts } from '../types.js';

/** A valid value for every field a user can be created with. */
const USER_FIELDS: Required<UserCreateInput> = {
  extension: '7999',
  displayName: 'Limit Probe',
  email: 'limit.probe@example.com',
  username: 'limit.probe',
  firstName: 'Limit',
  lastName: 'Probe',
  mobile: '+46701234567',
  role: 'user',
  department: 'Probes',
  enabled: true,
  password: 'Pr0be-Passw0rd!x',
  sipPassword: 'Pr0be-Sip-Passw0rd!',
  voicemailPin: '482915',
};
const PATCH_FIELDS: Required<UserPatch> = {
  displayName: 'Limit Probe',
  firstName: 'Limit',
  lastName: 'Probe',
  email: 'limit.probe@example.com',
  mobile: '+46701234567',
  enabled: false,
  department: 'Probes',
  role: 'user',
};
const AGENT_FIELDS: Required<AgentOptions> = { skillLevel: 5 };
const someone = { extension: '1001' };

type Probe = (client: PbxClient, facts: ConformanceFacts) => Promise<unknown>;

/** For each limited operation: every field or value the unified API has, and how to call it with one. */
const LIMITED: ReadonlyArray<{ operation: OperationName; kind: 'fields' | 'values'; all: readonly string[]; call: (item: string) => Probe }> = [
  {
    operation: 'users.create',
    kind: 'fields',
    all: Object.keys(USER_FIELDS),
    call: (field) => (c, f) =>
      c.users.create({ extension: f.freeExtension, displayName: USER_FIELDS.displayName, email: USER_FIELDS.email, [field]: USER_FIELDS[field as keyof UserCreateInput] }),
  },
  { operation: 'users.update', kind: 'fields', all: Object.keys(PATCH_FIELDS), call: (field) => (c, f) => c.users.update(f.missingId, { [field]: PATCH_FIELDS[field as keyof UserPatch] }) },
  { operation: 'queues.addAgent', kind: 'fields', all: Object.keys(AGENT_FIELDS), call: (field) => (c, f) => c.queues.addAgent(f.missingId, someone, { [field]: AGENT_FIELDS[field as keyof AgentOptions] }) },
  { operation: 'queues.setStatus', kind: 'values', all: SETTABLE_AGENT_STATUSES, call: (status) => (c, f) => c.queues.setStatus(f.missingId, someone, status as (typeof SETTABLE_AGENT_STATUSES)[number]) },
  { operation: 'groups.create', kind: 'values', all: GROUP_KINDS, call: (kind) => (c) => c.groups.create({ name: 'Limit Probe', kind: kind as (typeof GROUP_KINDS)[number] }) },
];

/** One case per field or value the manifest leaves out of a supported operation. */
export function limitCases(capabilities: CapabilityManifest): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const { operation, kind, all, call } of LIMITED) {
    const capability = capabilities[operation];
    const accepted = isSupported(capability) ? capability[kind] : undefined;
    if (!accepted) continue;
    for (const item of all.filter((i) => !accepted.includes(i))) {
      cases.push({
        name: `${operation} with ${kind === 'fields' ? 'field' : 'value'} ${item} (not in the manifest): UnsupportedOperationError before any request`,
        needs: [operation],
        async run({ client, facts, requestCount }) {
          const before = requestCount?.();
          const error = await assertRejects(() => call(item)(client, facts), 'UNSUPPORTED_OPERATION', `${operation} with ${item}`);
          assert.ok(String((error as { reason?: string }).reason).includes(item), `the reason should name ${item}`);
          if (before !== undefined) assert.equal(requestCount?.(), before, `${operation} with ${item} sent a request`);
        },
      });
    }
  }
  return cases;
}
