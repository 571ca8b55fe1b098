/**
 * How RequestLimiter finds a server's rate: from 429s (observed throughput), from rate-limit
 * headers, and by probing when a limit lifts. Everything runs in virtual time: the clock
 * advances only when the limiter sleeps or the simulated request "takes" time, so the
 * numbers are exact and the tests are not timed.
 */
import { describe, expect, it } from 'vitest';
import { RequestLimiter, readRateLimitHeaders, type LimiterClock } from '../../core/http/limiter.js';

function virtualClock() {
  let now = 0;
  const clock: LimiterClock & { advance(ms: number): void } = {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      now += ms;
    },
  };
  return clock;
}

/** A server allowing `limit()` requests in any sliding second (as the simulators' `requestsPerSecond`). */
function slidingWindowServer(clock: { now(): number }, limit: () => number) {
  const window: number[] = [];
  return (): number => {
    const now = clock.now();
    while (window.length && (window[0] as number) <= now - 1000) window.shift();
    if (window.length >= limit()) return 429;
    window.push(now);
    return 200;
  };
}

/**
 * One caller, one request after another, as the kernel does it: a 429 is retried after its
 * `Retry-After` (1 s). Returns the virtual time taken and the 429s the server sent.
 */
async function sequential(limiter: RequestLimiter, clock: ReturnType<typeof virtualClock>, server: () => number, count: number, latencyMs = 2) {
  const started = clock.now();
  let throttled = 0;
  for (let i = 0; i < count; i++) {
    for (let attempt = 0; ; attempt++) {
      const release = await limiter.acquire();
      const status = server();
      clock.advance(latencyMs);
      release({ status, headers: new Headers(status === 429 ? { 'retry-after': '1' } : {}) });
      if (status !== 429) break;
      throttled++;
      if (attempt > 3) throw new Error('a 429 would have surfaced (more than the kernel retries)');
      clock.advance(1000);
    }
  }
  return { ms: clock.now() - started, throttled };
}

describe('learning the limit from 429s', () => {
  it('1,000 requests under 50/s take at most 1.1x the theoretical 20 s, with a handful of retried 429s', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({}, clock);
    const { ms, throttled } = await sequential(limiter, clock, slidingWindowServer(clock, () => 50), 1000);
    expect(ms).toBeLessThanOrEqual(22_000);
    expect(throttled).toBeLessThanOrEqual(4);
    expect(limiter.currentRate).toBeGreaterThan(45);
    expect(limiter.currentRate).toBeLessThanOrEqual(50);
  });

  it('drops to just under the throughput the server accepted, not to half of a guess', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({}, clock);
    await sequential(limiter, clock, slidingWindowServer(clock, () => 20), 21);
    expect(limiter.currentRate).toBeCloseTo(20 * 0.98, 5);
  });

  it('429s within a second are one episode: each refines the count of accepted starts, none halves the pace', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({ maxConcurrent: 100 }, clock);
    const releases = await Promise.all(Array.from({ length: 40 }, () => limiter.acquire()));
    releases[30]!({ status: 429 }); // the first refusal comes back while the others are in flight
    expect(limiter.currentRate).toBeCloseTo(39 * 0.98, 5);
    releases.slice(31).forEach((release) => release({ status: 429 }));
    releases.slice(0, 30).forEach((release) => release({ status: 200 }));
    expect(limiter.currentRate).toBeCloseTo(30 * 0.98, 5); // exactly what the server took, not less
    clock.advance(500);
    (await limiter.acquire())({ status: 429 }); // a start after the adjustment, same second: same episode
    expect(limiter.currentRate).toBeCloseTo(30 * 0.98, 5);
  });

  it('a 429 in a later second starts a new episode and lowers the pace again', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({}, clock);
    for (let i = 0; i < 10; i++) (await limiter.acquire())({ status: 200 });
    (await limiter.acquire())({ status: 429 });
    expect(limiter.currentRate).toBeCloseTo(10 * 0.98, 5);
    clock.advance(2_000);
    (await limiter.acquire())({ status: 200 });
    (await limiter.acquire())({ status: 429 });
    expect(limiter.currentRate).toBeLessThan(10 * 0.98);
  });

  it('when nothing got through, waits out Retry-After before the next start', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({ maxConcurrent: 4 }, clock);
    (await limiter.acquire())({ status: 429, headers: new Headers({ 'retry-after': '30' }) });
    const before = clock.now();
    await limiter.acquire();
    expect(clock.now() - before).toBeGreaterThanOrEqual(30_000);
    expect(limiter.currentRate).toBe(2);
  });

  it('never goes above a configured requestsPerSecond, nor below minRequestsPerSecond', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({ requestsPerSecond: 10, minRequestsPerSecond: 3 }, clock);
    const { ms } = await sequential(limiter, clock, slidingWindowServer(clock, () => 1000), 100);
    expect(ms).toBeGreaterThanOrEqual(9_900);
    expect(limiter.currentRate).toBe(10);
    (await limiter.acquire())({ status: 429 });
    clock.advance(5_000);
    (await limiter.acquire())({ status: 429 });
    expect(limiter.currentRate).toBeGreaterThanOrEqual(3);
  });
});

