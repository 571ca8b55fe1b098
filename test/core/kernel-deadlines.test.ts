/**
 * Timeouts that mean what they say: a call's `timeoutMs` / `deadlineMs` bound the login it
 * waits for (each waiter stops at its own limit, the shared login goes on for the others);
 * time queued for a throttle slot does not count against them, `queueTimeoutMs` bounds it
 * with its own error; a write sent and then timed out is OUTCOME_UNKNOWN, never a plain failure.
 */
import { describe, expect, it } from 'vitest';
import { createPortSip } from '../../adapters/portsip/index.js';
import { SessionCache, SessionSigner, type Session } from '../../core/auth/session.js';
import { AbortedError, QueueTimeoutError, TimeoutError, isPbxError } from '../../core/errors.js';
import type { HttpRequest } from '../../core/http/kernel.js';
import { RequestLimiter } from '../../core/http/limiter.js';
import { Redactor } from '../../core/http/redact.js';
import { delay, hang, reply, scriptedFetch, startServer } from '../support/core/http.js';
import { makeKernel, rejection } from '../support/core/kernel.js';

const get: HttpRequest = { operation: 'users.get', method: 'GET', path: 'users/1' };
const post: HttpRequest = { operation: 'users.create', method: 'POST', path: 'users', json: { name: 'x' } };

/** A session source whose single login the test finishes by hand. */
function slowLogin() {
  const state = { calls: 0, finish: (_s: Session) => {}, signal: undefined as AbortSignal | undefined };
  const cache = new SessionCache(
    {
      renewable: true,
      obtain: (_previous, signal) => {
        state.calls++;
        state.signal = signal;
        return new Promise<Session>((resolve) => (state.finish = resolve));
      },
    },
    { redactor: new Redactor() },
  );
  return { state, signer: new SessionSigner(cache, (s) => ({ authorization: `Bearer ${s.token}` })) };
}

async function timed<T>(promise: Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await rejection(promise);
  return { error, ms: performance.now() - started };
}

describe('the login a call waits for is bounded by the call', () => {
  it('timeoutMs: the waiter stops at its own timeout (TIMEOUT, attempt, nothing sent), the login goes on for the others', async () => {
    const { state, signer } = slowLogin();
    const script = scriptedFetch(reply(200, { ok: true }));
    const { kernel } = makeKernel({ fetch: script.fetch, signer });
    const patient = kernel.send(get, { timeoutMs: 5_000 });
    const { error, ms } = await timed(kernel.send(post, { timeoutMs: 60 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'attempt', timeoutMs: 60, retryable: true });
    expect(isPbxError(error, 'OUTCOME_UNKNOWN')).toBe(false); // the create was never sent
    expect(ms).toBeLessThan(5_000); // not the login's own 30 s budget
    expect(script.calls).toHaveLength(0);
    expect(state.signal?.aborted).toBe(false);
    state.finish({ token: 'tok-1' });
    await expect(patient).resolves.toMatchObject({ status: 200 });
    expect(state.calls).toBe(1);
  });

  it('deadlineAt: TIMEOUT kind deadline; an abort: ABORTED', async () => {
    const { signer } = slowLogin();
    const { kernel } = makeKernel({ fetch: scriptedFetch(reply(200, {})).fetch, signer });
    await expect(kernel.send(get, { deadlineAt: Date.now() + 50 })).rejects.toMatchObject({ code: 'TIMEOUT', kind: 'deadline' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(kernel.send(get, { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
  });

  it('through the public client: { timeoutMs: 300 } against a server that accepts the login and never answers fails in well under 30 s', async () => {
    const server = await startServer(() => {}); // accepts, never answers
    try {
      const pbx = createPortSip({ baseUrl: server.origin, credentials: { username: 'admin', password: 'secret-pw-1' }, retry: { maxRetries: 0 } });
      const { error, ms } = await timed(pbx.users.get('1', { timeoutMs: 300 }));
      expect(error).toMatchObject({ code: 'TIMEOUT' });
      expect(ms).toBeLessThan(10_000);
    } finally {
      await server.close();
    }
  });
});

describe('time queued for a throttle slot is not network time', () => {
  function heldSlot() {
    let release!: () => void;
    const script = scriptedFetch(
      () => new Promise<Response>((resolve) => (release = () => resolve(new Response('{"first":true}', { status: 200 })))),
      reply(200, { later: true }),
    );
    const limiter = new RequestLimiter({ maxConcurrent: 1 });
    return { script, limiter, release: () => release() };
  }

  it('a call queued longer than its deadline still succeeds: the deadline pauses while queued', async () => {
    const { script, limiter, release } = heldSlot();
    const { kernel } = makeKernel({ fetch: script.fetch, limiter });
    const first = kernel.send(get);
    await delay(10);
    const queued = { ms: 0 };
    const second = kernel.send(get, { deadlineAt: Date.now() + 80, timeoutMs: 80, queued });
    await delay(250); // far past the second call's deadline, all of it spent queued
    release();
    await expect(first).resolves.toMatchObject({ body: { first: true } });
    await expect(second).resolves.toMatchObject({ body: { later: true } });
    expect(queued.ms).toBeGreaterThanOrEqual(200);
  });

  it('queueTimeoutMs bounds the wait with QueueTimeoutError: nothing sent, retryable, a create is not OUTCOME_UNKNOWN', async () => {
    const { script, limiter, release } = heldSlot();
    const { kernel } = makeKernel({ fetch: script.fetch, limiter, queueTimeoutMs: 60_000 });
    const first = kernel.send(get);
    await delay(10);
    const error = await rejection(kernel.send(post, { queueTimeoutMs: 40 }));
    expect(error).toBeInstanceOf(QueueTimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'queue', timeoutMs: 40, retryable: true, operation: 'users.create' });
    expect(script.calls).toHaveLength(1); // only the first
    release();
    await first;
    // The slot the timed-out waiter gave up is usable again.
    await expect(kernel.send(get)).resolves.toMatchObject({ body: { later: true } });
  });

  it('the client option is the default for every call', async () => {
    const { script, limiter, release } = heldSlot();
    const { kernel } = makeKernel({ fetch: script.fetch, limiter, queueTimeoutMs: 30 });
    const first = kernel.send(get);
    await delay(10);
    await expect(kernel.send(get)).rejects.toMatchObject({ kind: 'queue', timeoutMs: 30 });
    release();
    await first;
  });
});

describe('a write sent and then timed out', () => {
  it('is OUTCOME_UNKNOWN when the deadline ends it in flight (never a plain TIMEOUT)', async () => {
    const { kernel } = makeKernel({ fetch: scriptedFetch(hang()).fetch });
    const error = await rejection(kernel.send(post, { deadlineAt: Date.now() + 50 }));
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', mayHaveApplied: true });
    expect((error as Error & { cause: unknown }).cause).toMatchObject({ code: 'TIMEOUT', kind: 'deadline' });
  });
});
