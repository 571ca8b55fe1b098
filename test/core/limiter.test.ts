/**
 * RequestLimiter: concurrency cap (FIFO), pacing, and cancellation while queued or pacing.
 * Time is a fake clock. How it learns the server's rate: limiter-adaptive.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { RequestLimiter, type LimiterClock } from '../../core/http/limiter.js';
import { delay } from '../support/core/http.js';

function fakeClock(options: { advanceOnSleep?: boolean } = {}) {
  let now = 0;
  const sleeps: number[] = [];
  const clock: LimiterClock & { sleeps: number[]; set(ms: number): void } = {
    sleeps,
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw signal.reason;
      if (options.advanceOnSleep) now += ms;
    },
  };
  return clock;
}

/** Starts an acquire and tracks whether it has been granted. */
function track(limiter: RequestLimiter, signal?: AbortSignal) {
  const state: { granted: boolean; release?: () => void; error?: unknown } = { granted: false };
  const promise = limiter.acquire(signal).then(
    (release) => {
      state.granted = true;
      state.release = release;
    },
    (error: unknown) => {
      state.error = error;
    },
  );
  return Object.assign(state, { promise });
}

const flush = () => delay(0);

describe('concurrency', () => {
  it('lets maxConcurrent through and queues the rest in FIFO order', async () => {
    const limiter = new RequestLimiter({ maxConcurrent: 2 });
    const t = Array.from({ length: 5 }, () => track(limiter));
    await flush();
    expect(t.map((x) => x.granted)).toEqual([true, true, false, false, false]);
    t[1]!.release!();
    await flush();
    expect(t.map((x) => x.granted)).toEqual([true, true, true, false, false]);
    t[0]!.release!();
    t[2]!.release!();
    await flush();
    expect(t.map((x) => x.granted)).toEqual([true, true, true, true, true]);
  });

  it('releasing twice frees only one slot', async () => {
    const limiter = new RequestLimiter({ maxConcurrent: 1 });
    const a = track(limiter);
    const b = track(limiter);
    const c = track(limiter);
    await flush();
    a.release!();
    a.release!();
    await flush();
    expect([a.granted, b.granted, c.granted]).toEqual([true, true, false]);
  });

  it('defaults to 64 in flight; never fewer than 1', async () => {
    const limiter = new RequestLimiter();
    const t = Array.from({ length: 65 }, () => track(limiter));
    await flush();
    expect(t.filter((x) => x.granted)).toHaveLength(64);

    const one = new RequestLimiter({ maxConcurrent: 0 });
    const u = [track(one), track(one)];
    await flush();
    expect(u.map((x) => x.granted)).toEqual([true, false]);
  });

  it('never has more than maxConcurrent holders under churn', async () => {
    const limiter = new RequestLimiter({ maxConcurrent: 3 });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const release = await limiter.acquire();
        active++;
        peak = Math.max(peak, active);
        await delay(i % 3);
        active--;
        release();
      }),
    );
    expect(peak).toBe(3);
  });
});

describe('pacing', () => {
  it('spaces starts 1000/rate ms apart', async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ requestsPerSecond: 10, maxConcurrent: 100 }, clock);
    await Promise.all(Array.from({ length: 4 }, () => limiter.acquire()));
    expect(clock.sleeps).toEqual([100, 200, 300]);
  });

  it('does not wait when the previous start is long past', async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ requestsPerSecond: 2 }, clock);
    await limiter.acquire();
    clock.set(10_000);
    await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
  });

  it('is unpaced when no rate is configured', async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ maxConcurrent: 100 }, clock);
    await Promise.all(Array.from({ length: 20 }, () => limiter.acquire()));
    expect(clock.sleeps).toEqual([]);
    expect(limiter.currentRate).toBeUndefined();
  });
});

describe('cancellation', () => {
  it('abort while queued rejects with the signal reason and leaves the queue consistent', async () => {
    const limiter = new RequestLimiter({ maxConcurrent: 1 });
    const holder = track(limiter);
    const controller = new AbortController();
    const aborted = track(limiter, controller.signal);
    const next = track(limiter);
    await flush();
    const reason = new Error('cancelled');
    controller.abort(reason);
    await flush();
    expect(aborted.error).toBe(reason);
    expect(aborted.granted).toBe(false);
    holder.release!();
    await flush();
    expect(next.granted).toBe(true);
    next.release!();
    // Every slot is free again: one acquire goes straight through, a second waits.
    const again = [track(limiter), track(limiter)];
    await flush();
    expect(again.map((x) => x.granted)).toEqual([true, false]);
  });

  it('an already aborted signal while the limiter is full rejects at once', async () => {
    const limiter = new RequestLimiter({ maxConcurrent: 1 });
    await limiter.acquire();
    await expect(limiter.acquire(AbortSignal.abort(new Error('late')))).rejects.toThrow('late');
  });

  it('abort during the pacing wait frees the slot it took', async () => {
    // Sleeps with a signal hang until it aborts; sleeps without one return at once.
    const clock: LimiterClock = {
      now: () => 0,
      sleep: (_ms, signal) =>
        signal ? new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })) : Promise.resolve(),
    };
    const limiter = new RequestLimiter({ requestsPerSecond: 1, maxConcurrent: 1 }, clock);
    (await limiter.acquire())();
    const controller = new AbortController();
    const paced = limiter.acquire(controller.signal);
    await flush();
    controller.abort(new Error('stop'));
    await expect(paced).rejects.toThrow('stop');
    // Had the aborted acquire kept its slot, this one would queue forever.
    const next = track(limiter);
    await flush();
    expect(next.granted).toBe(true);
  });
});
