/**
 * Per-call context and the signal plumbing: the caller's `AbortSignal`, a per-attempt
 * timeout and an overall deadline, combined so that whichever comes first stops the call.
 */
import { setMaxListeners } from 'node:events';
import { AbortedError, type PbxErrorContext } from '../errors.js';

/** What every adapter operation receives besides its arguments. */
export interface RequestContext {
  /** The caller's signal. */
  readonly signal?: AbortSignal;
  /** Per-attempt timeout override in ms. */
  readonly timeoutMs?: number;
  /**
   * Absolute deadline (epoch ms) shared by every request and retry of one public call. Time
   * spent queued for a throttle slot (`queued.ms`) moves it later: queueing is not network time.
   */
  readonly deadlineAt?: number;
  /** Longest wait for one throttle slot in ms (overrides the client's `queueTimeoutMs`). */
  readonly queueTimeoutMs?: number;
  /** Largest reply body accepted in bytes (overrides the client's `maxResponseBytes`). */
  readonly maxResponseBytes?: number;
  /** Time this call has spent queued for throttle slots, shared by all its requests (mutable). */
  readonly queued?: { ms: number };
}

/** The error for a call its caller aborted. */
export function abortedError(errorContext: PbxErrorContext): AbortedError {
  const where = errorContext.operation ? `${errorContext.operation} ` : '';
  return new AbortedError(`${where}aborted by the caller`, errorContext);
}

/**
 * Waits `ms`, or rejects early when `signal` aborts. Rejects with the signal's reason so
 * callers can tell which signal fired.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const widened = new WeakSet<AbortSignal>();

/** Largest delay `setTimeout` honours (beyond it, Node fires after 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

/** Why a {@link phaseSignal} fired by itself. */
export const PHASE_TIMED_OUT: unique symbol = Symbol('unipbx.timedOut');

/** What {@link phaseSignal} returns: the wait's signal and how to end the wait. */
export interface PhaseSignal {
  readonly signal: AbortSignal;
  /** True when the wait's own time ran out (not the outer signal). */
  readonly timedOut: boolean;
  /** Releases the timer and the listener on the outer signal. */
  clear(): void;
  /** Stops the wait early with `reason`. */
  abort(reason: unknown): void;
}

const abortTimedOut = (controller: AbortController): void => controller.abort(PHASE_TIMED_OUT);

/** A class rather than a literal of closures: one object per wait (every request has one). */
class Phase implements PhaseSignal {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onAbort: (() => void) | undefined;
  readonly #outer: AbortSignal | undefined;

  constructor(ms: number, outer: AbortSignal | undefined) {
    this.#outer = outer;
    const controller = this.#controller;
    this.#timer = ms < MAX_TIMER_MS ? setTimeout(abortTimedOut, Math.max(0, ms), controller) : undefined;
    if (outer?.aborted) controller.abort(outer.reason);
    else if (outer) {
      // One caller signal often spans many concurrent calls: a listener each is expected, not a leak.
      if (!widened.has(outer)) {
        widened.add(outer);
        setMaxListeners(0, outer);
      }
      this.#onAbort = () => controller.abort(outer.reason);
      outer.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get timedOut(): boolean {
    const signal = this.#controller.signal;
    return signal.aborted && signal.reason === PHASE_TIMED_OUT;
  }

  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#onAbort) this.#outer?.removeEventListener('abort', this.#onAbort);
  }

  abort(reason: unknown): void {
    this.#controller.abort(reason);
  }
}

/**
 * One signal for one wait (a login, a throttle slot, a request): fires after `ms` (with the
 * reason {@link PHASE_TIMED_OUT}) or when `outer` aborts (with its reason). One timer and one
 * listener, no `AbortSignal.any`; `clear()` releases both; `abort()` stops the wait early.
 */
export function phaseSignal(ms: number, outer?: AbortSignal): PhaseSignal {
  return new Phase(ms, outer);
}

/** A signal that fires after `ms`, with a `clear()` to release its timer early. */
export function timeoutSignal(ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), Math.max(0, ms));
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** Races `promise` against `signal`: rejects with the signal's reason as soon as it aborts. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
