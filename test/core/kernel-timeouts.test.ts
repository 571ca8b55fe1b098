/**
 * Time limits and cancellation in the kernel: the per-attempt timeout (slow headers, slow
 * body), the overall deadline across retries, and the caller's AbortSignal — in flight,
 * during a backoff wait, during login and while queued in the limiter. Slow servers are real
 * loopback servers; waits are short (tens of ms).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SessionCache, SessionSigner, type Session } from '../../core/auth/session.js';
import { AbortedError, OutcomeUnknownError, ServerError, TimeoutError, isPbxError } from '../../core/errors.js';
import type { HttpRequest } from '../../core/http/kernel.js';
import { RequestLimiter } from '../../core/http/limiter.js';
import { Redactor } from '../../core/http/redact.js';
import { delay, hang, reply, scriptedFetch, startServer, type TestServer } from '../support/core/http.js';
import { makeKernel, recordingClock, rejection } from '../support/core/kernel.js';

const get: HttpRequest = { operation: 'users.list', method: 'GET', path: 'users' };
const post: HttpRequest = { operation: 'users.create', method: 'POST', path: 'users', json: { name: 'x' } };

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

/** A server that never answers. */
const silent = () => server(() => {});

async function timed<T>(promise: Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await rejection(promise);
  return { error, ms: performance.now() - started };
}

// Attempt timeouts of 600 ms where a retried attempt must reach the server: on a loaded machine a
// request can take longer than 100 ms to arrive, and the test would count the wrong attempts.
describe('per-attempt timeout', () => {
  it('a GET whose server never answers times out per attempt and is retried; the last error is TimeoutError kind "attempt"', async () => {
    const s = await silent();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 600, retry: { maxRetries: 2 }, clock: recordingClock() });
    const { error, ms } = await timed(kernel.send(get));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'attempt', timeoutMs: 600, retryable: true, vendor: 'testvendor', operation: 'users.list' });
    expect(s.requests).toHaveLength(3);
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(3_000);
  });

  it('a custom fetch that ignores its AbortSignal and never settles still times out, and the caller can still abort', async () => {
    let calls = 0;
    const deaf = (() => {
      calls++;
      return new Promise<Response>(() => {});
    }) as typeof fetch;
    const { kernel } = makeKernel({ baseUrl: 'https://deaf.test', fetch: deaf, timeoutMs: 50, retry: { maxRetries: 1 }, clock: recordingClock() });
    const { error, ms } = await timed(kernel.send(get));
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'attempt' });
    expect(calls).toBe(2);
    expect(ms).toBeLessThan(3_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect(await rejection(kernel.send(get, { signal: controller.signal, timeoutMs: 10_000 }))).toBeInstanceOf(AbortedError);
  });

  it('a body that stops half way times out too (the timeout covers reading the body)', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items": [');
      // …and never ends.
    });
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 600, retry: { maxRetries: 1 }, clock: recordingClock() });
    const error = await rejection(kernel.send(get));
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'attempt' });
    expect(s.requests).toHaveLength(2);
  });

  it('a slow first attempt is retried and the second reply is returned', async () => {
    const s = await server((_req, res, { index }) => {
      if (index === 0) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 600, clock: recordingClock() });
    await expect(kernel.send(get)).resolves.toMatchObject({ status: 200, body: { ok: true } });
    expect(s.requests).toHaveLength(2);
  });

  it('a POST that times out is not retried: OutcomeUnknownError caused by the attempt timeout', async () => {
    const s = await silent();
    // 600 ms: long enough for the request to reach the server on a loaded machine.
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 600, clock: recordingClock() });
    const error = await rejection(kernel.send(post));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', mayHaveApplied: true });
    expect((error as Error).cause).toBeInstanceOf(TimeoutError);
    expect((error as Error).cause).toMatchObject({ kind: 'attempt', timeoutMs: 600, retryable: false });
    expect(s.requests).toHaveLength(1);
  });

  it('an idempotent POST that times out is retried', async () => {
    const s = await silent();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 600, retry: { maxRetries: 1 }, clock: recordingClock() });
    await expect(kernel.send({ ...post, idempotent: true })).rejects.toMatchObject({ code: 'TIMEOUT', kind: 'attempt' });
    expect(s.requests).toHaveLength(2);
  });

  it('ctx.timeoutMs overrides the kernel timeout for one call', async () => {
    const s = await silent();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 10_000, retry: { maxRetries: 0 } });
    const { error, ms } = await timed(kernel.send(get, { timeoutMs: 80 }));
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'attempt', timeoutMs: 80 });
    expect(ms).toBeLessThan(2_000);
  });

  it('a timed-out delete followed by 404 resolves (the first attempt applied)', async () => {
    const s = await server((_req, res, { index }) => {
      if (index === 0) return;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"gone"}');
    });
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 600, clock: recordingClock() });
    await expect(kernel.send({ operation: 'users.delete', method: 'POST', path: 'users/1/destroy', idempotent: true, deletes: true })).resolves.toMatchObject({ status: 204 });
    expect(s.requests.map((r) => r.url)).toEqual(['/api/users/1/destroy', '/api/users/1/destroy']);
  });
});

