/**
 * The HTTP kernel every adapter sends through (built on ky). It owns what no adapter
 * should rewrite: base URL, signing, per-attempt timeout + overall deadline + caller's
 * signal, the retry policy, throttling, error classification, redaction and hooks.
 */
import ky, { type KyInstance, type Options } from 'ky';
import {
  NetworkError,
  OutcomeUnknownError,
  PbxError,
  QueueTimeoutError,
  ResponseTooLargeError,
  TimeoutError,
  VendorResponseError,
  type PbxErrorContext,
} from '../errors.js';
import { errorFromStatus, type ErrorBodyParser } from './classify.js';
import { abortedError, phaseSignal, raceSignal, sleep, type RequestContext } from './context.js';
import type { LimiterRelease, RequestLimiter } from './limiter.js';
import type { Redactor } from './redact.js';
import {
  RETRYABLE_STATUSES,
  backoffDelay,
  isFinalTransportCode,
  isIdempotentMethod,
  networkErrorCode,
  parseRetryAfter,
  resolveRetryOptions,
  wasNotSent,
  type ResolvedRetryOptions,
  type RetryOptions,
} from './retry.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined;

/** One vendor request as an adapter describes it. */
export interface HttpRequest {
  /** Unified operation name, for errors and hooks. */
  readonly operation: string;
  readonly method: HttpMethod;
  /** Path relative to the base URL, already encoded (build it with `path`). */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** JSON body. */
  readonly json?: unknown;
  /** Repeating it cannot duplicate a write. Defaults to the verb's HTTP semantics. */
  readonly idempotent?: boolean;
  /**
   * For deletes: a 404 on a retry, after an attempt whose outcome was unknown, means that
   * attempt applied; the call then resolves (status 204) instead of throwing `NotFoundError`.
   */
  readonly deletes?: boolean;
  /** Sent without signing (login itself). */
  readonly anonymous?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A successful (2xx) reply. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: unknown;
  readonly requestId?: string;
}

/** Signs requests; implemented by each adapter's auth on top of `TokenCache`. */
export interface RequestSigner {
  /** Headers that authenticate a request; may log in first. */
  sign(signal: AbortSignal): Promise<Readonly<Record<string, string>>>;
  /** Headers of a session that is ready now (no login needed), if any: the kernel's fast path. */
  ready?(): Readonly<Record<string, string>> | undefined;
  /** A request signed with `headers` succeeded (the session works). */
  accepted?(headers: Readonly<Record<string, string>>): void;
  /**
   * A request signed with `headers` got HTTP 401: forget that session. Returns `'retry'` when
   * repeating cannot be a loop on a bad credential (the session was already replaced by
   * someone else, or had worked before and expired), true when a new login may help (counted:
   * a call renews a never-working session once), false when it cannot (a static token).
   */
  rejected(headers: Readonly<Record<string, string>>): boolean | 'retry';
}

/** What hooks receive. No headers, bodies or secrets: URLs are redacted too. */
export interface RequestEvent {
  readonly vendor: string;
  readonly operation: string;
  readonly method: HttpMethod;
  readonly url: string;
  /** 0 for the first attempt. */
  readonly attempt: number;
}
export interface ResponseEvent extends RequestEvent {
  readonly status: number;
  readonly durationMs: number;
  readonly requestId?: string;
}
export interface RetryEvent extends RequestEvent {
  readonly delayMs: number;
  /** Error code or `HTTP <status>` that caused the retry. */
  readonly reason: string;
}
export interface ErrorEvent extends RequestEvent {
  readonly error: PbxError;
}

/** Observability hooks (logging, tracing, metrics). A throwing hook never breaks a call. */
export interface ClientHooks {
  readonly onRequest?: (event: RequestEvent) => void;
  readonly onResponse?: (event: ResponseEvent) => void;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly onError?: (event: ErrorEvent) => void;
}

