/**
 * SessionCache and SessionSigner: lazy login, single flight, renewal before expiry,
 * invalidation of exactly the rejected session, static tokens, failed and aborted logins.
 */
import { describe, expect, it } from 'vitest';
import { SessionCache, SessionSigner, staticSession, type Session, type SessionSource } from '../../core/auth/session.js';
import { AuthenticationError, isPbxError } from '../../core/errors.js';
import { Redactor } from '../../core/http/redact.js';
import { delay, hang, reply, scriptedFetch } from '../support/core/http.js';
import { makeKernel, rejection } from '../support/core/kernel.js';

interface Obtain {
  readonly previous: Session | undefined;
  readonly signal: AbortSignal;
}

/** A source that records its calls and issues tok-1, tok-2, … (optionally expiring). */
function countingSource(options: { lifetimeMs?: number; now?: () => number; renewable?: boolean; delayMs?: number } = {}) {
  const calls: Obtain[] = [];
  const source: SessionSource = {
    renewable: options.renewable ?? true,
    async obtain(previous, signal) {
      calls.push({ previous, signal });
      const n = calls.length;
      if (options.delayMs) await delay(options.delayMs);
      return {
        token: `tok-${n}`,
        refreshToken: `refresh-${n}-abcdef`,
        ...(options.lifetimeMs !== undefined ? { expiresAt: (options.now ?? Date.now)() + options.lifetimeMs } : {}),
      };
    },
  };
  return { source, calls };
}

/** A source whose logins the test settles by hand. */
function manualSource() {
  const pending: Array<{ resolve: (s: Session) => void; reject: (e: unknown) => void; signal: AbortSignal }> = [];
  const source: SessionSource = {
    renewable: true,
    obtain: (_previous, signal) => new Promise<Session>((resolve, reject) => pending.push({ resolve, reject, signal })),
  };
  return { source, pending };
}

const never = new AbortController().signal;

