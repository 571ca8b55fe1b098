/**
 * Client-side throttling that finds the server's rate: at most `maxConcurrent` requests in
 * flight, starts paced to stay just under the rate the vendor allows, learnt from what the
 * server says and does.
 *
 * - Rate-limit headers, where a vendor sends them (`RateLimit` / `RateLimit-*` / `X-RateLimit-*`
 *   with a window from `RateLimit-Policy: 50;w=1`): the pace is set from them directly; an
 *   exhausted quota (`remaining: 0`) holds every start until its reset.
 * - A 429: the pace drops to just under the throughput the server accepted: the requests
 *   started in the second before it, less those it refused (requests still in flight count
 *   as accepted until they say otherwise), not to a guess. Further 429s within that second
 *   are the same episode: they refine the count (only ever lowering it), they do not halve
 *   again. When nothing got through (a long quota), starts wait out `Retry-After`.
 * - Probing: while callers are waiting for the pace and no 429 came for a while, the pace
 *   goes up 10%; a probe that holds for two seconds means the limit has lifted, and the pace
 *   climbs ×1.25 every two seconds until the server objects (or the pace no longer binds, and
 *   pacing stops). A probe that fails doubles the wait before the next one (15 s, 30 s, … up
 *   to 2 min), so a steady limit costs a handful of retried 429s, none surfaced (the kernel
 *   retries 429).
 */
import { raceSignal, sleep } from './context.js';

/** How a client throttles itself. */
export interface ThrottleOptions {
  /** Requests in flight at once. Default 64. */
  readonly maxConcurrent?: number;
  /** Requests started per second, at most; unlimited when omitted (the server's limit is learnt). */
  readonly requestsPerSecond?: number;
  /** Floor of the adaptive pace in requests per second. Default 1. */
  readonly minRequestsPerSecond?: number;
}

export interface LimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What the kernel reports about a reply, for the limiter to learn from. */
export interface LimiterFeedback {
  readonly status: number;
  readonly headers?: Headers;
}

/** Frees the slot; given the reply's status and headers, the limiter learns from them. Calling it again is a no-op. */
export type LimiterRelease = (feedback?: LimiterFeedback) => void;

/** Default requests in flight: enough for a fan-out to keep a fast server busy, few enough to be polite. */
export const DEFAULT_MAX_CONCURRENT = 64;
/** The pace is held this far under the learnt limit. */
const HEADROOM = 0.98;
const WINDOW_MS = 1_000;
const FIRST_PROBE_MS = 10_000;
const MAX_PROBE_MS = 120_000;
/** A raised pace is judged after this long without a 429 (a sliding window needs a full window to overflow). */
const PROBE_STEP_MS = 2 * WINDOW_MS;
/** Starts remembered to measure throughput (bounded: 2 s of a fast server). */
const MAX_SAMPLES = 20_000;

/** One request start, for measuring what the server accepts. */
interface Start {
  readonly at: number;
  refused: boolean;
}

export class RequestLimiter {
  #inFlight = 0;
  readonly #waiters: Array<() => void> = [];
  readonly #maxConcurrent: number;
  readonly #configuredRate: number | undefined;
  readonly #minRate: number;
  #rate: number | undefined;
  #nextStartAt = 0;
  #pausedUntil = 0;
  /** Bumped on every slow-down: paced waits re-reserve at the new pace. */
  #generation = 0;
  /** Recent starts, oldest first. */
  readonly #starts: Start[] = [];
  /** When recent accepted replies arrived, oldest first (closer to the server's clock than starts under a busy event loop). */
  readonly #replies: number[] = [];
  /** When the current 429 episode began (its first 429); throughput is counted in the second before. */
  #episodeAt = Number.NEGATIVE_INFINITY;
  /** Start time of the request whose 429 opened the episode. */
  #episodeStart = Number.NEGATIVE_INFINITY;
  #lastWaitAt = Number.NEGATIVE_INFINITY;
  #nextProbeAt = Number.POSITIVE_INFINITY;
  #probeBackoffMs = FIRST_PROBE_MS;
  /** When the pace was last raised by a probe, until a quiet {@link PROBE_STEP_MS} confirms it. */
  #probeAt: number | undefined;
  readonly #clock: LimiterClock;