/** Time and randomness, replaceable in tests. */
export interface KernelClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

export interface HttpKernelOptions {
  readonly vendor: string;
  /** Absolute base URL all paths are relative to. */
  readonly baseUrl: string;
  readonly fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout in ms. Default 10000. */
  readonly timeoutMs?: number;
  /** Overall deadline of one call in ms, across retries. Default 60000. */
  readonly deadlineMs?: number;
  /** Longest wait for one throttle slot in ms (not counted against timeouts). Default 300000. */
  readonly queueTimeoutMs?: number;
  /** Largest reply body in bytes. Default 16 MiB. */
  readonly maxResponseBytes?: number;
  readonly retry?: RetryOptions;
  readonly hooks?: ClientHooks;
  readonly redactor: Redactor;
  readonly parseError: ErrorBodyParser;
  readonly signer?: RequestSigner;
  readonly limiter?: RequestLimiter;
  readonly userAgent?: string;
  readonly clock?: Partial<KernelClock>;
}

const REQUEST_ID_HEADERS = ['x-request-id', 'x-correlation-id', 'request-id'];

/** What the kernel hands ky besides ky's own options: ky keeps unknown options and shows them to hooks. */
interface AttemptOptions {
  readonly attemptSignal?: AbortSignal;
}

/**
 * ky's `beforeRequest` hook that sends the request ky built through the global `fetch`, with the
 * attempt's signal beside it rather than inside it, and hands ky the reply. A hook that answers
 * with a `Response` ends ky's work there: ky then neither clones the request for retries (the
 * kernel retries itself; ky's retries are off) nor looks for options to pass on, which saves a
 * `Request`, an `AbortSignal` and their finalizers per attempt (about a fifth of ky's cost per
 * request, measured). A `signal` option would make ky combine it with its own controller through
 * `AbortSignal.any` on every request (about 0.1 ms of CPU each, measured). `globalThis.fetch` is
 * read per call, as ky does (interceptors replace it).
 */
async function sendWithGlobalFetch(request: Request, options: Readonly<AttemptOptions>): Promise<Response> {
  const response = await globalThis.fetch(request, options.attemptSignal ? { signal: options.attemptSignal } : undefined);
  // ky would take anything else for "no reply yet" and send the request a second time.
  if (!(response instanceof Response)) throw new TypeError('fetch did not return a Response');
  return response;
}

/**
 * Default largest reply body: 16 MiB, far above any page the vendors send (a 1,000-CDR page is
 * about 0.5 MB). A never-ending reply then costs well under 64 MB on Node 20-24: each byte
 * briefly lives twice (socket buffer, body chunk) and is collected late under load.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Default longest wait for one throttle slot: 5 minutes. */
export const DEFAULT_QUEUE_TIMEOUT_MS = 300_000;
/**
 * Logins one call may cause after 401s (a 401 on a session someone else already renewed, or
 * on one that had worked and expired, does not count). The signer decides when a 401 is
 * final (a server that refuses every fresh session fails after one re-login).
 */
const MAX_OWN_RENEWALS = 1;
/** Bound on 401s on sessions that expired or were renewed by others (against a pathological loop). */
const MAX_STALE_SESSION_RETRIES = 8;

