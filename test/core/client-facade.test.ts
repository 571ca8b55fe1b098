/**
 * The public facade `createClient` over a fake in-memory adapter: capability refusal and
 * input validation happen before the adapter is called, fields/values outside the
 * capability are refused, lists are lazy, call options become the request context, and the
 * raw escape hatch stays under the base URL.
 */
import { describe, expect, it } from 'vitest';
import { OPERATIONS, type OperationName } from '../../core/capabilities.js';
import { createClient, type PbxClient } from '../../core/client.js';
import { AbortedError, UnsupportedOperationError, ValidationError, isPbxError } from '../../core/errors.js';
import { PAGES_READ_AHEAD } from '../../core/paging.js';
import { FAKE_VENDOR, fakeAdapter, manifest } from '../support/core/adapter.js';
import { rejection } from '../support/core/kernel.js';

const NOW = 1_700_000_000_000;
const validUser = { extension: '1001', displayName: 'Ann Example', email: 'ann@example.test' };

function setup(overrides: Parameters<typeof manifest>[0] = {}, defaults: Parameters<typeof createClient>[1] = { now: () => NOW }) {
  const fake = fakeAdapter(manifest(overrides));
  const client = createClient(fake.adapter, defaults);
  return { client, ...fake };
}

/** Runs `fn`, turning a synchronous throw into a rejection, and returns what it failed with. */
async function failure(fn: () => unknown): Promise<unknown> {
  return rejection(
    (async () => {
      const result = fn();
      if (result && typeof (result as { toArray?: unknown }).toArray === 'function') return (result as { toArray(): Promise<unknown> }).toArray();
      return result;
    })(),
  );
}

/** One valid call of every operation. Lists are consumed with toArray(). */
const invoke: Record<OperationName, (c: PbxClient) => unknown> = {
  'users.list': (c) => c.users.list(),
  'users.get': (c) => c.users.get('1'),
  'users.findByEmail': (c) => c.users.findByEmail('u1@example.test'),
  'users.findByExtension': (c) => c.users.findByExtension('1001'),
  'users.create': (c) => c.users.create(validUser),
  'users.update': (c) => c.users.update('1', { displayName: 'New' }),
  'users.delete': (c) => c.users.delete('1'),
  'users.presence': (c) => c.users.presence(['1']),
  'roles.list': (c) => c.roles.list(),
  'groups.list': (c) => c.groups.list(),
  'groups.get': (c) => c.groups.get('g1'),
  'groups.create': (c) => c.groups.create({ name: 'Sales' }),
  'groups.update': (c) => c.groups.update('g1', { name: 'S' }),
  'groups.delete': (c) => c.groups.delete('g1'),
  'groups.members.list': (c) => c.groups.members.list('g1'),
  'groups.members.add': (c) => c.groups.members.add('g1', { id: '1' }),
  'groups.members.remove': (c) => c.groups.members.remove('g1', { extension: '1001' }),
  'queues.list': (c) => c.queues.list(),
  'queues.get': (c) => c.queues.get('q1'),
  'queues.create': (c) => c.queues.create({ name: 'Q', extension: '8100' }),
  'queues.update': (c) => c.queues.update('q1', { name: 'Q2' }),
  'queues.delete': (c) => c.queues.delete('q1'),
  'queues.agents': (c) => c.queues.agents('q1'),
  'queues.addAgent': (c) => c.queues.addAgent('q1', { id: '1' }),
  'queues.removeAgent': (c) => c.queues.removeAgent('q1', { id: '1' }),
  'queues.login': (c) => c.queues.login('q1', { id: '1' }),
  'queues.logout': (c) => c.queues.logout('q1', { id: '1' }),
  'queues.setStatus': (c) => c.queues.setStatus('q1', { id: '1' }, 'ready'),
  'queues.state': (c) => c.queues.state('q1'),
  'queues.notReadyReasons': (c) => c.queues.notReadyReasons(),
  'cdrs.list': (c) => c.cdrs.list(),
  'cdrs.get': (c) => c.cdrs.get('c1'),
  'recordings.list': (c) => c.recordings.list(),
  'recordings.download': (c) => c.recordings.download('r1'),
  'cdrs.sync': (c) => c.cdrs.sync()[Symbol.asyncIterator]().next(),
  watch: (c) => c.watch({ maxPolls: 1 })[Symbol.asyncIterator]().next(),
  whoami: (c) => c.whoami(),
};

