/**
 * The HTTP kernel every adapter sends through (built on ky). It owns what no adapter
 * should rewrite: base URL, signing, per-attempt timeout + overall deadline + caller's
 * signal, the retry policy, throttling, error classification, redaction and hooks.
 */
import ky, { type KyInstance } from 'ky';
import {
  NetworkError,
  OutcomeUnknownError,
  PbxError,
  TimeoutError,
  VendorResponseError,
  type PbxErrorContext,
} from '../errors.js';
import { errorFromStatus, type ErrorBodyParser } from './classify.js';
import { abortedError, raceSignal, sleep, timeoutSignal, type RequestContext } from './context.js';
import type { RequestLimiter } from './limiter.js';
import type { Redactor } from './redact.js';
import {
  RETRYABLE_STATUSES,
  backoffDelay,
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
  /**
   * A request signed with `headers` got HTTP 401: forget that session. Returns true when
   * signing again can help (a login is possible), false for a static token.
   */
  rejected(headers: Readonly<Record<string, string>>): boolean;
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

/** Everything one public call's requests share. */
interface CallState {
  readonly ctx: RequestContext;
  readonly deadlineAt: number;
  /** Total budget of the call in ms. */
  readonly budgetMs: number;
  readonly deadline: AbortSignal;
  /** Caller's signal and deadline combined. */
  readonly signal: AbortSignal;
  readonly errorContext: PbxErrorContext;
}

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
  private readonly ky: KyInstance;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  private readonly retry: ResolvedRetryOptions;
  private readonly clock: KernelClock;
  private signer: RequestSigner | undefined;

  constructor(private readonly options: HttpKernelOptions) {
    this.vendor = options.vendor;
    this.redactor = options.redactor;
    this.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.deadlineMs = options.deadlineMs ?? 60_000;
    this.retry = resolveRetryOptions(options.retry);
    this.signer = options.signer;
    this.clock = { now: Date.now, sleep, random: Math.random, ...options.clock };
    this.ky = ky.create({
      prefixUrl: this.baseUrl,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      redirect: 'manual',
      headers: { accept: 'application/json', 'user-agent': options.userAgent ?? 'unipbx' },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Installs the signer (auth is built after the kernel, since logging in uses the kernel). */
  useSigner(signer: RequestSigner): void {
    this.signer = signer;
  }

  /** The absolute URL of a relative path with its query, as hooks and errors show it. */
  url(path: string, query?: HttpRequest['query']): string {
    const url = new URL(path.replace(/^\/+/, ''), this.baseUrl);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /**
   * Sends a request: signs it, retries what is safe to retry, and returns the 2xx reply
   * or throws a typed {@link PbxError}.
   */
  async send(request: HttpRequest, ctx: RequestContext = {}): Promise<HttpResponse> {
    const now = this.clock.now();
    const deadlineAt = ctx.deadlineAt ?? now + this.deadlineMs;
    const deadline = timeoutSignal(deadlineAt - now);
    const call: CallState = {
      ctx,
      deadlineAt,
      budgetMs: Math.max(0, deadlineAt - now),
      deadline: deadline.signal,
      signal: ctx.signal ? AbortSignal.any([ctx.signal, deadline.signal]) : deadline.signal,
      errorContext: { vendor: this.vendor, operation: request.operation },
    };
    const idempotent = request.idempotent ?? isIdempotentMethod(request.method);
    // The URL is only built (and redacted) when a hook will see it.
    const url = this.options.hooks ? this.redactor.text(this.url(request.path, request.query)) : '';
    const event = { vendor: this.vendor, operation: request.operation, method: request.method, url };
    let retries = 0;
    let lastAttempt = 0;
    let reauthenticated = false;
    let maybeApplied = false;
    try {
      for (let attempt = 0; ; attempt++) {
        this.throwIfStopped(call);
        lastAttempt = attempt;
        const result = await this.attempt(request, call, idempotent, { ...event, attempt });
        if (result.ok) return result.response;
        if (request.deletes && maybeApplied && result.error.code === 'NOT_FOUND') {
          return { status: 204, headers: new Headers(), body: undefined };
        }
        maybeApplied ||= result.maybeApplied;
        if (result.unauthorizedWith && !reauthenticated && this.signer?.rejected(result.unauthorizedWith)) {
          reauthenticated = true; // one fresh login per call; a second 401 is final
          continue;
        }
        const delay = this.retryDelay(result, retries, deadlineAt);
        if (delay === undefined) throw this.finalError(result, idempotent, call.errorContext);
        const reason = result.error.status ? `HTTP ${result.error.status}` : result.error.code;
        this.emit('onRetry', { ...event, attempt, delayMs: delay, reason });
        await this.clock.sleep(delay, call.signal).catch(() => this.throwIfStopped(call, true));
        retries++;
      }
    } catch (error) {
      if (error instanceof PbxError) this.emit('onError', { ...event, attempt: lastAttempt, error });
      throw error;
    } finally {
      deadline.clear();
    }
  }

  /** Throws when the caller aborted or the deadline passed (`assumeStopped`: one of them did). */
  private throwIfStopped(call: CallState, assumeStopped = false): void {
    if (call.ctx.signal?.aborted) throw abortedError(call.errorContext);
    if (assumeStopped || call.deadline.aborted || this.clock.now() >= call.deadlineAt) {
      throw new TimeoutError(`${this.vendor} ${call.errorContext.operation}: overall deadline of ${call.budgetMs} ms exceeded`, call.budgetMs, 'deadline', call.errorContext);
    }
  }

  private retryDelay(result: Extract<Attempt, { ok: false }>, retries: number, deadlineAt: number): number | undefined {
    if (!result.retryable || retries >= this.retry.maxRetries) return undefined;
    if (result.retryAfterMs !== undefined && result.retryAfterMs > this.retry.maxRetryAfterMs) return undefined;
    const delay = result.retryAfterMs ?? backoffDelay(retries, this.retry, this.clock.random);
    return this.clock.now() + delay < deadlineAt ? delay : undefined;
  }

  private finalError(result: Extract<Attempt, { ok: false }>, idempotent: boolean, errorContext: PbxErrorContext): PbxError {
    if (idempotent || !result.maybeApplied) return result.error;
    return new OutcomeUnknownError(
      `${this.vendor} ${errorContext.operation}: the request was sent but no reliable answer came back (${result.error.code}); the write may have been applied, check before repeating it`,
      { ...errorContext, cause: result.error, ...(result.error.status ? { status: result.error.status } : {}) },
    );
  }

  private async attempt(request: HttpRequest, call: CallState, idempotent: boolean, event: RequestEvent): Promise<Attempt> {
    const errorContext = call.errorContext;
    // Sign before taking a limiter slot: a login goes through the limiter too, and must never
    // wait for slots held by requests that are themselves waiting for that login.
    const signed = request.anonymous || !this.signer ? {} : await this.waitFor(this.signer.sign(call.signal), call);
    const release = this.options.limiter ? await this.waitFor(this.options.limiter.acquire(call.signal), call) : undefined;
    const budget = Math.max(0, Math.min(call.ctx.timeoutMs ?? this.timeoutMs, call.deadlineAt - this.clock.now()));
    const timer = timeoutSignal(budget);
    const signal = AbortSignal.any([call.signal, timer.signal]);
    const started = this.clock.now();
    try {
      this.emit('onRequest', event);
      let response: Response;
      let text: string;
      try {
        // Raced as well as passed: a custom `fetch` that ignores the signal must not outlive the timeout.
        response = await raceSignal(
          this.ky(request.path.replace(/^\/+/, ''), {
            method: request.method,
            headers: { ...request.headers, ...signed },
            signal,
            ...(request.query ? { searchParams: request.query } : {}),
            ...(request.json !== undefined ? { json: request.json } : {}),
          }),
          signal,
        );
        release?.({ status: response.status, headers: response.headers }); // the limiter learns the server's rate from replies
        text = await raceSignal(response.text(), signal);
      } catch (error) {
        return this.transportFailure(error, call, timer.signal, budget, idempotent);
      }
      // A request id is vendor-controlled text like any other (some proxies put the credential in it): redact it.
      const rawRequestId = REQUEST_ID_HEADERS.map((h) => response.headers.get(h)).find((v) => v !== null);
      const requestId = rawRequestId === undefined || rawRequestId === null ? undefined : this.redactor.text(rawRequestId);
      this.emit('onResponse', { ...event, status: response.status, durationMs: this.clock.now() - started, ...(requestId ? { requestId } : {}) });
      const context: PbxErrorContext = { ...errorContext, status: response.status, ...(requestId ? { requestId } : {}) };
      if (response.status >= 200 && response.status < 300) {
        const parsed = this.parseBody(text, response.headers.get('content-type'), context, idempotent);
        if (parsed instanceof VendorResponseError) return { ok: false, error: parsed, retryable: idempotent, maybeApplied: true };
        return { ok: true, response: { status: response.status, headers: response.headers, body: parsed, ...(requestId ? { requestId } : {}) } };
      }
      return this.statusFailure(response, text, signed, idempotent, context);
    } finally {
      timer.clear();
      release?.();
    }
  }

  private statusFailure(
    response: Response,
    text: string,
    signed: Readonly<Record<string, string>>,
    idempotent: boolean,
    context: PbxErrorContext,
  ): Attempt {
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const info = status >= 300 && status < 400 ? { message: 'unexpected redirect' } : this.options.parseError(body, status);
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

  private transportFailure(error: unknown, call: CallState, attemptTimer: AbortSignal, budget: number, idempotent: boolean): Attempt {
    const errorContext = call.errorContext;
    // The attempt timer and the deadline can fire in the same millisecond: past the deadline, it is the deadline.
    if (call.ctx.signal?.aborted || call.deadline.aborted || this.clock.now() >= call.deadlineAt) {
      try {
        this.throwIfStopped(call, true);
      } catch (stopped) {
        return { ok: false, error: stopped as PbxError, retryable: false, maybeApplied: true };
      }
    }
    if (attemptTimer.aborted) {
      const timeout = new TimeoutError(`${this.vendor} ${errorContext.operation}: no reply within ${budget} ms`, budget, 'attempt', errorContext, idempotent);
      return { ok: false, error: timeout, retryable: idempotent, maybeApplied: true };
    }
    if (error instanceof PbxError) return { ok: false, error, retryable: false, maybeApplied: false };
    const code = networkErrorCode(error) ?? 'UNKNOWN';
    const sent = !wasNotSent(code);
    const cause = Object.assign(new Error(this.redactor.text(`network failure ${code}`)), { code });
    const network = new NetworkError(`${this.vendor} ${errorContext.operation}: network error (${code})`, sent, { ...errorContext, cause }, idempotent || !sent);
    return { ok: false, error: network, retryable: idempotent || !sent, maybeApplied: sent };
  }

  private parseBody(text: string, contentType: string | null, context: PbxErrorContext, idempotent: boolean): unknown {
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

  /** Awaits a pre-flight step (throttling, login), turning an abort into the typed error. */
  private async waitFor<T>(promise: Promise<T>, call: CallState): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      if (error instanceof PbxError) throw error;
      this.throwIfStopped(call, call.signal.aborted);
      throw error;
    }
  }

  private emit<K extends keyof ClientHooks>(name: K, event: Parameters<NonNullable<ClientHooks[K]>>[0]): void {
    const hook = this.options.hooks?.[name] as ((e: typeof event) => void) | undefined;
    if (!hook) return;
    try {
      hook(event);
    } catch {
      // Observability must never break a call.
    }
  }
}