/** Everything one public call's requests share. */
interface CallState {
  readonly ctx: RequestContext;
  /** Deadline before queueing time is added (see {@link deadlineOf}). */
  readonly baseDeadline: number;
  /** Time spent queued for throttle slots: the deadline moves by it. */
  readonly queued: { ms: number };
  /** Total budget of the call in ms (without queueing). */
  readonly budgetMs: number;
  readonly timeoutMs: number;
  readonly queueTimeoutMs: number;
  readonly maxResponseBytes: number;
  /** What is left of the time this call may wait for logins: `timeoutMs × (1 + maxRetries)`. */
  loginWaitMs: number;
  readonly errorContext: PbxErrorContext;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

const deadlineOf = (call: CallState): number => call.baseDeadline + call.queued.ms;

type Attempt =
  | { readonly ok: true; readonly response: HttpResponse }
  | {
      readonly ok: false;
      readonly error: PbxError;
      /** Another attempt may succeed and cannot duplicate a write. */
      readonly retryable: boolean;
      /** The server may have acted on the request. */
      readonly maybeApplied: boolean;
      readonly retryAfterMs?: number;
      readonly unauthorizedWith?: Readonly<Record<string, string>>;
    };

export class HttpKernel {
  readonly vendor: string;
  readonly redactor: Redactor;
  readonly #ky: KyInstance;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #deadlineMs: number;
  readonly #queueTimeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #retry: ResolvedRetryOptions;
  readonly #clock: KernelClock;
  #signer: RequestSigner | undefined;
  /** The last signature seen (a session's headers are one object while it lasts) and the ky instance carrying it. */
  #lastSigned: Readonly<Record<string, string>> | undefined;
  #lastKy: KyInstance | undefined;

  readonly #options: HttpKernelOptions;