/** Emulated operations reach the adapter through the operation they are built on. */
const REACHES: Partial<Record<OperationName, string>> = { 'cdrs.sync': 'cdrs.list', watch: 'users.list' };

async function consume(value: unknown): Promise<unknown> {
  if (value && typeof (value as { toArray?: unknown }).toArray === 'function') return (value as { toArray(): Promise<unknown> }).toArray();
  return value;
}

describe('capabilities', () => {
  it('exposes vendor, manifest and supports()', () => {
    const { client, adapter } = setup({ 'users.delete': { support: 'unsupported', reason: 'read-only API' }, 'queues.state': { support: 'emulated', requests: 2, cost: '2 requests' } });
    expect(client.vendor).toBe(FAKE_VENDOR);
    expect(client.capabilities).toBe(adapter.capabilities);
    expect(client.supports('users.delete')).toBe(false);
    expect(client.supports('queues.state')).toBe(true);
    expect(client.supports('users.get')).toBe(true);
  });

  it.each(OPERATIONS)('every operation works when supported: %s reaches the adapter', async (operation) => {
    const { client, names } = setup();
    await consume(await invoke[operation](client));
    expect(names()[0]).toBe(REACHES[operation] ?? operation);
  });

  it.each(OPERATIONS)('%s marked unsupported throws UnsupportedOperationError before calling the adapter', async (operation) => {
    const { client, calls } = setup({ [operation]: { support: 'unsupported', reason: 'the vendor has no endpoint for it' } });
    const error = await failure(() => invoke[operation](client));
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_OPERATION', reason: 'the vendor has no endpoint for it', vendor: FAKE_VENDOR, operation });
    expect(calls).toHaveLength(0);
  });

  it('an operation declared supported but not implemented is refused too', async () => {
    const fake = fakeAdapter();
    delete (fake.adapter.users as { delete?: unknown }).delete;
    const client = createClient(fake.adapter);
    const error = await rejection(client.users.delete('1'));
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect((error as UnsupportedOperationError).reason).toMatch(/does not implement/);
  });

  it('an unsupported list throws at the call site, synchronously', () => {
    const { client, calls } = setup({ 'users.list': { support: 'unsupported', reason: 'no list endpoint' } });
    expect(() => client.users.list()).toThrow(UnsupportedOperationError);
    expect(calls).toHaveLength(0);
  });
});

describe('fields and values outside the capability are refused before the adapter is called', () => {
  it('users.update with a field the vendor cannot change', async () => {
    const { client, calls } = setup({ 'users.update': { support: 'native', requests: 1, fields: ['displayName', 'enabled'] } });
    const error = await rejection(client.users.update('1', { displayName: 'A', email: 'a@example.test' }));
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect((error as Error).message).toContain('email');
    expect((error as UnsupportedOperationError).reason).toContain('email');
    expect(calls).toHaveLength(0);
    await client.users.update('1', { displayName: 'A', enabled: false });
    expect(calls).toHaveLength(1);
  });

  it('users.create with a field the vendor does not store', async () => {
    const { client, calls } = setup({ 'users.create': { support: 'native', requests: 1, fields: ['extension', 'displayName', 'email'] } });
    await expect(client.users.create({ ...validUser, mobile: '+46701234567' })).rejects.toMatchObject({ code: 'UNSUPPORTED_OPERATION', operation: 'users.create' });
    expect(calls).toHaveLength(0);
  });

  it('fields given as undefined do not count as used', async () => {
    const { client, calls } = setup({ 'users.update': { support: 'native', requests: 1, fields: ['displayName'] } });
    await client.users.update('1', { displayName: 'A', email: undefined });
    expect(calls).toHaveLength(1);
  });

  it('queues.setStatus with a status the vendor cannot set', async () => {
    const { client, calls } = setup({ 'queues.setStatus': { support: 'native', requests: 1, values: ['ready', 'not_ready'] } });
    await expect(client.queues.setStatus('q1', { id: '1' }, 'wrap_up')).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(calls).toHaveLength(0);
    await client.queues.setStatus('q1', { id: '1' }, 'not_ready');
    expect(calls.map((c) => c.args)).toEqual([['q1', { id: '1' }, 'not_ready']]);
  });

  it('groups.create with a kind the vendor lacks (including the default kind)', async () => {
    const { client, calls } = setup({ 'groups.create': { support: 'emulated', requests: 1, cost: '1', values: ['queue'] } });
    await expect(client.groups.create({ name: 'Team A' })).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(client.groups.create({ name: 'Team A', kind: 'ring' })).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(calls).toHaveLength(0);
    await client.groups.create({ name: 'Q', kind: 'queue' });
    expect(calls).toHaveLength(1);
  });

  it('queues.addAgent with an option the vendor ignores', async () => {
    const { client, calls } = setup({ 'queues.addAgent': { support: 'native', requests: 1, fields: [] } });
    await expect(client.queues.addAgent('q1', { id: '1' }, { skillLevel: 5 })).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(calls).toHaveLength(0);
    await client.queues.addAgent('q1', { id: '1' });
    expect(calls).toHaveLength(1);
  });
});

