/**
 * What NetPBX cannot do is refused with `UnsupportedOperationError` before anything is sent:
 * nock with no interceptors, real connections disabled, and a listener that records any
 * request that tries to leave. Also: the manifest says exactly this, with a reason per entry,
 * and fields / values NetPBX cannot take are refused the same way.
 */
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it, afterAll } from 'vitest';
import { OPERATIONS, type OperationName } from '../../core/capabilities.js';
import type { PbxClient } from '../../core/client.js';
import { isPbxError, UnsupportedOperationError } from '../../core/errors.js';
import { NETPBX_CAPABILITIES } from '../../adapters/netpbx/index.js';
import { CREDENTIALS, netpbxClient } from './support/wire.js';

const attempts: string[] = [];
const record = (req: { method?: string; href?: string }) => attempts.push(`${req.method} ${req.href}`);
beforeAll(() => {
  nock.disableNetConnect();
  nock.emitter.on('no match', record);
});
afterEach(() => {
  expect(attempts, 'a request tried to leave').toEqual([]);
  nock.cleanAll();
});
afterAll(() => {
  nock.emitter.removeListener('no match', record);
  nock.enableNetConnect();
});

const UNSUPPORTED: readonly OperationName[] = [
  'users.create',
  'users.delete',
  'roles.list',
  'groups.create',
  'groups.update',
  'groups.delete',
  'groups.members.add',
  'groups.members.remove',
  'queues.create',
  'queues.update',
  'queues.delete',
  'queues.addAgent',
  'queues.removeAgent',
  'queues.setStatus',
  'queues.notReadyReasons',
  'cdrs.list',
  'cdrs.get',
  'recordings.list',
  'recordings.download',
  'cdrs.sync',
];

const someone = { id: '1042' };
const CALLS: Readonly<Record<string, (c: PbxClient) => Promise<unknown>>> = {
  'users.create': (c) => c.users.create({ extension: '7000', displayName: 'New', email: 'new@example.com' }),
  'users.delete': (c) => c.users.delete('1042'),
  'groups.create': (c) => c.groups.create({ name: 'New', kind: 'queue' }),
  'groups.update': (c) => c.groups.update('262', { name: 'Renamed' }),
  'groups.delete': (c) => c.groups.delete('262'),
  'groups.members.add': (c) => c.groups.members.add('262', someone),
  'groups.members.remove': (c) => c.groups.members.remove('262', someone),
  'queues.addAgent': (c) => c.queues.addAgent('262', someone),
  'queues.removeAgent': (c) => c.queues.removeAgent('262', someone),
  'queues.setStatus': (c) => c.queues.setStatus('262', someone, 'ready'),
  'cdrs.list': async (c) => c.cdrs.list({ from: new Date(Date.UTC(2025, 0, 1)), to: new Date(Date.UTC(2025, 0, 2)) }).page(),
  'cdrs.get': (c) => c.cdrs.get('1'),
  'queues.notReadyReasons': async (c) => c.queues.notReadyReasons().page(),
  'roles.list': async (c) => c.roles.list().page(),
  'queues.create': (c) => c.queues.create({ name: 'New', extension: '8100' }),
  'queues.update': (c) => c.queues.update('262', { name: 'Renamed' }),
  'queues.delete': (c) => c.queues.delete('262'),
  'recordings.list': async (c) => c.recordings.list().page(),
  'recordings.download': (c) => c.recordings.download('1'),
  'cdrs.sync': async (c) => c.cdrs.sync({ from: new Date(Date.UTC(2025, 0, 1)) })[Symbol.asyncIterator]().next(),
};

async function refusal(call: () => Promise<unknown>): Promise<UnsupportedOperationError> {
  try {
    await call();
  } catch (error) {
    if (isPbxError(error, 'UNSUPPORTED_OPERATION')) return error as UnsupportedOperationError;
    throw error;
  }
  throw new Error('expected UnsupportedOperationError, but the call succeeded');
}

describe('the manifest', () => {
  it('marks exactly these operations unsupported, each with a real reason', () => {
    const unsupported = OPERATIONS.filter((op) => NETPBX_CAPABILITIES[op].support === 'unsupported');
    expect(unsupported).toEqual(UNSUPPORTED);
    for (const op of unsupported) {
      const capability = NETPBX_CAPABILITIES[op];
      expect(capability.support === 'unsupported' && capability.reason.length > 30, op).toBe(true);
    }
  });

  it('users.update accepts firstName, lastName, email and mobile only, and says what it costs', () => {
    expect(NETPBX_CAPABILITIES['users.update']).toMatchObject({ support: 'emulated', requests: 2, fields: ['firstName', 'lastName', 'email', 'mobile'] });
  });
});

describe.each(UNSUPPORTED)('%s', (operation) => {
  it('throws UnsupportedOperationError with the manifest reason, before any request (also before the login)', async () => {
    for (const credentials of [CREDENTIALS, { token: 'static-tok-1234' }]) {
      const error = await refusal(() => CALLS[operation]!(netpbxClient({ credentials })));
      const capability = NETPBX_CAPABILITIES[operation];
      expect(error).toMatchObject({ code: 'UNSUPPORTED_OPERATION', vendor: 'netpbx', operation });
      expect(capability.support === 'unsupported' && error.reason).toBe(capability.support === 'unsupported' && capability.reason);
    }
  });
});

describe('fields and values NetPBX cannot take', () => {
  it.each([{ displayName: 'Ada' }, { enabled: false }, { department: 'R&D' }, { email: 'ada@example.com', department: 'R&D' }])(
    'users.update(%j) is refused before any request',
    async (patch) => {
      const error = await refusal(() => netpbxClient().users.update('1042', patch));
      expect(error.operation).toBe('users.update');
      expect(error.reason).toMatch(/accepted: firstName, lastName, email, mobile/);
    },
  );

  it.each(['ready', 'not_ready', 'wrap_up', 'logged_out'] as const)('queues.setStatus(%s) is refused (login/logout are the only state changes)', async (status) => {
    const error = await refusal(() => netpbxClient().queues.setStatus('262', someone, status));
    expect(error.reason).toMatch(/queues\.login \/ queues\.logout/);
  });

  it('supports() agrees with the manifest', () => {
    const client = netpbxClient();
    for (const op of OPERATIONS) expect(client.supports(op), op).toBe(!UNSUPPORTED.includes(op));
  });
});
