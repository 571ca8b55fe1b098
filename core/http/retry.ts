/**
 * Retry policy: when a failed attempt may be repeated, and how long to wait first.
 *
 * A request is retried only if repeating it cannot duplicate a write: reads and writes the
 * adapter marks `idempotent` (PUT/PATCH/DELETE by default, and vendor POSTs that set or
 * replace a state) are retried on network errors, timeouts, 408/429/5xx and unreadable
 * replies; other writes (creates) only when the request certainly never reached the
 * server (connection refused) or was refused with 429.
 */

/** How a client retries. Every field has a default. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. `0` disables retries. */
  readonly maxRetries?: number;
  /** First backoff step in ms. Default 250. */
  readonly baseDelayMs?: number;
  /** Cap of one backoff wait in ms. Default 8000. */
  readonly maxDelayMs?: number;
  /**
   * Longest `Retry-After` the client waits for, in ms. A longer one fails at once with
   * `RateLimitError.retryAfterMs` set. Default 20000.
   */
  readonly maxRetryAfterMs?: number;
  /** `full` jitter (default) spreads retries of many clients; `none` is for tests. */
  readonly jitter?: 'full' | 'none';
}

export interface ResolvedRetryOptions {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly jitter: 'full' | 'none';
}

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? 3)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 250),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 8_000),
    maxRetryAfterMs: Math.max(0, options.maxRetryAfterMs ?? 20_000),
    jitter: options.jitter ?? 'full',
  };
}

/** Capped exponential backoff with full jitter: a random wait in [0, min(cap, base·2^retry)]. */
export function backoffDelay(retry: number, options: ResolvedRetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return options.jitter === 'full' ? Math.floor(random() * ceiling) : ceiling;
}

/**
 * The wait a `Retry-After` header asks for, in ms (seconds or an HTTP date), or undefined
 * when the header is absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!/^[a-z]{3}/i.test(trimmed)) return undefined; // every HTTP-date form starts with a day name
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Verbs that are idempotent by HTTP semantics. */
export function isIdempotentMethod(method: string): boolean {
  return ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(method.toUpperCase());
}

/** Statuses worth another attempt of an idempotent request. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

// Error codes with which the request certainly never reached the server: no connection, or a
// TLS handshake that failed before a byte of the request was written.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
]);

// Failures that the same request would meet again (an unreadable reply, a local limit):
// never retried, whatever the method.
const FINAL_CODES = new Set(['ERR_STRING_TOO_LONG', 'ERR_BUFFER_TOO_LARGE', 'ERR_OUT_OF_MEMORY', 'ERR_INVALID_URL', 'ERR_INVALID_ARG_VALUE', 'ERR_INVALID_ARG_TYPE']);

/**
 * The system error code of a fetch failure. undici nests it in `cause` (TLS failures one
 * level deeper in some versions); an invalid URL is a bare `TypeError` with `ERR_INVALID_URL`.
 */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  if (error instanceof TypeError && /invalid url/i.test(error.message)) return 'ERR_INVALID_URL';
  return undefined;
}

/** True when a network failure means the request never reached the server. */
export function wasNotSent(code: string | undefined): boolean {
  return code !== undefined && (NOT_SENT_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'));
}

/** True for failures that repeating the same request cannot cure (never retried). */
export function isFinalTransportCode(code: string): boolean {
  return FINAL_CODES.has(code);
}