describe('input validation happens before the adapter is called', () => {
  type Case = [string, (c: PbxClient) => unknown, string[], RegExp?];
  const invalid: Case[] = [
    ['empty id', (c) => c.users.get(''), [''], /users\.get: invalid id: must not be empty/],
    ['blank id', (c) => c.users.get('   '), ['']],
    ['id with a control character', (c) => c.users.get('a\u0000b'), ['']],
    ['id too long', (c) => c.users.get('x'.repeat(257)), ['']],
    ['id not a string', (c) => c.users.get(42 as unknown as string), ['']],
    ['empty group id', (c) => c.groups.members.add('', { id: '1' }), [''], /invalid groupId/],
    ['empty queue id', (c) => c.queues.login('', { id: '1' }), [''], /invalid queueId/],
    ['invalid email lookup', (c) => c.users.findByEmail('not-an-email'), [''], /invalid email/],
    ['invalid extension lookup', (c) => c.users.findByExtension('12a'), ['']],
    ['invalid email on create', (c) => c.users.create({ ...validUser, email: 'nope' }), ['email']],
    ['invalid E.164 mobile', (c) => c.users.create({ ...validUser, mobile: '0701234567' }), ['mobile'], /E\.164/],
    ['E.164 too long', (c) => c.users.create({ ...validUser, mobile: '+1234567890123456' }), ['mobile']],
    ['extension too short', (c) => c.users.create({ ...validUser, extension: '1' }), ['extension']],
    ['short voicemail PIN', (c) => c.users.create({ ...validUser, voicemailPin: '12' }), ['voicemailPin']],
    ['several bad fields', (c) => c.users.create({ extension: 'x', displayName: '', email: 'y' }), ['extension', 'displayName', 'email']],
    ['unknown key on create', (c) => c.users.create({ ...validUser, nickname: 'A' } as never), [''], /nickname/],
    ['empty patch', (c) => c.users.update('1', {}), [''], /at least one field/],
    ['invalid email in patch', (c) => c.users.update('1', { email: 'x' }), ['email']],
    ['unknown key in patch', (c) => c.users.update('1', { displayName: 'B', extension: '1002' } as never), [''], /extension/],
    ['empty id on update', (c) => c.users.update('', { displayName: 'x' }), ['']],
    ['empty group name', (c) => c.groups.create({ name: ' ' }), ['name']],
    ['unknown group kind', (c) => c.groups.create({ name: 'A', kind: 'club' as never }), ['kind']],
    ['user ref without id or extension', (c) => c.groups.members.add('g1', {} as never), [''], /user id or an extension/],
    ['user ref with a bad extension', (c) => c.queues.addAgent('q1', { extension: 'abc' }), ['extension']],
    ['status that cannot be set', (c) => c.queues.setStatus('q1', { id: '1' }, 'busy' as never), ['']],
    ['skill level out of range', (c) => c.queues.addAgent('q1', { id: '1' }, { skillLevel: 0 }), ['skillLevel']],
    ['unknown agent option', (c) => c.queues.addAgent('q1', { id: '1' }, { priority: 1 } as never), ['options.priority'], /priority/],
    ['call options that are not an object', (c) => c.users.get('1', 42 as never), ['options'], /must be an object/],
    ['a misspelt call option', (c) => c.users.get('1', { timeout: 500 } as never), ['options.timeout'], /unknown option "timeout".*timeoutMs/],
    ['paging given as call options of cdrs.list (it belongs in the query)', (c) => c.cdrs.list({}, { pageSize: 5 } as never), ['options.pageSize'], /pageSize/],
    ['an unknown option of raw.request', (c) => c.raw.request('GET', 'x', { json: {} } as never), ['options.json'], /json/],
    ['negative timeoutMs', (c) => c.users.get('1', { timeoutMs: -5 }), ['timeoutMs']],
    ['fractional deadlineMs', (c) => c.users.get('1', { deadlineMs: 1.5 }), ['deadlineMs']],
    ['signal that is not an AbortSignal', (c) => c.users.get('1', { signal: 'stop' as never }), ['signal']],
    ['raw method', (c) => c.raw.request('TRACE' as never, 'x'), ['']],
  ];

  it.each(invalid)('%s → ValidationError (source client) naming the fields', async (_name, call, fields, message) => {
    const { client, calls } = setup();
    const error = await failure(() => call(client));
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v).toMatchObject({ code: 'VALIDATION_FAILED', source: 'client', vendor: FAKE_VENDOR });
    expect(v.issues.map((i) => i.field)).toEqual(fields);
    if (message) expect(v.message).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it('validation errors of non-list operations are rejections, never synchronous throws', async () => {
    const { client } = setup();
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client.users.get('');
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(ValidationError);
  });

  it('the adapter receives validated, normalised input', async () => {
    const { client, calls } = setup();
    await client.users.get('  42 ');
    await client.users.create({ extension: ' 1001 ', displayName: '  Ann  ', email: 'ann@example.test' });
    await client.groups.create({ name: 'Sales' });
    expect(calls.map((c) => c.args)).toEqual([['42'], [{ extension: '1001', displayName: 'Ann', email: 'ann@example.test' }], [{ name: 'Sales', kind: 'team' }]]);
  });

  it('an empty patch is refused even when its keys are present but undefined', async () => {
    const { client, calls } = setup();
    await expect(client.users.update('1', { displayName: undefined })).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });
});

describe('lists', () => {
  it('are lazy: nothing is requested until iterated', async () => {
    const { client, calls } = setup();
    const list = client.users.list({ pageSize: 2 });
    expect(calls).toHaveLength(0);
    const all = await list.toArray();
    expect(all.map((u) => u.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(calls.map((c) => c.args[0])).toEqual([{ pageSize: 2 }, { pageSize: 2, cursor: 'offset:2' }, { pageSize: 2, cursor: 'offset:4' }]);
  });

  it.each<[string, (c: PbxClient) => unknown, string]>([
    ['pageSize 0', (c) => c.users.list({ pageSize: 0 }), 'pageSize'],
    ['pageSize above 1000', (c) => c.groups.list({ pageSize: 5_000 }), 'pageSize'],
    ['empty cursor', (c) => c.queues.list({ cursor: '' }), 'cursor'],
    ['unknown option', (c) => c.users.list({ sort: 'name' } as never), ''],
    ['bad call option', (c) => c.users.list({ timeoutMs: 0 }), 'timeoutMs'],
    ['empty group id', (c) => c.groups.members.list(''), ''],
    ['empty queue id', (c) => c.queues.agents(' '), ''],
    ['from after to', (c) => c.cdrs.list({ from: '2024-02-01T00:00:00Z', to: '2024-01-01T00:00:00Z' }), 'from'],
    ['an invalid date', (c) => c.cdrs.list({ from: 'yesterday-ish' }), 'from'],
    ['userId with scope self', (c) => c.cdrs.list({ scope: 'self', userId: '1' }), 'userId'],
    ['unknown CDR filter', (c) => c.cdrs.list({ direction: 'inbound' } as never), ''],
  ])('throw input errors synchronously, at the call site (%s)', (_name, call, field) => {
    const { client, calls } = setup();
    let thrown: unknown;
    try {
      call(client);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(thrown).toMatchObject({ source: 'client' });
    expect((thrown as ValidationError).issues.map((i) => i.field)).toContain(field);
    expect(calls).toHaveLength(0);
  });

  it('each page gets its own context, with a deadline counted from when that page is fetched', async () => {
    let now = NOW;
    const { client, calls } = setup({}, { now: () => now, deadlineMs: 5_000 });
    const list = client.users.list({ pageSize: 2, timeoutMs: 700 });
    now += 10_000;
    const pages = list.pages()[Symbol.asyncIterator]();
    const first = pages.next();
    now += 1_000; // the first page took a second: the second (read ahead) is fetched from then on
    await first;
    await pages.next();
    expect(calls.slice(0, 2).map((c) => c.ctx)).toEqual([
      { timeoutMs: 700, deadlineAt: NOW + 10_000 + 5_000, queued: { ms: 0 } },
      { timeoutMs: 700, deadlineAt: NOW + 11_000 + 5_000, queued: { ms: 0 } },
    ]);
  });

  it('cdrs.list separates the filter from paging and defaults the scope', async () => {
    const { client, calls } = setup();
    await client.cdrs.list({ from: '2024-01-01T00:00:00Z', to: new Date('2024-02-01T00:00:00Z'), pageSize: 10 }).page();
    const [filter, page] = calls[0]!.args as [Record<string, unknown>, Record<string, unknown>];
    expect(filter).toEqual({ from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-02-01T00:00:00Z'), scope: 'tenant' });
    expect(page).toEqual({ pageSize: 10 });
  });

  it('queues.agents is one page of everything', async () => {
    const { client } = setup();
    const page = await client.queues.agents('q1').page();
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toBeUndefined();
  });

  it('a cursor from the caller starts the list there', async () => {
    const { client, calls } = setup();
    const rest = await client.users.list({ pageSize: 2, cursor: 'offset:4' }).toArray();
    expect(rest.map((u) => u.id)).toEqual(['5']);
    expect(calls[0]!.args[0]).toEqual({ pageSize: 2, cursor: 'offset:4' });
  });
});

describe('call options and cancellation', () => {
  it('become the request context: signal, per-attempt timeout and an absolute deadline', async () => {
    const { client, calls } = setup({}, { now: () => NOW, deadlineMs: 30_000 });
    const controller = new AbortController();
    await client.users.get('1', { signal: controller.signal, timeoutMs: 500, deadlineMs: 2_000 });
    await client.users.get('1');
    expect(calls[0]!.ctx).toEqual({ signal: controller.signal, timeoutMs: 500, deadlineAt: NOW + 2_000, queued: { ms: 0 } });
    expect(calls[1]!.ctx).toEqual({ deadlineAt: NOW + 30_000, queued: { ms: 0 } });
  });

  it('every call option reaches the operations that take their own options too (addAgent, setStatus, writes)', async () => {
    const { client, calls } = setup();
    const options = { timeoutMs: 5_000, queueTimeoutMs: 2_000, maxResponseBytes: 1 << 20 };
    await client.queues.addAgent('q1', { id: '1' }, { ...options, skillLevel: 5 });
    await client.queues.setStatus('q1', { id: '1' }, 'ready', options);
    await client.users.update('1', { displayName: 'New' }, { ...options, returning: 'none' });
    expect(calls.map((c) => c.ctx)).toEqual(calls.map(() => ({ timeoutMs: 5_000, queueTimeoutMs: 2_000, maxResponseBytes: 1 << 20, deadlineAt: NOW + 60_000, queued: { ms: 0 } })));
    expect(calls.length).toBe(3);
  });

  it('the default overall deadline is 60 s', async () => {
    const { client, calls } = setup({}, { now: () => NOW });
    await client.whoami();
    expect(calls[0]!.ctx.deadlineAt).toBe(NOW + 60_000);
  });

  it('an already aborted signal rejects with AbortedError and the adapter is not called', async () => {
    const { client, calls } = setup();
    const signal = AbortSignal.abort();
    const calls_: Array<() => Promise<unknown>> = [
      () => client.users.get('1', { signal }),
      () => client.users.create(validUser, { signal }),
      () => client.queues.setStatus('q1', { id: '1' }, 'ready', { signal }),
      () => client.whoami({ signal }),
      () => client.raw.request('GET', 'users', { signal }),
      () => client.close({ signal }),
    ];
    for (const call of calls_) {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = call();
      }).not.toThrow();
      const error = await rejection(promise!);
      expect(error).toBeInstanceOf(AbortedError);
      expect(error).toMatchObject({ name: 'AbortError', code: 'ABORTED', vendor: FAKE_VENDOR });
    }
    expect(calls).toHaveLength(0);
  });

  it('a list with an already aborted signal fails with AbortedError without calling the adapter', async () => {
    const { client, calls } = setup();
    const error = await failure(() => client.users.list({ signal: AbortSignal.abort() }));
    expect(isPbxError(error, 'ABORTED')).toBe(true);
    expect(calls).toHaveLength(0);
  });

  it('a list whose signal aborts after creation fails on the next page fetch', async () => {
    const { client, calls } = setup();
    const controller = new AbortController();
    const list = client.users.list({ pageSize: 2, signal: controller.signal });
    const pages = list.pages()[Symbol.asyncIterator]();
    await pages.next();
    controller.abort();
    // The pages read ahead before the abort are not handed out after it, and nothing more is asked for.
    await expect(pages.next()).rejects.toBeInstanceOf(AbortedError);
    expect(calls).toHaveLength(1 + PAGES_READ_AHEAD);
  });
});

describe('raw.request', () => {
  it('passes a relative request through with the context', async () => {
    const { client, calls } = setup({}, { now: () => NOW });
    const response = await client.raw.request('POST', '/users/search', { query: { q: 'a' }, body: { x: 1 }, idempotent: true, timeoutMs: 100 });
    expect(response.body).toEqual({ ok: true });
    expect(calls[0]!.args).toEqual([{ method: 'POST', path: 'users/search', query: { q: 'a' }, body: { x: 1 }, idempotent: true }]);
    expect(calls[0]!.ctx).toEqual({ timeoutMs: 100, deadlineAt: NOW + 60_000, queued: { ms: 0 } });
  });

  it.each([
    'https://evil.test/steal',
    'http:/evil.test',
    'javascript:alert(1)',
    'mailto:x@example.test',
    '../admin',
    'users/../../admin',
    'users/..',
    '.',
    './users',
    '%2e%2e/admin',
    'users/%2E%2e/x',
    'users/.%2e/x',
    '',
    '/',
    'users list',
    'users\n',
    'users\u0000',
  ])('refuses %j before calling the adapter', async (path) => {
    const { client, calls } = setup();
    const error = await rejection(client.raw.request('GET', path));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ source: 'client', issues: [{ field: 'path', message: 'not a relative path' }] });
    expect(calls).toHaveLength(0);
  });

  it('refuses backslash paths, which URL parsers treat as "/" (a\\..\\..\\admin escapes the base path)', async () => {
    const { client, calls } = setup();
    await expect(client.raw.request('GET', 'users\\..\\..\\admin')).rejects.toBeInstanceOf(ValidationError);
    await expect(client.raw.request('GET', '\\\\evil.test\\x')).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it('allows dots inside segments and in the query', async () => {
    const { client, calls } = setup();
    await client.raw.request('GET', 'files/report..v2.json?next=../x');
    expect((calls[0]!.args[0] as { path: string }).path).toBe('files/report..v2.json?next=../x');
  });
});

describe('other operations', () => {
  it('close passes a context to the adapter', async () => {
    const { client, calls } = setup({}, { now: () => NOW });
    await client.close({ timeoutMs: 50 });
    expect(calls).toEqual([{ operation: 'close', args: [], ctx: { timeoutMs: 50, deadlineAt: NOW + 60_000, queued: { ms: 0 } } }]);
  });

  it('findByEmail returns null when there is no such user', async () => {
    const { client } = setup();
    await expect(client.users.findByEmail('nobody@example.test')).resolves.toBeNull();
    await expect(client.users.findByEmail('U2@EXAMPLE.TEST')).resolves.toMatchObject({ id: '2' });
  });
});
