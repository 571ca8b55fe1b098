/**
 * The smaller core modules: signal plumbing (context.ts), user-ref resolution (refs.ts),
 * mapConcurrent, capability helpers, and the vendor registration helpers (vendor.ts).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeCapability, isSupported } from '../../core/capabilities.js';
import { mapConcurrent } from '../../core/concurrent.js';
import { AbortedError, NotFoundError, ValidationError } from '../../core/errors.js';
import { abortedError, raceSignal, sleep, timeoutSignal } from '../../core/http/context.js';
import { extensionOf, userIdOf } from '../../core/refs.js';
import { createKernel, createVendorClient, parseVendorOptions, sendRaw, type VendorDefinition } from '../../core/vendor.js';
import { fakeAdapter, manifest, user } from '../support/core/adapter.js';
import { delay, hang, reply, scriptedFetch } from '../support/core/http.js';
import { recordingClock, rejection } from '../support/core/kernel.js';

describe('context.ts', () => {
  it('sleep waits, and rejects early with the signal reason', async () => {
    const started = performance.now();
    await sleep(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    const reason = new Error('why');
    await expect(sleep(10_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('timeoutSignal fires after ms with a TimeoutError reason, unless cleared', async () => {
    const fired = timeoutSignal(10);
    await delay(30);
    expect(fired.signal.aborted).toBe(true);
    expect((fired.signal.reason as DOMException).name).toBe('TimeoutError');
    const cleared = timeoutSignal(10);
    cleared.clear();
    await delay(30);
    expect(cleared.signal.aborted).toBe(false);
  });

  it('raceSignal settles with the promise, or rejects with the reason when the signal wins', async () => {
    await expect(raceSignal(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
    await expect(raceSignal(Promise.reject(new Error('inner')), new AbortController().signal)).rejects.toThrow('inner');
    await expect(raceSignal(Promise.resolve(1), AbortSignal.abort('pre'))).rejects.toBe('pre');
    const controller = new AbortController();
    const pending = raceSignal(new Promise(() => {}), controller.signal);
    controller.abort('later');
    await expect(pending).rejects.toBe('later');
  });

  it('abortedError names the operation', () => {
    const error = abortedError({ vendor: 'acme', operation: 'users.get' });
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ message: 'users.get aborted by the caller', vendor: 'acme', name: 'AbortError' });
    expect(abortedError({}).message).toBe('aborted by the caller');
  });
});

describe('refs.ts', () => {
  const context = { vendor: 'acme', operation: 'queues.addAgent' };

  it('extensionOf uses the ref extension without a lookup, else looks the user up', async () => {
    const lookups: string[] = [];
    const getUser = async (id: string) => (lookups.push(id), user(id, { extension: '1042' }));
    expect(await extensionOf({ extension: '1001' }, getUser, context)).toBe('1001');
    expect(await extensionOf({ id: '42', extension: '1001' }, getUser, context)).toBe('1001');
    expect(lookups).toEqual([]);
    expect(await extensionOf({ id: '42' }, getUser, context)).toBe('1042');
    expect(lookups).toEqual(['42']);
  });

  it('extensionOf: a user without extension is NotFoundError', async () => {
    const error = await rejection(extensionOf({ id: '9' }, async (id) => user(id, { extension: undefined }), context));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ vendor: 'acme', operation: 'queues.addAgent' });
  });

  it('userIdOf uses the ref id without a lookup, else finds by extension; none is NotFoundError', async () => {
    const lookups: string[] = [];
    const find = async (extension: string) => (lookups.push(extension), extension === '1001' ? user('7') : null);
    expect(await userIdOf({ id: '3', extension: '1001' }, find, context)).toBe('3');
    expect(lookups).toEqual([]);
    expect(await userIdOf({ extension: '1001' }, find, context)).toBe('7');
    await expect(userIdOf({ extension: '1999' }, find, context)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('mapConcurrent', () => {
  it('keeps the input order and never exceeds the limit', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0], 2, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await delay(n);
      active--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it('handles empty input and limits below 1', async () => {
    expect(await mapConcurrent([], 4, async (n: number) => n)).toEqual([]);
    expect(await mapConcurrent([1, 2], 0, async (n) => n + 1)).toEqual([2, 3]);
  });

  it('rejects with the first failure', async () => {
    await expect(mapConcurrent([1, 2, 3], 3, async (n) => {
      if (n === 2) throw new Error('two');
      return n;
    })).rejects.toThrow('two');
  });
});

describe('capabilities helpers', () => {
  it('isSupported and describeCapability', () => {
    expect(isSupported({ support: 'native', requests: 1 })).toBe(true);
    expect(isSupported({ support: 'emulated', requests: 2, cost: 'x' })).toBe(true);
    expect(isSupported({ support: 'unsupported', reason: 'r' })).toBe(false);
    expect(describeCapability({ support: 'native', requests: 1 })).toBe('native');
    expect(describeCapability({ support: 'emulated', requests: 2, cost: '1 + one GET per agent' })).toBe('emulated (1 + one GET per agent)');
    expect(describeCapability({ support: 'unsupported', reason: 'no API' })).toBe('unsupported: no API');
  });
});

describe('vendor.ts', () => {
  const VendorSchema = z.object({ credentials: z.object({ token: z.string() }) });

  it('parseVendorOptions accepts common and vendor options together', () => {
    const options = parseVendorOptions('acme', VendorSchema, { baseUrl: 'https://pbx.test/api', credentials: { token: 't' }, timeoutMs: 100, retry: { maxRetries: 1 }, throttle: false });
    expect(options).toMatchObject({ baseUrl: 'https://pbx.test/api', timeoutMs: 100, retry: { maxRetries: 1 }, throttle: false });
  });

  it.each([
    ['a misspelt option', { baseUrl: 'https://pbx.test', credentials: { token: 't' }, timeoutMS: 5 }],
    ['a non-http URL', { baseUrl: 'ftp://pbx.test', credentials: { token: 't' } }],
    ['a relative URL', { baseUrl: '/api', credentials: { token: 't' } }],
    ['missing credentials', { baseUrl: 'https://pbx.test' }],
    ['a zero timeout', { baseUrl: 'https://pbx.test', credentials: { token: 't' }, timeoutMs: 0 }],
    ['too many retries', { baseUrl: 'https://pbx.test', credentials: { token: 't' }, retry: { maxRetries: 21 } }],
    ['an unknown retry option', { baseUrl: 'https://pbx.test', credentials: { token: 't' }, retry: { retries: 1 } }],
    ['throttle: true', { baseUrl: 'https://pbx.test', credentials: { token: 't' }, throttle: true }],
  ])('parseVendorOptions refuses %s with a client ValidationError', (_name, options) => {
    let error: unknown;
    try {
      parseVendorOptions('acme', VendorSchema, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ source: 'client', vendor: 'acme' });
  });

  it('createKernel registers the secrets, and applies fetch, timeout and retry options', async () => {
    const script = scriptedFetch(reply(503, { message: 'down for s3cret-pass-1' }));
    const clock = recordingClock();
    const kernel = createKernel('acme', { baseUrl: 'https://x.test', fetch: script.fetch, retry: { maxRetries: 1, jitter: 'none', baseDelayMs: 7 }, clock, throttle: false }, {
      baseUrl: 'https://pbx.test/api/',
      parseError: (body) => ({ message: (body as { message: string }).message }),
      secrets: ['s3cret-pass-1', undefined],
    });
    expect(kernel.vendor).toBe('acme');
    expect(kernel.redactor.text('s3cret-pass-1')).toBe('[REDACTED]');
    const error = await rejection(kernel.send({ operation: 'users.list', method: 'GET', path: 'users' }));
    expect((error as Error).message).toBe('acme users.list failed: HTTP 503: down for [REDACTED]');
    expect(script.calls.map((c) => c.url)).toEqual(['https://pbx.test/api/users', 'https://pbx.test/api/users']);
    expect(clock.sleeps).toEqual([7]);
    expect(script.calls[0]!.headers['user-agent']).toBe('unipbx');
  });

  it('createKernel throttles by default and not with throttle: false', async () => {
    const run = async (throttle: false | { maxConcurrent: number }) => {
      const script = scriptedFetch(hang());
      const kernel = createKernel('acme', { baseUrl: 'https://x.test', fetch: script.fetch, throttle, timeoutMs: 200, retry: { maxRetries: 0 } }, { baseUrl: 'https://pbx.test/', parseError: () => undefined, secrets: [] });
      const pending = [0, 1, 2].map(() => kernel.send({ operation: 'users.list', method: 'GET', path: 'users' }).catch(() => undefined));
      await delay(30);
      const started = script.calls.length;
      await Promise.all(pending);
      return started;
    };
    expect(await run({ maxConcurrent: 1 })).toBe(1);
    expect(await run(false)).toBe(3);
  });

  it('sendRaw maps a raw request onto the kernel (operation "raw", body as JSON)', async () => {
    const script = scriptedFetch(reply(200, { ok: 1 }));
    const kernel = createKernel('acme', { baseUrl: 'https://x.test', fetch: script.fetch, throttle: false }, { baseUrl: 'https://pbx.test/api/', parseError: () => undefined, secrets: [] });
    const response = await sendRaw(kernel, { method: 'PATCH', path: 'things/1', query: { a: 'b' }, body: { x: 1 } }, {});
    expect(response.body).toEqual({ ok: 1 });
    expect(script.calls[0]).toMatchObject({ method: 'PATCH', url: 'https://pbx.test/api/things/1?a=b', body: '{"x":1}' });
  });

  it('createVendorClient passes the deadline and the injected clock to the client', async () => {
    const fake = fakeAdapter(manifest());
    const definition: VendorDefinition = {
      id: 'fakepbx',
      name: 'Fake PBX',
      capabilities: fake.adapter.capabilities,
      createAdapter: () => fake.adapter,
    };
    const client = createVendorClient(definition, { baseUrl: 'https://pbx.test', deadlineMs: 1_234, clock: { now: () => 5_000 } });
    await client.users.get('1');
    expect(fake.calls[0]!.ctx.deadlineAt).toBe(6_234);
  });
});