  constructor(options: HttpKernelOptions) {
    this.#options = options;
    this.vendor = options.vendor;
    this.redactor = options.redactor;
    this.#baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#deadlineMs = options.deadlineMs ?? 60_000;
    this.#queueTimeoutMs = options.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#retry = resolveRetryOptions(options.retry);
    this.#signer = options.signer;
    this.#clock = { now: Date.now, sleep, random: Math.random, ...options.clock };
    this.#ky = ky.create({
      headers: { accept: 'application/json', 'user-agent': options.userAgent ?? 'unipbx' },
      prefixUrl: this.#baseUrl,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      redirect: 'manual',
      ...(options.fetch
        ? { fetch: options.fetch }
        : { hooks: { beforeRequest: [(request: Request, hookOptions: unknown) => sendWithGlobalFetch(request, hookOptions as AttemptOptions)] } }),
    });
  }

  /** Installs the signer (auth is built after the kernel, since logging in uses the kernel). */
  useSigner(signer: RequestSigner): void {
    this.#signer = signer;
  }

  /** The absolute URL of a relative path with its query, as hooks and errors show it. */
  url(path: string, query?: HttpRequest['query']): string {
    return this.#baseUrl + relativeTarget(path, query);
  }

  /**
   * Sends a request: signs it, retries what is safe to retry, and returns the 2xx reply
   * or throws a typed {@link PbxError}.
   */
  async send(request: HttpRequest, ctx: RequestContext = {}): Promise<HttpResponse> {
    const now = this.#clock.now();
    const baseDeadline = ctx.deadlineAt ?? now + this.#deadlineMs;
    const call: CallState = {
      ctx,
      baseDeadline,
      queued: ctx.queued ?? { ms: 0 },
      budgetMs: Math.max(0, baseDeadline - now),
      timeoutMs: ctx.timeoutMs ?? this.#timeoutMs,
      queueTimeoutMs: ctx.queueTimeoutMs ?? this.#queueTimeoutMs,
      maxResponseBytes: ctx.maxResponseBytes ?? this.#maxResponseBytes,
      loginWaitMs: (ctx.timeoutMs ?? this.#timeoutMs) * (this.#retry.maxRetries + 1),
      errorContext: { vendor: this.vendor, operation: request.operation },
    };
    const idempotent = request.idempotent ?? isIdempotentMethod(request.method);
    const target = relativeTarget(request.path, request.query);
    // The URL is only redacted when a hook will see it.
    const url = this.#options.hooks ? this.redactor.text(this.#baseUrl + target) : '';
    const event: RequestEvent = { vendor: this.vendor, operation: request.operation, method: request.method, url, attempt: 0 };
    let retries = 0;
    let lastAttempt = 0;
    let ownRenewals = 0;
    let staleRetries = 0;
    let maybeApplied = false;
    try {
      for (let attempt = 0; ; attempt++) {
        this.#throwIfStopped(call);
        lastAttempt = attempt;
        // The event is only built for hooks to see.
        const result = await this.#attempt(request, target, call, idempotent, this.#options.hooks ? { ...event, attempt } : event);
        if (result.ok) return result.response;
        if (request.deletes && maybeApplied && result.error.code === 'NOT_FOUND') {
          return { status: 204, headers: new Headers(), body: undefined };
        }
        maybeApplied ||= result.maybeApplied;
        if (result.unauthorizedWith && this.#signer) {
          // Decided per session, not per request: a session someone else renewed is simply used.
          const verdict = this.#signer.rejected(result.unauthorizedWith);
          if (verdict === 'retry' && staleRetries++ < MAX_STALE_SESSION_RETRIES) continue;
          if (verdict === true && ownRenewals++ < MAX_OWN_RENEWALS) continue;
        }
        // No limiter call here: the 429 already reached the limiter with its reply (release feedback).
        const delay = this.#retryDelay(result, retries, deadlineOf(call));
        if (delay === undefined) throw this.#finalError(result.error, idempotent, maybeApplied, call.errorContext);
        const reason = result.error.status ? `HTTP ${result.error.status}` : result.error.code;
        this.#emit('onRetry', { ...event, attempt, delayMs: delay, reason });
        await this.#clock.sleep(delay, call.ctx.signal).catch(() => this.#throwIfStopped(call, true));
        retries++;
      }
    } catch (error) {
      // A write that may have reached the server is never reported as a plain failure.
      const final = error instanceof PbxError && !(error instanceof OutcomeUnknownError) && maybeApplied ? this.#finalError(error, idempotent, true, call.errorContext) : error;
      if (final instanceof PbxError) this.#emit('onError', { ...event, attempt: lastAttempt, error: final });
      throw final;
    }
  }

  /** Throws when the caller aborted or the deadline passed (`assumeStopped`: one of them did). */
  #throwIfStopped(call: CallState, assumeStopped = false): void {
    if (call.ctx.signal?.aborted) throw abortedError(call.errorContext);
    if (assumeStopped || this.#clock.now() >= deadlineOf(call)) throw this.#deadlineError(call);
  }

  #deadlineError(call: CallState): TimeoutError {
    return new TimeoutError(`${this.vendor} ${call.errorContext.operation}: overall deadline of ${call.budgetMs} ms exceeded`, call.budgetMs, 'deadline', call.errorContext);
  }

  #retryDelay(result: Extract<Attempt, { ok: false }>, retries: number, deadlineAt: number): number | undefined {
    if (!result.retryable || retries >= this.#retry.maxRetries) return undefined;
    if (result.retryAfterMs !== undefined && result.retryAfterMs > this.#retry.maxRetryAfterMs) return undefined;
    const delay = result.retryAfterMs ?? backoffDelay(retries, this.#retry, this.#clock.random);
    return this.#clock.now() + delay < deadlineAt ? delay : undefined;
  }

  #finalError(error: PbxError, idempotent: boolean, maybeApplied: boolean, errorContext: PbxErrorContext): PbxError {
    if (idempotent || !maybeApplied) return error;
    return new OutcomeUnknownError(
      `${this.vendor} ${errorContext.operation}: the request was sent but no reliable answer came back (${error.code}); the write may have been applied, check before repeating it`,
      { ...errorContext, cause: error, ...(error.status ? { status: error.status } : {}) },
    );
  }

  /**
   * Headers of the current session. Waiting for a login under way is bounded like the call's
   * attempts: at most `timeoutMs × (1 + maxRetries)` in all, and never past the deadline.
   */
  async #sign(call: CallState, signer: RequestSigner): Promise<Readonly<Record<string, string>>> {
    const ready = signer.ready?.();
    if (ready) return ready;
    const remaining = deadlineOf(call) - this.#clock.now();
    const limit = Math.max(0, Math.min(call.loginWaitMs, remaining));
    const phase = phaseSignal(limit, call.ctx.signal);
    const started = this.#clock.now();
    try {
      return await raceSignal(signer.sign(phase.signal), phase.signal);
    } catch (error) {
      if (call.ctx.signal?.aborted) throw abortedError(call.errorContext);
      if (phase.timedOut) {
        if (limit >= remaining) throw this.#deadlineError(call);
        // Nothing was sent: safe to repeat, though the login it waited for may still be slow.
        const waited = (call.ctx.timeoutMs ?? this.#timeoutMs) * (this.#retry.maxRetries + 1);
        throw new TimeoutError(`${this.vendor} ${call.errorContext.operation}: no session within ${waited} ms (the login is still under way)`, call.ctx.timeoutMs ?? this.#timeoutMs, 'attempt', call.errorContext, true);
      }
      throw error;
    } finally {
      phase.clear();
      call.loginWaitMs -= this.#clock.now() - started;
    }
  }

  /** Waits for a throttle slot; the wait is bounded by `queueTimeoutMs` and moves the deadline. */
  async #acquire(call: CallState, limiter: RequestLimiter): Promise<LimiterRelease> {
    const started = this.#clock.now();
    const phase = phaseSignal(call.queueTimeoutMs, call.ctx.signal);
    try {
      return await limiter.acquire(phase.signal);
    } catch (error) {
      if (call.ctx.signal?.aborted) throw abortedError(call.errorContext);
      if (phase.timedOut) {
        throw new QueueTimeoutError(
          `${this.vendor} ${call.errorContext.operation}: waited ${call.queueTimeoutMs} ms for a throttle slot (queueTimeoutMs); nothing was sent`,
          call.queueTimeoutMs,
          call.errorContext,
        );
      }
      throw error;
    } finally {
      phase.clear();
      call.queued.ms += this.#clock.now() - started;
    }
  }

  async #attempt(request: HttpRequest, target: string, call: CallState, idempotent: boolean, event: RequestEvent): Promise<Attempt> {
    const errorContext = call.errorContext;
    // Sign before taking a limiter slot: a login goes through the limiter too, and must never
    // wait for slots held by requests that are themselves waiting for that login.
    // (The waits below run only when needed: a ready session and a free slot cost no timer.)
    let signed = request.anonymous || !this.#signer ? NO_HEADERS : (this.#signer.ready?.() ?? (await this.#sign(call, this.#signer)));
    // A login skips the queue: the requests ahead of it in the queue are waiting for it.
    const limiter = request.anonymous ? undefined : this.#options.limiter;
    let release = limiter ? (limiter.tryAcquire() ?? (await this.#acquire(call, limiter))) : undefined;
    // The session may have changed while we queued: send with the current one; when it is
    // being renewed, give the slot back and wait for the renewal (bounded, like any wait).
    for (let requeued = 0; release && signed !== NO_HEADERS && this.#signer?.ready && requeued < 5; requeued++) {
      const current = this.#signer.ready();
      if (current) {
        signed = current;
        break;
      }
      release();
      release = undefined;
      this.#throwIfStopped(call);
      signed = await this.#sign(call, this.#signer);
      release = limiter!.tryAcquire() ?? (await this.#acquire(call, limiter!));
    }
    const remaining = deadlineOf(call) - this.#clock.now();
    if (remaining <= 0) {
      release?.();
      throw this.#deadlineError(call);
    }
    const budget = Math.min(call.timeoutMs, remaining);
    const phase = phaseSignal(budget, call.ctx.signal);
    const started = this.#clock.now();
    try {
      this.#emit('onRequest', event);
      let response: Response;
      let text: string;
      const options: Options & AttemptOptions = {
        // Each option is one more copy of ky's merged options per request: GET (ky's default) and headers ky already has are left out.
        ...(request.method !== 'GET' ? { method: request.method } : {}),
        ...(request.headers ? { headers: { ...request.headers, ...signed } } : {}),
        ...(this.#options.fetch ? { signal: phase.signal } : { attemptSignal: phase.signal }),
        ...(request.json !== undefined ? { json: request.json } : {}),
      };
      const exchange = async (): Promise<{ response: Response; text: string }> => {
        const response = await this.#kyFor(signed)(target, options);
        release?.({ status: response.status, headers: response.headers }); // the limiter learns the server's rate from replies
        return { response, text: await readBody(response, call.maxResponseBytes, { ...errorContext, status: response.status }, this.vendor) };
      };
      try {
        // Raced as well as passed: a custom `fetch` that ignores the signal must not outlive the timeout.
        ({ response, text } = await raceSignal(exchange(), phase.signal));
      } catch (error) {
        if (error instanceof ResponseTooLargeError) phase.abort(error); // drop the connection, stop the download
        return this.#transportFailure(error, call, phase.timedOut, budget, idempotent);
      }
      const requestId = this.#requestId(response.headers);
      if (this.#options.hooks?.onResponse) this.#emit('onResponse', { ...event, status: response.status, durationMs: this.#clock.now() - started, ...(requestId ? { requestId } : {}) });
      const context: PbxErrorContext = { ...errorContext, status: response.status, ...(requestId ? { requestId } : {}) };
      if (response.status >= 200 && response.status < 300) {
        const parsed = this.#parseBody(text, response.headers.get('content-type'), context, idempotent);
        if (parsed instanceof VendorResponseError) return { ok: false, error: parsed, retryable: idempotent, maybeApplied: true };
        if (signed !== NO_HEADERS) this.#signer?.accepted?.(signed);
        return { ok: true, response: { status: response.status, headers: response.headers, body: parsed, ...(requestId ? { requestId } : {}) } };
      }
      return this.#statusFailure(response, text, signed, idempotent, context);
    } finally {
      phase.clear();
      release?.();
    }
  }

  /**
   * The ky instance that sends with `signed`: one per session, built when the session changes,
   * with the session's headers among its defaults. ky merges an instance's default headers and a
   * call's own on every request (a `Headers` copy each, and more for a `Headers` it was given);
   * a session's requests pass none of their own.
   */
  #kyFor(signed: Readonly<Record<string, string>>): KyInstance {
    if (signed === NO_HEADERS) return this.#ky;
    if (signed !== this.#lastSigned || !this.#lastKy) {
      this.#lastKy = this.#ky.extend({ headers: signed });
      this.#lastSigned = signed;
    }
    return this.#lastKy;
  }

  /** The reply's request id, redacted: it is vendor-controlled text like any other (some proxies put the credential in it). */
  #requestId(headers: Headers): string | undefined {
    for (const name of REQUEST_ID_HEADERS) {
      const value = headers.get(name);
      if (value !== null) return this.redactor.text(value);
    }
    return undefined;
  }

  #statusFailure(
    response: Response,
    text: string,
    signed: Readonly<Record<string, string>>,
    idempotent: boolean,
    context: PbxErrorContext,
  ): Attempt {
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#clock.now());
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const info = status >= 300 && status < 400 ? { message: 'unexpected redirect' } : this.#options.parseError(body, status);
    const redact = (text: string): string => this.redactor.text(text);
    const redactedInfo = info && {
      ...info,
      ...(info.code ? { code: redact(info.code) } : {}),
      ...(info.message ? { message: redact(info.message) } : {}),
      ...(info.fields ? { fields: info.fields.map((f) => ({ field: redact(f.field), message: redact(f.message) })) } : {}),
    };
    const error = errorFromStatus({
      status,
      statusText: response.statusText,
      info: redactedInfo,
      retryAfterMs,
      idempotent,
      context,
      redact,
    });
    // 429 and 408 mean the server did not process the request, so even a create may be repeated.
    const retryable = status === 429 || status === 408 || (idempotent && RETRYABLE_STATUSES.has(status));
    return {
      ok: false,
      error,
      retryable,
      maybeApplied: status >= 500,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(status === 401 && Object.keys(signed).length > 0 ? { unauthorizedWith: signed } : {}),
    };
  }

  #transportFailure(error: unknown, call: CallState, timedOut: boolean, budget: number, idempotent: boolean): Attempt {
    const errorContext = call.errorContext;
    if (error instanceof ResponseTooLargeError) return { ok: false, error, retryable: false, maybeApplied: false };
    if (call.ctx.signal?.aborted) return { ok: false, error: abortedError(errorContext), retryable: false, maybeApplied: true };
    // The attempt's budget was the rest of the call's: past it, it is the deadline.
    if (timedOut && (budget < call.timeoutMs || this.#clock.now() >= deadlineOf(call))) {
      return { ok: false, error: this.#deadlineError(call), retryable: false, maybeApplied: true };
    }
    if (timedOut) {
      const timeout = new TimeoutError(`${this.vendor} ${errorContext.operation}: no reply within ${budget} ms`, budget, 'attempt', errorContext, idempotent);
      return { ok: false, error: timeout, retryable: idempotent, maybeApplied: true };
    }
    if (error instanceof PbxError) return { ok: false, error, retryable: false, maybeApplied: false };
    const code = networkErrorCode(error) ?? 'UNKNOWN';
    const sent = !wasNotSent(code);
    const retryable = !isFinalTransportCode(code) && (idempotent || !sent);
    const cause = Object.assign(new Error(this.redactor.text(`network failure ${code}`)), { code });
    const network = new NetworkError(`${this.vendor} ${errorContext.operation}: network error (${code})`, sent, { ...errorContext, cause }, retryable);
    return { ok: false, error: network, retryable, maybeApplied: sent };
  }

  #parseBody(text: string, contentType: string | null, context: PbxErrorContext, idempotent: boolean): unknown {
    if (!/\S/.test(text)) return undefined; // (trim() would copy the whole body)
    const where = `${this.vendor} ${context.operation}`;
    if (/html/i.test(contentType ?? '') || /^\s*</.test(text)) {
      return new VendorResponseError(`${where}: got an HTML page instead of JSON (HTTP ${context.status})`, [], context, idempotent);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return new VendorResponseError(`${where}: reply is not valid JSON (truncated?)`, [], context, idempotent);
    }
  }

  #emit<K extends keyof ClientHooks>(name: K, event: Parameters<NonNullable<ClientHooks[K]>>[0]): void {
    const hook = this.#options.hooks?.[name] as ((e: typeof event) => void) | undefined;
    if (!hook) return;
    try {
      hook(event);
    } catch {
      // Observability must never break a call.
    }
  }
}

/** `path?query` relative to the base URL, built once per call (ky would build a second `Request` for `searchParams`). */
function relativeTarget(path: string, query: HttpRequest['query']): string {
  const relative = path.replace(/^\/+/, '');
  if (!query) return relative;
  const params = new URLSearchParams();
  for (const key in query) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${relative}?${search}` : relative;
}

/**
 * Reads a reply body as text, at most `limit` bytes: a longer (or never-ending) body fails
 * with {@link ResponseTooLargeError} as soon as it passes the limit, and is cancelled.
 */
async function readBody(response: Response, limit: number, context: PbxErrorContext, vendor: string): Promise<string> {
  const tooLarge = (): ResponseTooLargeError =>
    new ResponseTooLargeError(`${vendor} ${context.operation}: reply larger than maxResponseBytes (${limit} bytes); request smaller pages or raise the limit`, limit, context);
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  // A declared length within the limit bounds the body already (HTTP framing): read it whole.
  if (declared !== null && declared !== '') return response.text();
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (total === 0) return '';
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // as Response.text() does
}