describe('SessionCache', () => {
  it('is lazy: nothing is obtained until a session is asked for', async () => {
    const { source, calls } = countingSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    expect(calls).toHaveLength(0);
    expect(cache.peek()).toBeUndefined();
    const session = await cache.session(never);
    expect(session.token).toBe('tok-1');
    expect(cache.peek()).toBe(session);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.previous).toBeUndefined();
  });

  it('100 concurrent callers cause exactly one login and share its session', async () => {
    const { source, calls } = countingSource({ delayMs: 5 });
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const sessions = await Promise.all(Array.from({ length: 100 }, () => cache.session(never)));
    expect(calls).toHaveLength(1);
    expect(cache.obtained).toBe(1);
    expect(new Set(sessions).size).toBe(1);
  });

  it('reuses the session while it is valid', async () => {
    const { source, calls } = countingSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const first = await cache.session(never);
    for (let i = 0; i < 5; i++) expect(await cache.session(never)).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it('renews 60 s before a long-lived session expires, passing the previous session', async () => {
    let now = 1_000_000;
    const { source, calls } = countingSource({ lifetimeMs: 3_600_000, now: () => now });
    const cache = new SessionCache(source, { redactor: new Redactor(), now: () => now });
    const first = await cache.session(never);
    now += 3_600_000 - 60_001;
    expect(await cache.session(never)).toBe(first);
    now += 2;
    const renewed = await cache.session(never);
    expect(renewed.token).toBe('tok-2');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.previous).toBe(first);
  });

  it('renews a short-lived session a tenth of its lifetime early', async () => {
    let now = 0;
    const { source, calls } = countingSource({ lifetimeMs: 10_000, now: () => now });
    const cache = new SessionCache(source, { redactor: new Redactor(), now: () => now });
    await cache.session(never);
    now = 8_999;
    await cache.session(never);
    expect(calls).toHaveLength(1);
    now = 9_000;
    await cache.session(never);
    expect(calls).toHaveLength(2);
  });

  it('renewal is single flight too', async () => {
    let now = 0;
    const { source, calls } = countingSource({ lifetimeMs: 10_000, now: () => now, delayMs: 5 });
    const cache = new SessionCache(source, { redactor: new Redactor(), now: () => now });
    await cache.session(never);
    now = 9_500;
    const sessions = await Promise.all(Array.from({ length: 50 }, () => cache.session(never)));
    expect(calls).toHaveLength(2);
    expect(new Set(sessions.map((s) => s.token))).toEqual(new Set(['tok-2']));
  });

  it('a session without expiresAt is never renewed on time alone', async () => {
    let now = 0;
    const { source, calls } = countingSource({ now: () => now });
    const cache = new SessionCache(source, { redactor: new Redactor(), now: () => now });
    await cache.session(never);
    now = 10 * 365 * 24 * 3_600_000;
    await cache.session(never);
    expect(calls).toHaveLength(1);
  });

  it('invalidate forgets only the session it is given; the next call logs in afresh', async () => {
    const { source, calls } = countingSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const first = await cache.session(never);
    cache.invalidate({ token: 'tok-1' }); // an equal-looking but different object: not the current one
    expect(cache.peek()).toBe(first);
    cache.invalidate(first);
    expect(cache.peek()).toBeUndefined();
    const second = await cache.session(never);
    expect(second.token).toBe('tok-2');
    expect(calls[1]!.previous).toBeUndefined();
    cache.invalidate(first); // stale: must not drop the new session
    expect(cache.peek()).toBe(second);
  });

  it('a failed login rejects every waiter with its error, and the next call tries again', async () => {
    const { source, pending } = manualSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const waiters = Array.from({ length: 10 }, () => cache.session(never));
    await delay(0);
    expect(pending).toHaveLength(1);
    const failure = new AuthenticationError('bad credentials');
    pending[0]!.reject(failure);
    const results = await Promise.allSettled(waiters);
    expect(results.every((r) => r.status === 'rejected' && r.reason === failure)).toBe(true);
    expect(cache.obtained).toBe(0);

    const retry = cache.session(never);
    await delay(0);
    expect(pending).toHaveLength(2);
    pending[1]!.resolve({ token: 'tok-ok' });
    await expect(retry).resolves.toEqual({ token: 'tok-ok' });
    expect(cache.obtained).toBe(1);
  });

  it('a waiter that gives up (aborts) does not abort the shared login', async () => {
    const { source, pending } = manualSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const controller = new AbortController();
    const impatient = cache.session(controller.signal);
    const patient = cache.session(never);
    await delay(0);
    controller.abort(new Error('gave up'));
    await expect(impatient).rejects.toThrow('gave up');
    expect(pending).toHaveLength(1);
    expect(pending[0]!.signal.aborted).toBe(false);
    pending[0]!.resolve({ token: 'shared' });
    await expect(patient).resolves.toEqual({ token: 'shared' });
    expect(cache.peek()).toEqual({ token: 'shared' });
    // The next caller gets the session without a second login.
    await expect(cache.session(never)).resolves.toEqual({ token: 'shared' });
    expect(pending).toHaveLength(1);
  });

  it('gives the login its own time budget (loginTimeoutMs)', async () => {
    let seen: AbortSignal | undefined;
    const source: SessionSource = {
      renewable: true,
      obtain: (_previous, signal) =>
        new Promise<Session>((_, reject) => {
          seen = signal;
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    };
    const cache = new SessionCache(source, { redactor: new Redactor(), loginTimeoutMs: 40 });
    const started = performance.now();
    await expect(cache.session(never)).rejects.toBeDefined();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(seen?.aborted).toBe(true);
  });

  it('a login that runs out of its time budget is reported as a TIMEOUT, not as an abort by the caller', async () => {
    // The login goes through the kernel with the budget as its signal, like the adapters do.
    const loginKernel = makeKernel({ fetch: scriptedFetch(hang()).fetch, timeoutMs: 10_000 }).kernel;
    const cache = new SessionCache(
      {
        renewable: true,
        obtain: async (_previous, signal) => {
          const response = await loginKernel.send({ operation: 'login', method: 'POST', path: 'login', json: {}, anonymous: true, idempotent: true }, { signal });
          return { token: String(response.body) };
        },
      },
      { redactor: loginKernel.redactor, loginTimeoutMs: 50 },
    );
    const script = scriptedFetch(reply(200, {}));
    const { kernel } = makeKernel({ fetch: script.fetch, signer: new SessionSigner(cache, (s) => ({ authorization: `Bearer ${s.token}` })) });
    const error = await rejection(kernel.send({ operation: 'users.list', method: 'GET', path: 'users' }));
    // Nobody aborted anything: the caller must not be told that it did.
    expect(isPbxError(error, 'ABORTED')).toBe(false);
    expect(isPbxError(error, 'TIMEOUT')).toBe(true);
    expect(script.calls).toHaveLength(0);
  });

  it('registers the token and refresh token with the redactor', async () => {
    const redactor = new Redactor();
    const { source } = countingSource();
    const cache = new SessionCache(source, { redactor });
    await cache.session(never);
    expect(redactor.text('a tok-1 b refresh-1-abcdef')).toBe('a [REDACTED] b [REDACTED]');
  });

  it('clear() forgets the session', async () => {
    const { source, calls } = countingSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    await cache.session(never);
    cache.clear();
    expect(cache.peek()).toBeUndefined();
    expect((await cache.session(never)).token).toBe('tok-2');
    expect(calls).toHaveLength(2);
  });
});

describe('SessionSigner', () => {
  const bearer = (s: Session) => ({ authorization: `Bearer ${s.token}` });

  it('signs with the cached session, logging in lazily', async () => {
    const { source, calls } = countingSource();
    const signer = new SessionSigner(new SessionCache(source, { redactor: new Redactor() }), bearer);
    expect(calls).toHaveLength(0);
    expect(await signer.sign(never)).toEqual({ authorization: 'Bearer tok-1' });
    expect(await signer.sign(never)).toEqual({ authorization: 'Bearer tok-1' });
    expect(calls).toHaveLength(1);
  });

  it('rejected() invalidates exactly the session those headers were signed with', async () => {
    const { source } = countingSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const signer = new SessionSigner(cache, bearer);
    const a1 = await signer.sign(never);
    const a2 = await signer.sign(never); // a second request signed with the same session
    expect(signer.rejected(a1)).toBe(true);
    expect(cache.peek()).toBeUndefined();
    const b = await signer.sign(never);
    expect(b).toEqual({ authorization: 'Bearer tok-2' });
    // The second request's 401 comes in late: it concerns tok-1, so tok-2 must survive, and
    // the request is told to repeat with it without counting a renewal of its own.
    expect(signer.rejected(a2)).toBe('retry');
    expect(cache.peek()?.token).toBe('tok-2');
    expect(await signer.sign(never)).toEqual({ authorization: 'Bearer tok-2' });
  });

  it('rejected() with headers it never signed changes nothing', async () => {
    const { source } = countingSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const signer = new SessionSigner(cache, bearer);
    await signer.sign(never);
    expect(signer.rejected({ authorization: 'Bearer tok-1' })).toBe(true);
    expect(cache.peek()?.token).toBe('tok-1');
  });

  it('a static token is not renewable: rejected() returns false', async () => {
    const cache = new SessionCache(staticSession('static-key-1234'), { redactor: new Redactor() });
    const signer = new SessionSigner(cache, bearer);
    expect(cache.renewable).toBe(false);
    const headers = await signer.sign(never);
    expect(headers).toEqual({ authorization: 'Bearer static-key-1234' });
    expect(signer.rejected(headers)).toBe(false);
  });

  it('staticSession always yields the same token and registers it for redaction', async () => {
    const redactor = new Redactor();
    const cache = new SessionCache(staticSession('static-key-1234'), { redactor });
    expect(await cache.session(never)).toEqual({ token: 'static-key-1234' });
    expect(redactor.text('static-key-1234')).toBe('[REDACTED]');
  });
});