describe('recovering when the limit lifts', () => {
  it('finds a raised limit within seconds of the next probe, and stops pacing when the limit is gone', async () => {
    const clock = virtualClock();
    let limit = 50;
    const limiter = new RequestLimiter({}, clock);
    const server = slidingWindowServer(clock, () => limit);
    await sequential(limiter, clock, server, 300);
    expect(limiter.currentRate).toBeLessThanOrEqual(50);
    limit = 200;
    const lifted = clock.now();
    while (clock.now() - lifted < 35_000 && (limiter.currentRate ?? Infinity) < 150) await sequential(limiter, clock, server, 10);
    // The next probe comes at most 20 s after the last 429; from there it climbs x1.25 every 2 s.
    expect(clock.now() - lifted).toBeLessThan(35_000);
    expect(limiter.currentRate ?? Infinity).toBeGreaterThanOrEqual(150);

    limit = 1_000_000;
    const gone = clock.now();
    while (clock.now() - gone < 30_000 && limiter.currentRate !== undefined) await sequential(limiter, clock, server, 10);
    expect(limiter.currentRate).toBeUndefined();
  });

  it('a probe that fails backs off: a steady limit costs fewer and fewer 429s', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({}, clock);
    const server = slidingWindowServer(clock, () => 50);
    await sequential(limiter, clock, server, 100);
    const first = await sequential(limiter, clock, server, 1500); // ~30 s
    const later = await sequential(limiter, clock, server, 1500); // ~30 s, probes further apart
    expect(later.throttled).toBeLessThanOrEqual(first.throttled);
    expect(later.throttled).toBeLessThanOrEqual(1);
  });
});

describe('rate-limit headers', () => {
  it('RateLimit-Policy with a window sets the pace directly', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({}, clock);
    (await limiter.acquire())({ status: 200, headers: new Headers({ 'ratelimit-policy': '100;w=10', 'ratelimit': 'limit=100, remaining=99, reset=10' }) });
    expect(limiter.currentRate).toBeCloseTo(9.8, 5);
  });

  it('remaining 0 holds every start until the reset', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({}, clock);
    (await limiter.acquire())({ status: 200, headers: new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' }) });
    const before = clock.now();
    await limiter.acquire();
    expect(clock.now() - before).toBe(5_000);
  });

  it('reads the common forms', () => {
    const now = 1_700_000_000_000;
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(now / 1000 + 30) }), now)).toEqual({
      limit: 60,
      remaining: 3,
      resetMs: 30_000,
    });
    expect(readRateLimitHeaders(new Headers({ 'ratelimit-limit': '10', 'ratelimit-remaining': '0', 'ratelimit-reset': '2', 'retry-after': '2' }), now)).toEqual({
      limit: 10,
      remaining: 0,
      resetMs: 2_000,
      retryAfterMs: 2_000,
    });
    expect(readRateLimitHeaders(new Headers({ ratelimit: 'limit=5, remaining=4, reset=1', 'ratelimit-policy': '5;w=1, 100;w=60' }), now)).toEqual({
      limit: 5,
      remaining: 4,
      resetMs: 1_000,
      windowMs: 1_000,
    });
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-limit': 'lots' }), now)).toEqual({});
  });
});