  constructor(options: ThrottleOptions = {}, clock: LimiterClock = { now: Date.now, sleep }) {
    this.#maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT));
    this.#configuredRate = options.requestsPerSecond;
    this.#rate = options.requestsPerSecond;
    this.#minRate = Math.max(0.1, options.minRequestsPerSecond ?? 1);
    this.#clock = clock;
  }

  /** The current pace in requests per second (undefined: unpaced). */
  get currentRate(): number | undefined {
    return this.#rate;
  }

  /**
   * A slot at once, without waiting, or undefined when the caller would have to wait (all slots
   * taken, others queued, or the pace or a pause holds the start): then use {@link acquire}.
   */
  tryAcquire(): LimiterRelease | undefined {
    if (this.#inFlight >= this.#maxConcurrent || this.#waiters.length > 0) return undefined;
    this.#maybeProbe();
    const now = this.#clock.now();
    if (this.#pausedUntil > now || (this.#rate !== undefined && this.#nextStartAt > now)) return undefined;
    if (this.#rate !== undefined) this.#nextStartAt = now + 1000 / this.#rate;
    this.#inFlight++;
    return this.#started(now);
  }

  /** Waits for a slot and for the pace; resolves with the function that frees the slot (and reports the reply). */
  async acquire(signal?: AbortSignal): Promise<LimiterRelease> {
    await this.#takeSlot(signal);
    try {
      await this.#pace(signal);
    } catch (error) {
      this.#releaseSlot();
      throw error;
    }
    return this.#started(this.#clock.now());
  }

  #started(at: number): LimiterRelease {
    const start: Start = { at, refused: false };
    if (this.#starts.length >= MAX_SAMPLES) this.#starts.shift();
    this.#starts.push(start);
    let released = false;
    return (feedback) => {
      if (released) return;
      released = true;
      this.#releaseSlot();
      if (feedback) this.#learn(feedback, start);
    };
  }

  /** The vendor throttled a request and nothing else is known: slow down as for a 429 now. */
  throttled(retryAfterMs?: number): void {
    this.#onThrottled(retryAfterMs);
  }

  #learn(feedback: LimiterFeedback, start: Start): void {
    const headers = feedback.headers ? readRateLimitHeaders(feedback.headers, this.#clock.now()) : {};
    if (feedback.status === 429) {
      start.refused = true;
      this.#onThrottled(headers.retryAfterMs ?? headers.resetMs, start.at);
    } else {
      if (this.#replies.length >= MAX_SAMPLES) this.#replies.shift();
      this.#replies.push(this.#clock.now());
    }
    this.#applyHeaders(headers);
  }

  #onThrottled(retryAfterMs: number | undefined, startedAt?: number): void {
    const now = this.#clock.now();
    const newEpisode = now - this.#episodeAt > WINDOW_MS;
    if (newEpisode) {
      // A new episode: a probe running now has failed.
      if (this.#probeAt !== undefined) this.#probeBackoffMs = Math.min(MAX_PROBE_MS, this.#probeBackoffMs * 2);
      this.#probeAt = undefined;
      this.#episodeAt = now;
      // Starts after the first refused one tell nothing about the server's window: they were judged against a full one.
      this.#episodeStart = startedAt ?? now;
      this.#nextProbeAt = now + this.#probeBackoffMs;
      // The server's window is full: starting again before its oldest request leaves it only buys more 429s.
      const drained = this.#oldestAcceptedAfter(this.#episodeStart - WINDOW_MS) + WINDOW_MS;
      this.#pausedUntil = Math.max(this.#pausedUntil, Math.min(drained, now + WINDOW_MS));
    }
    // Two views of the server's last second, both short of the truth in their own way: starts
    // (less refusals) lose requests a busy client sent late; replies lose those still in flight.
    const accepted = Math.max(this.#acceptedBefore(this.#episodeStart), this.#repliesBefore(this.#episodeAt));
    let next: number;
    if (accepted > 0) {
      next = accepted * HEADROOM;
    } else {
      // Nothing got through lately: a quota spanning longer than a second. Wait it out, then go slowly.
      if (retryAfterMs !== undefined) this.#pausedUntil = Math.max(this.#pausedUntil, now + retryAfterMs);
      next = (this.#rate ?? this.#maxConcurrent) / 2;
    }
    const rate = this.#cap(Math.min(next, this.#rate ?? Number.POSITIVE_INFINITY));
    if (rate !== this.#rate || newEpisode) {
      this.#rate = rate;
      this.#generation++;
      this.#nextStartAt = Math.max(now, this.#pausedUntil);
    }
  }

  #repliesBefore(until: number): number {
    while (this.#replies.length && (this.#replies[0] as number) <= until - 2 * WINDOW_MS) this.#replies.shift();
    return this.#replies.filter((at) => at > until - WINDOW_MS && at <= until).length;
  }

  #oldestAcceptedAfter(since: number): number {
    for (const start of this.#starts) if (start.at > since && !start.refused) return start.at;
    return since;
  }

  /** Header-declared limits are exact: no need to learn them from 429s. */
  #applyHeaders(headers: RateLimitInfo): void {
    const now = this.#clock.now();
    if (headers.remaining === 0 && headers.resetMs !== undefined && headers.resetMs > 0) {
      this.#pausedUntil = Math.max(this.#pausedUntil, now + headers.resetMs);
    }
    if (headers.limit !== undefined && headers.windowMs !== undefined && headers.windowMs > 0) {
      const declared = this.#cap((headers.limit * 1000 * HEADROOM) / headers.windowMs);
      if (declared !== this.#rate) {
        if (this.#rate !== undefined && declared < this.#rate) this.#generation++;
        this.#rate = declared;
        this.#probeAt = undefined;
        this.#nextProbeAt = Number.POSITIVE_INFINITY; // the server says what it allows: no probing
      }
    }
  }

  /** Starts in the second before `until` the server did not refuse (those still in flight included). */
  #acceptedBefore(until: number): number {
    while (this.#starts.length && (this.#starts[0] as Start).at <= until - 2 * WINDOW_MS) this.#starts.shift();
    let count = 0;
    for (const start of this.#starts) if (start.at > until - WINDOW_MS && start.at <= until && !start.refused) count++;
    return count;
  }

  #cap(rate: number): number {
    const floored = Math.max(this.#minRate, rate);
    return this.#configuredRate === undefined ? floored : Math.min(this.#configuredRate, floored);
  }

  async #takeSlot(signal?: AbortSignal): Promise<void> {
    if (this.#inFlight < this.#maxConcurrent) {
      this.#inFlight++;
      return;
    }
    let grant!: () => void;
    const granted = new Promise<void>((resolve) => (grant = resolve));
    this.#waiters.push(grant);
    try {
      await (signal ? raceSignal(granted, signal) : granted);
    } catch (error) {
      const index = this.#waiters.indexOf(grant);
      if (index >= 0) this.#waiters.splice(index, 1);
      else this.#releaseSlot(); // granted while aborting: hand the slot on
      throw error;
    }
  }

  #releaseSlot(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#inFlight--;
  }

  /** Waits for this request's start time; a slow-down meanwhile re-reserves at the new pace. */
  async #pace(signal?: AbortSignal): Promise<void> {
    for (let rounds = 0; ; rounds++) {
      this.#maybeProbe();
      const generation = this.#generation;
      const now = this.#clock.now();
      let startAt = Math.max(now, this.#pausedUntil);
      if (this.#rate !== undefined) {
        startAt = Math.max(startAt, this.#nextStartAt);
        this.#nextStartAt = startAt + 1000 / this.#rate;
      }
      if (startAt <= now) return;
      this.#lastWaitAt = now;
      await this.#clock.sleep(startAt - now, signal);
      if (generation === this.#generation || rounds >= 8) return;
    }
  }

  // Raise the pace while callers wait for it and the server has not objected for a while.
  #maybeProbe(): void {
    if (this.#rate === undefined || this.#rate === this.#configuredRate) return;
    const now = this.#clock.now();
    if (this.#probeAt !== undefined) {
      if (now - this.#probeAt < PROBE_STEP_MS) return;
      // The last raise held: the limit has lifted. Keep climbing, or stop pacing if callers no longer fill the pace.
      this.#probeBackoffMs = FIRST_PROBE_MS;
      if (now - this.#lastWaitAt > WINDOW_MS && this.#configuredRate === undefined) {
        this.#rate = undefined;
        this.#probeAt = undefined;
        this.#nextProbeAt = Number.POSITIVE_INFINITY;
        return;
      }
      this.#rate = this.#cap(this.#rate * 1.25);
      this.#probeAt = now;
      return;
    }
    if (now >= this.#nextProbeAt && now - this.#lastWaitAt <= WINDOW_MS) {
      this.#rate = this.#cap(this.#rate * 1.1);
      this.#probeAt = now;
    }
  }
}

/** What rate-limit headers say, as far as a vendor sends them. */
export interface RateLimitInfo {
  /** Requests allowed per window. */
  readonly limit?: number;
  readonly remaining?: number;
  /** Time until the window resets, in ms. */
  readonly resetMs?: number;
  /** Length of the window, in ms (from `RateLimit-Policy: 100;w=60` or `RateLimit: …, w=60`). */
  readonly windowMs?: number;
  readonly retryAfterMs?: number;
}

/**
 * Reads `Retry-After`, the IETF `RateLimit` / `RateLimit-Policy` fields (draft 7 and later,
 * and the older `RateLimit-Limit/-Remaining/-Reset`) and the common `X-RateLimit-*` ones.
 * A reset above 10^9 is an epoch time (seconds, or ms above 10^12), as some vendors send it.
 */
export function readRateLimitHeaders(headers: Headers, now: number): RateLimitInfo {
  const num = (name: string): number | undefined => {
    const value = headers.get(name);
    if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
    return Number(value);
  };
  const combined = parseParams(headers.get('ratelimit'));
  const policy = parseParams(headers.get('ratelimit-policy')?.split(',')[0] ?? null);
  const limit = combined['limit'] ?? num('ratelimit-limit') ?? num('x-ratelimit-limit') ?? policy['q'] ?? policy['limit'];
  const remaining = combined['remaining'] ?? combined['r'] ?? num('ratelimit-remaining') ?? num('x-ratelimit-remaining');
  const reset = combined['reset'] ?? combined['t'] ?? num('ratelimit-reset') ?? num('x-ratelimit-reset');
  const window = policy['w'] ?? combined['w'];
  const retryAfter = num('retry-after');
  const info: { -readonly [K in keyof RateLimitInfo]: RateLimitInfo[K] } = {};
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (reset !== undefined) info.resetMs = reset > 1e12 ? Math.max(0, reset - now) : reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000;
  if (window !== undefined) info.windowMs = window * 1000;
  if (retryAfter !== undefined) info.retryAfterMs = retryAfter * 1000;
  return info;
}

const NO_PARAMS: Readonly<Record<string, number>> = Object.freeze({});

/** `limit=100, remaining=0, reset=30` or `100;w=60` (a leading bare number is the quota `q`). */
function parseParams(value: string | null): Readonly<Record<string, number>> {
  if (!value) return NO_PARAMS; // most replies: no object per reply
  const out: Record<string, number> = {};
  for (const part of value.split(/[,;]/)) {
    const [key, raw] = part.includes('=') ? part.split('=', 2) : ['q', part];
    const n = Number((raw ?? '').trim());
    if ((key ?? '').trim() && (raw ?? '').trim() !== '' && Number.isFinite(n)) out[(key as string).trim().toLowerCase()] = n;
  }
  return out;
}
