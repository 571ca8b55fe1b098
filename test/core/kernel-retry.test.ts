/**
 * The kernel's retry policy: what is retried per verb and idempotency, how many times, how
 * long it waits (capped, jittered backoff; Retry-After), and how deletes reconcile a 404.
 * Delays are recorded by an injected clock, so nothing here really waits.
 */
import { describe, expect, it } from 'vitest';
import { NetworkError, OutcomeUnknownError, RateLimitError, ServerError, isPbxError } from '../../core/errors.js';
import type { HttpMethod, HttpRequest, RetryEvent } from '../../core/http/kernel.js';
import { RequestLimiter } from '../../core/http/limiter.js';
import {
  RETRYABLE_STATUSES,
  backoffDelay,
  isIdempotentMethod,
  networkErrorCode,
  parseRetryAfter,
  resolveRetryOptions,
  wasNotSent,
} from '../../core/http/retry.js';
import { fail, reply, scriptedFetch, undiciError, type Step } from '../support/core/http.js';
import { makeKernel, recordingClock, rejection, type TestKernelOptions } from '../support/core/kernel.js';

const ok = reply(200, { ok: true });

function setup(steps: Step[], options: TestKernelOptions = {}) {
  const script = scriptedFetch(...steps);
  const clock = recordingClock();
  const { kernel } = makeKernel({ fetch: script.fetch, clock, ...options });
  return { kernel, calls: script.calls, clock };
}

const get = (extra: Partial<HttpRequest> = {}): HttpRequest => ({ operation: 'users.list', method: 'GET', path: 'users', ...extra });
const post = (extra: Partial<HttpRequest> = {}): HttpRequest => ({ operation: 'users.create', method: 'POST', path: 'users', json: { name: 'x' }, ...extra });

