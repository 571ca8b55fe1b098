/**
 * Client-side throttling: at most `maxConcurrent` requests in flight, at most
 * `requestsPerSecond` started per second, and an adaptive slow-down after the vendor
 * answers 429 (the pace halves, then recovers step by step after a quiet period).
 */
import { raceSignal, sleep } from './context.js';

/** How a client throttles itself. */
export interface ThrottleOptions {
  /** Requests in flight at once. Default 8. */
  readonly maxConcurrent?: number;
  /** Requests started per second; unlimited when omitted (until a 429 teaches otherwise). */
  readonly requestsPerSecond?: number;
  /** Floor of the adaptive pace in requests per second. Default 1. */
  readonly minRequestsPerSecond?: number;
}

export interface LimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const RECOVERY_MS = 5_000;

export class RequestLimiter {
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly maxConcurrent: number;
  private readonly configuredRate: number | undefined;
  private readonly minRate: number;
  private rate: number | undefined;
  private nextStartAt = 0;
  private lastThrottleAt = Number.NEGATIVE_INFINITY;
  private readonly clock: LimiterClock;

  constructor(options: ThrottleOptions = {}, clock: LimiterClock = { now: Date.now, sleep }) {
    this.maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent ?? 8));
    this.configuredRate = options.requestsPerSecond;
    this.rate = options.requestsPerSecond;
    this.minRate = Math.max(0.1, options.minRequestsPerSecond ?? 1);
    this.clock = clock;
  }

  /** The current pace in requests per second (undefined: unpaced). */
  get currentRate(): number | undefined {
    return this.rate;
  }

  /** Waits for a slot and for the pace; resolves with the function that frees the slot. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.takeSlot(signal);
    try {
      await this.pace(signal);
    } catch (error) {
      this.releaseSlot();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.releaseSlot();
    };
  }

  /** The vendor throttled us: halve the pace (from the observed pace when there was none). */
  throttled(): void {
    const now = this.clock.now();
    this.lastThrottleAt = now;
    const base = this.rate ?? Math.max(this.minRate, this.maxConcurrent * 4);
    this.rate = Math.max(this.minRate, base / 2);
  }

  private async takeSlot(signal?: AbortSignal): Promise<void> {
    if (this.inFlight < this.maxConcurrent) {
      this.inFlight++;
      return;
    }
    let grant!: () => void;
    const granted = new Promise<void>((resolve) => (grant = resolve));
    this.waiters.push(grant);
    try {
      await (signal ? raceSignal(granted, signal) : granted);
    } catch (error) {
      const index = this.waiters.indexOf(grant);
      if (index >= 0) this.waiters.splice(index, 1);
      else this.releaseSlot(); // granted while aborting: hand the slot on
      throw error;
    }
  }

  private releaseSlot(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inFlight--;
  }

  private async pace(signal?: AbortSignal): Promise<void> {
    this.recover();
    if (this.rate === undefined) return;
    const now = this.clock.now();
    const startAt = Math.max(now, this.nextStartAt);
    this.nextStartAt = startAt + 1000 / this.rate;
    if (startAt > now) await this.clock.sleep(startAt - now, signal);
  }

  // After a quiet period the pace doubles back towards the configured one (or none).
  private recover(): void {
    if (this.rate === undefined || this.rate === this.configuredRate) return;
    const now = this.clock.now();
    if (now - this.lastThrottleAt < RECOVERY_MS) return;
    this.lastThrottleAt = now;
    const doubled = this.rate * 2;
    if (this.configuredRate !== undefined) this.rate = Math.min(this.configuredRate, doubled);
    else this.rate = doubled >= this.maxConcurrent * 64 ? undefined : doubled;
  }
}
