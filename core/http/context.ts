/**
 * Per-call context and the signal plumbing: the caller's `AbortSignal`, a per-attempt
 * timeout and an overall deadline, combined so that whichever comes first stops the call.
 */
import { AbortedError, type PbxErrorContext } from '../errors.js';

/** What every adapter operation receives besides its arguments. */
export interface RequestContext {
  /** The caller's signal. */
  readonly signal?: AbortSignal;
  /** Per-attempt timeout override in ms. */
  readonly timeoutMs?: number;
  /** Absolute deadline (epoch ms) shared by every request and retry of one public call. */
  readonly deadlineAt?: number;
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