describe('GET (idempotent) retries', () => {
  it.each([500, 502, 503, 504, 408, 429, 425])('retries HTTP %i and returns the next success', async (status) => {
    const { kernel, calls, clock } = setup([reply(status, { message: 'busy' }), ok]);
    const response = await kernel.send(get());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect(calls).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'ENOTFOUND'])('retries an undici network failure (%s)', async (code) => {
    const { kernel, calls } = setup([fail(code), fail(code), ok]);
    await expect(kernel.send(get())).resolves.toMatchObject({ status: 200 });
    expect(calls).toHaveLength(3);
  });

  it('retries a nock-style failure whose code is on the error itself', async () => {
    const { kernel, calls } = setup([
      () => {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
      ok,
    ]);
    await expect(kernel.send(get())).resolves.toMatchObject({ status: 200 });
    expect(calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 410, 412, 413, 422, 501])('does not retry HTTP %i', async (status) => {
    const { kernel, calls, clock } = setup([reply(status, { message: 'no' }), ok]);
    const error = await rejection(kernel.send(get()));
    expect(isPbxError(error)).toBe(true);
    expect((error as { status?: number }).status).toBe(status);
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('stops after maxRetries and throws the last error (not OutcomeUnknown: a read cannot duplicate anything)', async () => {
    const { kernel, calls, clock } = setup([reply(503, { message: 'down' })], { retry: { maxRetries: 2, baseDelayMs: 10, jitter: 'none' } });
    const error = await rejection(kernel.send(get()));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', status: 503, retryable: true, vendor: 'testvendor', operation: 'users.list' });
    expect(calls).toHaveLength(3);
    expect(clock.sleeps).toEqual([10, 20]);
  });

  it('maxRetries 0 disables retries', async () => {
    const { kernel, calls } = setup([fail('ECONNRESET'), ok], { retry: { maxRetries: 0 } });
    const error = await rejection(kernel.send(get()));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', sent: true, retryable: true });
    expect(calls).toHaveLength(1);
  });

  it('defaults to 3 retries (4 attempts)', async () => {
    const { kernel, calls } = setup([reply(500, {})], { retry: { jitter: 'none', baseDelayMs: 1 } });
    await expect(kernel.send(get())).rejects.toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(4);
  });

  it.each<HttpMethod>(['PUT', 'DELETE'])('treats %s as idempotent by default', async (method) => {
    const { kernel, calls } = setup([reply(503, {}), fail('ECONNRESET'), reply(200, { done: true })]);
    await expect(kernel.send({ operation: 'users.update', method, path: 'users/1', json: {} })).resolves.toMatchObject({ body: { done: true } });
    expect(calls.map((c) => c.method)).toEqual([method, method, method]);
  });

  it('idempotent: false on a PUT turns off retries', async () => {
    const { kernel, calls } = setup([reply(503, {}), ok]);
    const error = await rejection(kernel.send({ operation: 'users.update', method: 'PUT', path: 'users/1', json: {}, idempotent: false }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(calls).toHaveLength(1);
  });
});

describe('POST / PATCH (not idempotent)', () => {
  it.each([500, 502, 503, 504])('does not retry HTTP %i and reports OutcomeUnknownError', async (status) => {
    const { kernel, calls, clock } = setup([reply(status, { message: 'boom' }), ok]);
    const error = await rejection(kernel.send(post()));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', mayHaveApplied: true, retryable: false, status, vendor: 'testvendor', operation: 'users.create' });
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(ServerError);
    expect(cause).toMatchObject({ status, retryable: false });
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not retry ECONNRESET (the request may have arrived) and reports OutcomeUnknownError', async () => {
    const { kernel, calls } = setup([fail('ECONNRESET'), ok]);
    const error = await rejection(kernel.send(post()));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(isPbxError(error, 'OUTCOME_UNKNOWN')).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(NetworkError);
    expect((error as Error).cause).toMatchObject({ sent: true });
    expect(calls).toHaveLength(1);
  });

  it('PATCH is not idempotent by default either', async () => {
    const { kernel, calls } = setup([reply(502, {}), ok]);
    await expect(kernel.send({ operation: 'users.update', method: 'PATCH', path: 'users/1', json: {} })).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(calls).toHaveLength(1);
  });

  it('retries 429 (the server refused the request) and succeeds', async () => {
    const { kernel, calls } = setup([reply(429, { message: 'slow down' }), reply(201, { id: 'u1' })]);
    const response = await kernel.send(post());
    expect(response).toMatchObject({ status: 201, body: { id: 'u1' } });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toBe(JSON.stringify({ name: 'x' }));
  });

  it('a 429 that persists ends in RateLimitError, not OutcomeUnknownError', async () => {
    const { kernel, calls } = setup([reply(429, {}, { 'retry-after': '1' })], { retry: { maxRetries: 2 } });
    const error = await rejection(kernel.send(post()));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 1000, status: 429 });
    expect(calls).toHaveLength(3);
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])(
    'retries %s (the request never left) and succeeds',
    async (code) => {
      const { kernel, calls } = setup([fail(code), reply(201, { id: 'u1' })]);
      await expect(kernel.send(post())).resolves.toMatchObject({ status: 201 });
      expect(calls).toHaveLength(2);
    },
  );

  it('a refused connection that persists ends in NetworkError with sent: false, not OutcomeUnknownError', async () => {
    const { kernel, calls } = setup([fail('ECONNREFUSED')], { retry: { maxRetries: 2 } });
    const error = await rejection(kernel.send(post()));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', sent: false, retryable: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(calls).toHaveLength(3);
  });

  it('refused first, reset next: the reset is not retried and is outcome-unknown', async () => {
    const { kernel, calls } = setup([fail('ECONNREFUSED'), fail('ECONNRESET'), ok]);
    await expect(kernel.send(post())).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(calls).toHaveLength(2);
  });

  it('an unclassifiable failure (no code) of a POST is outcome-unknown, not retried', async () => {
    const { kernel, calls } = setup([
      () => {
        throw new TypeError('fetch failed');
      },
      ok,
    ]);
    const error = await rejection(kernel.send(post()));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).cause).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(calls).toHaveLength(1);
  });

  it('a 4xx answer is final and not outcome-unknown (the server refused it)', async () => {
    const { kernel, calls } = setup([reply(400, { message: 'bad' }), ok]);
    const error = await rejection(kernel.send(post()));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', source: 'vendor' });
    expect(calls).toHaveLength(1);
  });

  it('idempotent: true POST is retried on 5xx and resets', async () => {
    const { kernel, calls } = setup([reply(500, {}), fail('ECONNRESET'), reply(503, {}), reply(200, { set: true })]);
    await expect(kernel.send(post({ idempotent: true }))).resolves.toMatchObject({ body: { set: true } });
    expect(calls).toHaveLength(4);
    expect(calls.every((c) => c.method === 'POST' && c.body === JSON.stringify({ name: 'x' }))).toBe(true);
  });

  it('idempotent: true POST that keeps failing ends in the last error, not OutcomeUnknownError', async () => {
    const { kernel, calls } = setup([reply(500, {})], { retry: { maxRetries: 1 } });
    const error = await rejection(kernel.send(post({ idempotent: true })));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ retryable: true });
    expect(calls).toHaveLength(2);
  });
});