describe('with the kernel', () => {
  it('the kernel reports every reply: sequential calls under a 20/s limit surface no 429 and settle just under it', async () => {
    const { HttpKernel } = await import('../../core/http/kernel.js');
    const { Redactor } = await import('../../core/http/redact.js');
    const clock = virtualClock();
    const limiter = new RequestLimiter({}, clock);
    const server = slidingWindowServer(clock, () => 20);
    let throttled = 0;
    const fetch = (async () => {
      clock.advance(1);
      const status = server();
      if (status === 429) throttled++;
      return new Response(status === 429 ? '{"message":"slow down"}' : '{}', { status, headers: { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) } });
    }) as typeof globalThis.fetch;
    const kernel = new HttpKernel({
      vendor: 'acme',
      baseUrl: 'https://pbx.test/api',
      fetch,
      redactor: new Redactor(),
      parseError: () => undefined,
      limiter,
      retry: { jitter: 'none' },
      deadlineMs: 1_000_000,
      clock: { now: clock.now, sleep: clock.sleep, random: () => 0.5 },
    });
    const started = clock.now();
    for (let i = 0; i < 200; i++) await kernel.send({ operation: 'users.get', method: 'GET', path: `users/${i}` });
    expect(throttled).toBeGreaterThan(0); // it did learn from the server
    expect(throttled).toBeLessThanOrEqual(2);
    expect(limiter.currentRate).toBeGreaterThan(18);
    expect(limiter.currentRate).toBeLessThanOrEqual(22);
    expect(clock.now() - started).toBeLessThanOrEqual(11_000); // theory: 10 s
  });
});

/** Virtual time for many concurrent callers: sleeps are timers, run in time order once everything else has settled. */
function scheduler() {
  let now = 0;
  const timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  let seq = 0;
  const clock: LimiterClock = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        timers.push({ at: now + Math.max(0, ms), seq: seq++, fire: resolve });
      }),
  };
  const idle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    clock,
    now: () => now,
    /** Runs until `done` resolves, advancing time to the next timer whenever nothing else can run. */
    async drive<T>(done: Promise<T>): Promise<T> {
      let finished = false;
      void done.finally(() => (finished = true));
      for (let steps = 0; !finished && steps < 1_000_000; steps++) {
        await idle();
        if (finished) break;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift();
        if (!next) continue;
        now = Math.max(now, next.at);
        next.fire();
      }
      return done;
    },
  };
}

describe('many callers at once', () => {
  it('1,000 requests issued at once under 50/s: none surfaces a 429, and it takes about the theory', async () => {
    const s = scheduler();
    const limiter = new RequestLimiter({}, s.clock);
    const server = slidingWindowServer(s.clock, () => 50);
    let surfaced = 0;
    let refused = 0;
    const call = async () => {
      for (let attempt = 0; attempt <= 3; attempt++) {
        const release = await limiter.acquire();
        await s.clock.sleep(5); // network latency
        const status = server();
        release({ status, headers: new Headers(status === 429 ? { 'retry-after': '1' } : {}) });
        if (status !== 429) return;
        refused++;
        await s.clock.sleep(1000); // the kernel honours Retry-After
      }
      surfaced++;
    };
    await s.drive(Promise.all(Array.from({ length: 1000 }, call)));
    expect(surfaced).toBe(0);
    expect(s.now()).toBeLessThanOrEqual(22_000); // theory: 20 s (the first 50 go at once)
    expect(refused).toBeLessThan(100);
  });
});