describe('overall deadline', () => {
  it('stops retrying slow attempts at the deadline: TimeoutError kind "deadline" with the call budget', async () => {
    const s = await silent();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 100, deadlineMs: 260, retry: { maxRetries: 20, baseDelayMs: 1, maxDelayMs: 1, jitter: 'none' } });
    const { error, ms } = await timed(kernel.send(get));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'deadline', timeoutMs: 260 });
    // Attempts start at ~0, ~100 and ~200 ms; on a busy machine the third may not reach the
    // server before the deadline. Without the deadline it would be 21 (maxRetries 20).
    expect(s.requests.length).toBeGreaterThanOrEqual(2);
    expect(s.requests.length).toBeLessThanOrEqual(3);
    expect(ms).toBeGreaterThanOrEqual(240);
    expect(ms).toBeLessThan(2_000);
  });

  it('the deadline also bounds a single attempt whose own timeout is longer', async () => {
    const s = await silent();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 10_000, deadlineMs: 120 });
    const { error, ms } = await timed(kernel.send(get));
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'deadline', timeoutMs: 120 });
    expect(ms).toBeLessThan(2_000);
  });

  it('ctx.deadlineAt (shared by every request of one public call) is honoured', async () => {
    const s = await silent();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 10_000, deadlineMs: 60_000 });
    const { error, ms } = await timed(kernel.send(get, { deadlineAt: Date.now() + 150 }));
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'deadline' });
    expect((error as TimeoutError).timeoutMs).toBeLessThanOrEqual(150);
    expect(ms).toBeLessThan(2_000);
  });

  it('a deadline already past sends nothing', async () => {
    const script = scriptedFetch(reply(200, {}));
    const { kernel } = makeKernel({ fetch: script.fetch });
    const error = await rejection(kernel.send(get, { deadlineAt: Date.now() - 1 }));
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'deadline', timeoutMs: 0 });
    expect(script.calls).toHaveLength(0);
  });

  it('a backoff that would end after the deadline is not started: the last error is thrown at once', async () => {
    const script = scriptedFetch(reply(503, { message: 'down' }));
    const { kernel } = makeKernel({ fetch: script.fetch, deadlineMs: 1_000, retry: { baseDelayMs: 5_000, jitter: 'none' } });
    const { error, ms } = await timed(kernel.send(get));
    expect(error).toBeInstanceOf(ServerError);
    expect(script.calls).toHaveLength(1);
    expect(ms).toBeLessThan(500);
  });
});