describe('backoff', () => {
  it('doubles from baseDelayMs and is capped at maxDelayMs (jitter none)', async () => {
    const { kernel, clock } = setup([reply(503, {})], { retry: { maxRetries: 6, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 'none' } });
    await expect(kernel.send(get())).rejects.toBeInstanceOf(ServerError);
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('full jitter draws each wait uniformly below the capped ceiling, using the injected random', async () => {
    const randoms = [0.1, 0.9, 0.5, 0.999, 0, 0.75];
    let i = 0;
    const script = scriptedFetch(reply(503, {}));
    const clock = recordingClock({ random: () => randoms[i++]! });
    const { kernel } = makeKernel({ fetch: script.fetch, clock, retry: { maxRetries: 6, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 'full' } });
    await expect(kernel.send(get())).rejects.toBeInstanceOf(ServerError);
    expect(clock.sleeps).toEqual([10, 180, 200, 799, 0, 750]);
    expect(i).toBe(6);
  });

  it('never waits longer than maxDelayMs, whatever random returns', async () => {
    const script = scriptedFetch(fail('ECONNRESET'));
    const clock = recordingClock({ random: () => 0.99999 });
    const { kernel } = makeKernel({ fetch: script.fetch, clock, retry: { maxRetries: 12, baseDelayMs: 50, maxDelayMs: 700, jitter: 'full' } });
    await expect(kernel.send(get())).rejects.toBeInstanceOf(NetworkError);
    expect(clock.sleeps).toHaveLength(12);
    for (const ms of clock.sleeps) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(700);
    }
    expect(clock.sleeps.slice(-3)).toEqual([699, 699, 699]);
  });

  it('defaults: full jitter below 250 ms · 2^n, capped at 8 s', async () => {
    const script = scriptedFetch(reply(500, {}));
    const clock = recordingClock({ random: () => 0.9999 });
    const { kernel } = makeKernel({ fetch: script.fetch, clock, retry: {} });
    await expect(kernel.send(get())).rejects.toBeInstanceOf(ServerError);
    expect(clock.sleeps).toEqual([249, 499, 999]);
  });

  it('reports each retry to onRetry with its delay and reason', async () => {
    const events: RetryEvent[] = [];
    const { kernel } = setup([reply(503, {}), fail('ECONNRESET'), ok], { hooks: { onRetry: (e) => events.push(e) } });
    await kernel.send(get());
    expect(events).toEqual([
      expect.objectContaining({ attempt: 0, delayMs: 100, reason: 'HTTP 503', method: 'GET', operation: 'users.list', vendor: 'testvendor', url: 'https://pbx.test/api/users' }),
      expect.objectContaining({ attempt: 1, delayMs: 200, reason: 'NETWORK_ERROR' }),
    ]);
  });
});

describe('Retry-After', () => {
  const start = Date.parse('2025-01-01T00:00:00Z');

  it('waits the seconds a 429 asks for, without jitter', async () => {
    const script = scriptedFetch(reply(429, {}, { 'retry-after': '3' }), ok);
    const clock = recordingClock({ random: () => 0 });
    const { kernel } = makeKernel({ fetch: script.fetch, clock, retry: { jitter: 'full' } });
    await kernel.send(get());
    expect(clock.sleeps).toEqual([3_000]);
  });

  it('honours Retry-After on a 503 as well', async () => {
    const { kernel, clock } = setup([reply(503, {}, { 'retry-after': '2' }), ok]);
    await kernel.send(get());
    expect(clock.sleeps).toEqual([2_000]);
  });

  it('honours an HTTP-date Retry-After relative to the injected clock', async () => {
    const script = scriptedFetch(reply(429, {}, { 'retry-after': new Date(start + 7_000).toUTCString() }), ok);
    const clock = recordingClock({ start });
    const { kernel } = makeKernel({ fetch: script.fetch, clock });
    await kernel.send(get());
    expect(clock.sleeps).toEqual([7_000]);
  });

  it('an HTTP date in the past means "now"', async () => {
    const script = scriptedFetch(reply(429, {}, { 'retry-after': new Date(start - 60_000).toUTCString() }), ok);
    const clock = recordingClock({ start });
    const { kernel } = makeKernel({ fetch: script.fetch, clock });
    await kernel.send(get());
    expect(clock.sleeps).toEqual([0]);
  });

  it('an unreadable Retry-After falls back to the backoff', async () => {
    const { kernel, clock } = setup([reply(429, {}, { 'retry-after': 'soon' }), ok]);
    await kernel.send(get());
    expect(clock.sleeps).toEqual([100]);
  });

  it('a Retry-After above maxRetryAfterMs fails at once with RateLimitError.retryAfterMs', async () => {
    const { kernel, calls, clock } = setup([reply(429, { message: 'quota' }, { 'retry-after': '30' }), ok], { retry: { maxRetryAfterMs: 10_000 } });
    const error = await rejection(kernel.send(get()));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 30_000, status: 429, retryable: true });
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('the default maxRetryAfterMs is 20 s: 20 is waited for, 21 is not', async () => {
    const waited = setup([reply(429, {}, { 'retry-after': '20' }), ok], { retry: {} });
    await waited.kernel.send(get());
    expect(waited.clock.sleeps).toEqual([20_000]);

    const refused = setup([reply(429, {}, { 'retry-after': '21' }), ok], { retry: {} });
    await expect(refused.kernel.send(get())).rejects.toMatchObject({ retryAfterMs: 21_000 });
    expect(refused.calls).toHaveLength(1);
  });

  it('a Retry-After beyond the overall deadline fails at once instead of sleeping past it', async () => {
    const { kernel, calls, clock } = setup([reply(429, {}, { 'retry-after': '10' }), ok], { deadlineMs: 5_000 });
    const error = await rejection(kernel.send(get()));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 10_000 });
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('a 429 makes the limiter halve its pace', async () => {
    const limiter = new RequestLimiter({ requestsPerSecond: 10 }, { now: () => 0, sleep: async () => {} });
    const { kernel } = setup([reply(429, {}), ok], { limiter });
    await kernel.send(get());
    expect(limiter.currentRate).toBe(5);
  });
});

describe('deletes: a 404 after an ambiguous attempt', () => {
  const del = (extra: Partial<HttpRequest> = {}): HttpRequest => ({ operation: 'users.delete', method: 'DELETE', path: 'users/7', deletes: true, ...extra });

  it('resolves (204) when a reset attempt is followed by 404: the first attempt deleted it', async () => {
    const { kernel, calls } = setup([fail('ECONNRESET'), reply(404, { message: 'no such user' })]);
    await expect(kernel.send(del())).resolves.toMatchObject({ status: 204, body: undefined });
    expect(calls).toHaveLength(2);
  });

  it('resolves when a 5xx attempt is followed by 404', async () => {
    const { kernel } = setup([reply(503, {}), reply(404, {})]);
    await expect(kernel.send(del())).resolves.toMatchObject({ status: 204 });
  });

  it('resolves for an idempotent POST delete (vendors with POST …/destroy)', async () => {
    const { kernel } = setup([reply(504, {}), reply(404, {})]);
    await expect(kernel.send(del({ method: 'POST', idempotent: true, path: 'users/7/destroy' }))).resolves.toMatchObject({ status: 204 });
  });

  it('a 404 on the first attempt is NotFoundError', async () => {
    const { kernel } = setup([reply(404, { message: 'gone' }), ok]);
    await expect(kernel.send(del())).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('a 404 after an attempt that certainly did not apply (429, refused) is NotFoundError', async () => {
    const after429 = setup([reply(429, {}), reply(404, {})]);
    await expect(after429.kernel.send(del())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const afterRefused = setup([fail('ECONNREFUSED'), reply(404, {})]);
    await expect(afterRefused.kernel.send(del())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('without deletes: true a 404 after a reset stays NotFoundError', async () => {
    const { kernel } = setup([fail('ECONNRESET'), reply(404, {})]);
    await expect(kernel.send(del({ deletes: false }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('retry.ts helpers', () => {
  it('resolveRetryOptions fills defaults and clamps', () => {
    expect(resolveRetryOptions()).toEqual({ maxRetries: 3, baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 20_000, jitter: 'full' });
    expect(resolveRetryOptions({ maxRetries: -2, baseDelayMs: -1, maxDelayMs: -5, maxRetryAfterMs: -1, jitter: 'none' })).toEqual({
      maxRetries: 0,
      baseDelayMs: 0,
      maxDelayMs: 0,
      maxRetryAfterMs: 0,
      jitter: 'none',
    });
    expect(resolveRetryOptions({ maxRetries: 2.7 }).maxRetries).toBe(2);
  });

  it('backoffDelay is min(cap, base·2^n), jittered in [0, ceiling)', () => {
    const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1_500, jitter: 'none' });
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, options, () => 0.5))).toEqual([100, 200, 400, 800, 1_500, 1_500]);
    const jittered = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1_500 });
    expect(backoffDelay(3, jittered, () => 0.5)).toBe(400);
    expect(backoffDelay(3, jittered, () => 0)).toBe(0);
    expect(backoffDelay(30, jittered, () => 0.999999)).toBe(1_499);
  });

  it('parseRetryAfter reads seconds, fractional seconds and HTTP dates', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5_000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1_500);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:09 GMT', now)).toBe(9_000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('later', now)).toBeUndefined();
  });

  it('parseRetryAfter ignores values that are neither delay-seconds nor an HTTP-date (V8 reads "-3" as a date in 2001)', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    // RFC 9110: Retry-After = HTTP-date / delay-seconds (1*DIGIT). Anything else must be ignored,
    // so that the backoff applies, rather than read as "retry immediately".
    for (const value of ['-3', '+5', '12.', '3 4']) expect(parseRetryAfter(value, now), value).toBeUndefined();
  });

  it('a malformed Retry-After ("-3") does not make the kernel retry without any wait', async () => {
    const { kernel, clock } = setup([reply(429, {}, { 'retry-after': '-3' }), ok]);
    await kernel.send(get());
    expect(clock.sleeps).toEqual([100]);
  });

  it('isIdempotentMethod follows HTTP semantics', () => {
    expect(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'get'].map(isIdempotentMethod)).toEqual([true, true, true, true, true, true]);
    expect(['POST', 'PATCH'].map(isIdempotentMethod)).toEqual([false, false]);
  });

  it('networkErrorCode reads err.code, then err.cause.code', () => {
    expect(networkErrorCode(undiciError('ECONNRESET'))).toBe('ECONNRESET');
    expect(networkErrorCode(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBe('EPIPE');
    expect(networkErrorCode(new TypeError('fetch failed'))).toBeUndefined();
    expect(networkErrorCode(null)).toBeUndefined();
    expect(networkErrorCode({ code: 42 })).toBeUndefined();
  });

  it('wasNotSent only for failures before the request left', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']) expect(wasNotSent(code)).toBe(true);
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'UNKNOWN']) expect(wasNotSent(code)).toBe(false);
    expect(wasNotSent(undefined)).toBe(false);
  });

  it('RETRYABLE_STATUSES', () => {
    expect([...RETRYABLE_STATUSES].sort()).toEqual([408, 425, 429, 500, 502, 503, 504]);
  });
});
