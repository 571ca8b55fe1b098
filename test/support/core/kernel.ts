/**
 * Building an {@link HttpKernel} for tests: a redactor that knows the canary secrets, a simple
 * vendor error-body parser, and a clock whose `sleep` records the delays instead of waiting.
 */
import type { VendorErrorInfo } from '../../../core/http/classify.js';
import { HttpKernel, type HttpKernelOptions, type KernelClock } from '../../../core/http/kernel.js';
import { Redactor } from '../../../core/http/redact.js';

/** Secrets that must never show up anywhere outside the request that carries them. */
export const CANARY = 'canary-S3cr3t-PA55';
export const CANARY_TOKEN = 'canary-T0ken-9f8e7d6c5b4a';
export const CANARY_USER = 'canary-admin';


/** The error body the test vendor sends: `{ code, message, fields: [{ field, message }] }`. */
export function parseTestError(body: unknown): VendorErrorInfo | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as { code?: unknown; message?: unknown; fields?: unknown };
  const fields = Array.isArray(b.fields)
    ? b.fields.map((f: { field?: unknown; message?: unknown }) => ({ field: String(f.field ?? ''), message: String(f.message ?? '') }))
    : undefined;
  return {
    ...(typeof b.code === 'string' ? { code: b.code } : {}),
    ...(typeof b.message === 'string' ? { message: b.message } : {}),
    ...(fields ? { fields } : {}),
  };
}

export interface RecordingClock extends KernelClock {
  /** Every delay the kernel asked to sleep, in order. */
  readonly sleeps: number[];
  /** Moves `now()` forward. */
  advance(ms: number): void;
}

/**
 * A clock whose `sleep` returns at once (rejecting when the signal is already aborted) and
 * records the delay. `now` is fixed at `start` unless advanced; `random` is constant.
 */
export function recordingClock(options: { random?: number | (() => number); start?: number; advanceOnSleep?: boolean } = {}): RecordingClock {
  const sleeps: number[] = [];
  let now = options.start ?? Date.now();
  const random = typeof options.random === 'function' ? options.random : () => (options.random as number | undefined) ?? 0.5;
  return {
    sleeps,
    now: () => now,
    random,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (options.advanceOnSleep) now += ms;
      if (signal?.aborted) throw signal.reason;
    },
  };
}

export type TestKernelOptions = Partial<HttpKernelOptions> & { readonly secrets?: readonly string[] };

/** A kernel for vendor `testvendor` at `https://pbx.test/api/` unless overridden. */
export function makeKernel(options: TestKernelOptions = {}): { kernel: HttpKernel; redactor: Redactor } {
  const { secrets = [CANARY, CANARY_TOKEN], ...rest } = options;
  const redactor = options.redactor ?? new Redactor();
  redactor.add(...secrets);
  redactor.addBasic(CANARY_USER, CANARY);
  const kernel = new HttpKernel({
    vendor: 'testvendor',
    baseUrl: 'https://pbx.test/api/',
    parseError: parseTestError,
    retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 'none' },
    ...rest,
    redactor,
  });
  return { kernel, redactor };
}

/** Awaits `promise` and returns what it rejected with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
