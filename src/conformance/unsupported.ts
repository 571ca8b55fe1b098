/**
 * A well-formed call for every operation, so the suite can prove that each operation a
 * vendor marks unsupported throws `UnsupportedOperationError` before sending anything —
 * never a silent no-op.
 */
import type { OperationName } from '../../core/capabilities.js';
import type { PbxClient } from '../../core/client.js';
import type { ConformanceFacts } from './types.js';

type Invocation = (client: PbxClient, facts: ConformanceFacts) => Promise<unknown>;

const someone = { extension: '1001' };

export const INVOCATIONS: { readonly [K in OperationName]: Invocation } = {
  'users.list': async (c) => c.users.list().page(),
  'users.get': (c, f) => c.users.get(f.missingId),
  'users.findByEmail': (c) => c.users.findByEmail('someone@example.com'),
  'users.findByExtension': (c) => c.users.findByExtension('1001'),
  'users.create': (c, f) => c.users.create({ extension: f.freeExtension, displayName: 'Someone', email: 'someone@example.com' }),
  'users.update': (c, f) => c.users.update(f.missingId, { email: 'someone@example.com' }),
  'users.delete': (c, f) => c.users.delete(f.missingId),
  'users.presence': (c, f) => c.users.presence([f.missingId]),
  'roles.list': async (c) => c.roles.list().page(),
  'groups.list': async (c) => c.groups.list().page(),
  'groups.get': (c, f) => c.groups.get(f.missingId),
  'groups.create': (c) => c.groups.create({ name: 'Someone' }),
  'groups.update': (c, f) => c.groups.update(f.missingId, { name: 'Someone' }),
  'groups.delete': (c, f) => c.groups.delete(f.missingId),
  'groups.members.list': async (c, f) => c.groups.members.list(f.missingId).page(),
  'groups.members.add': (c, f) => c.groups.members.add(f.missingId, someone),
  'groups.members.remove': (c, f) => c.groups.members.remove(f.missingId, someone),
  'queues.list': async (c) => c.queues.list().page(),
  'queues.get': (c, f) => c.queues.get(f.missingId),
  'queues.create': (c, f) => c.queues.create({ name: 'Someone', extension: f.freeExtension }),
  'queues.update': (c, f) => c.queues.update(f.missingId, { name: 'Someone' }),
  'queues.delete': (c, f) => c.queues.delete(f.missingId),
  'queues.agents': async (c, f) => c.queues.agents(f.missingId).page(),
  'queues.addAgent': (c, f) => c.queues.addAgent(f.missingId, someone),
  'queues.removeAgent': (c, f) => c.queues.removeAgent(f.missingId, someone),
  'queues.login': (c, f) => c.queues.login(f.missingId, someone),
  'queues.logout': (c, f) => c.queues.logout(f.missingId, someone),
  'queues.setStatus': (c, f) => c.queues.setStatus(f.missingId, someone, 'ready'),
  'queues.state': (c, f) => c.queues.state(f.missingId),
  'queues.notReadyReasons': async (c) => c.queues.notReadyReasons().page(),
  'cdrs.list': async (c, f) => c.cdrs.list(f.cdrRange ?? { from: new Date(Date.UTC(2025, 0, 1)), to: new Date(Date.UTC(2025, 0, 2)) }).page(),
  'cdrs.get': (c, f) => c.cdrs.get(f.missingId),
  'recordings.list': async (c, f) => c.recordings.list(f.cdrRange ?? { from: new Date(Date.UTC(2025, 0, 1)), to: new Date(Date.UTC(2025, 0, 2)) }).page(),
  'recordings.download': (c, f) => c.recordings.download(f.missingId),
  'cdrs.sync': async (c, f) => c.cdrs.sync({ from: f.cdrRange?.from ?? new Date(Date.UTC(2025, 0, 1)) })[Symbol.asyncIterator]().next(),
  watch: async (c) => c.watch({ maxPolls: 1 })[Symbol.asyncIterator]().next(),
  whoami: (c) => c.whoami(),
};