describe('caller AbortSignal', () => {
  it('an already aborted signal rejects with AbortedError and sends nothing', async () => {
    const script = scriptedFetch(reply(200, {}));
    const { kernel } = makeKernel({ fetch: script.fetch });
    const error = await rejection(kernel.send(get, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ name: 'AbortError', code: 'ABORTED', retryable: false, vendor: 'testvendor', operation: 'users.list' });
    expect(script.calls).toHaveLength(0);
  });

  it('aborting a request in flight rejects promptly with AbortedError and does not retry', async () => {
    const s = await silent();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, timeoutMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const { error, ms } = await timed(kernel.send(get, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ name: 'AbortError', code: 'ABORTED' });
    expect(ms).toBeLessThan(1_000);
    expect(s.requests).toHaveLength(1);
  });

  it('a custom abort reason still becomes AbortedError', async () => {
    const script = scriptedFetch(hang());
    const { kernel } = makeKernel({ fetch: script.fetch });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user navigated away')), 10);
    await expect(kernel.send(get, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError', code: 'ABORTED' });
  });

  it('aborting during a backoff wait rejects promptly with AbortedError', async () => {
    const script = scriptedFetch(reply(503, {}), reply(200, {}));
    const { kernel } = makeKernel({ fetch: script.fetch, retry: { baseDelayMs: 10_000, maxDelayMs: 10_000, jitter: 'none' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const { error, ms } = await timed(kernel.send(get, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(ms).toBeLessThan(1_000);
    expect(script.calls).toHaveLength(1);
  });

  it('aborting while waiting for a login rejects promptly; the request is never sent and the login goes on', async () => {
    let loginSignal: AbortSignal | undefined;
    let finishLogin!: (session: Session) => void;
    const cache = new SessionCache(
      {
        renewable: true,
        obtain: (_previous, signal) => {
          loginSignal = signal;
          return new Promise<Session>((resolve) => (finishLogin = resolve));
        },
      },
      { redactor: new Redactor() },
    );
    const script = scriptedFetch(reply(200, { ok: true }));
    const { kernel } = makeKernel({ fetch: script.fetch, signer: new SessionSigner(cache, (s) => ({ authorization: `Bearer ${s.token}` })) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const { error, ms } = await timed(kernel.send(get, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(ms).toBeLessThan(1_000);
    expect(script.calls).toHaveLength(0);
    expect(loginSignal?.aborted).toBe(false);

    finishLogin({ token: 'tok-1' });
    await expect(kernel.send(get)).resolves.toMatchObject({ status: 200 });
    expect(script.calls[0]!.headers.authorization).toBe('Bearer tok-1');
    expect(cache.obtained).toBe(1);
  });

  it('aborting while queued behind the limiter rejects with AbortedError and frees the queue', async () => {
    let release!: () => void;
    const script = scriptedFetch(() => new Promise<Response>((resolve) => (release = () => resolve(new Response('{"first":true}', { status: 200 })))), reply(200, { later: true }));
    const limiter = new RequestLimiter({ maxConcurrent: 1 });
    const { kernel } = makeKernel({ fetch: script.fetch, limiter });
    const first = kernel.send(get);
    await delay(10);
    const controller = new AbortController();
    const queued = kernel.send(get, { signal: controller.signal });
    await delay(10);
    controller.abort();
    const error = await rejection(queued);
    expect(error).toBeInstanceOf(AbortedError);
    expect(script.calls).toHaveLength(1);
    release();
    await expect(first).resolves.toMatchObject({ body: { first: true } });
    await expect(kernel.send(get)).resolves.toMatchObject({ body: { later: true } });
  });

  it('a caller signal from AbortSignal.timeout() is a caller abort (ABORTED), not a kernel timeout', async () => {
    const { kernel } = makeKernel({ fetch: scriptedFetch(hang()).fetch });
    const error = await rejection(kernel.send(get, { signal: AbortSignal.timeout(20) }));
    expect(isPbxError(error, 'ABORTED')).toBe(true);
  });
});
