/**
 * The unipbx error hierarchy. Every error the library throws is a {@link PbxError}
 * with a stable {@link PbxErrorCode}; match on `code` (or use {@link isPbxError}),
 * never on message text.
 *
 * Errors never carry request headers, tokens or passwords: messages and details are
 * redacted before an error is built, and `cause` is only ever a sanitised error.
 */

const PBX_ERROR = Symbol.for('unipbx.error');

/** Stable machine-readable error codes. New codes may be added; existing ones never change. */
export type PbxErrorCode =
  | 'AUTHENTICATION_FAILED'
  | 'TWO_FACTOR_REQUIRED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VALIDATION_FAILED'
  | 'RATE_LIMITED'
  | 'BAD_RESPONSE'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'UNSUPPORTED_OPERATION'
  | 'PARTIAL_FAILURE'
  | 'OUTCOME_UNKNOWN'
  | 'RESPONSE_TOO_LARGE'
  | 'SERVER_ERROR'
  | 'VENDOR_ERROR';

/** One field-level problem, from our own validation or from the vendor's reply. */
export interface FieldIssue {
  /** Dotted path of the offending field (`email`, `items.0.extension_number`), empty for the whole input. */
  readonly field: string;
  readonly message: string;
}

/** Context common to every error. */
export interface PbxErrorContext {
  /** Vendor id (`portsip`, `voipstudio`, …) when the error concerns a vendor call. */
  readonly vendor?: string;
  /** Unified operation name, e.g. `users.create`. */
  readonly operation?: string;
  /** HTTP status of the vendor reply, when there was one. */
  readonly status?: number;
  /** Request id from the vendor's reply headers, when it sent one. */
  readonly requestId?: string;
  /** The vendor's own error code (`VALIDATE_FAILED`, …), when it sent one. */
  readonly vendorCode?: string;
  /** A sanitised underlying error. */
  readonly cause?: unknown;
}

/** Base class of every error thrown by unipbx. */
export class PbxError extends Error {
  readonly code: PbxErrorCode;
  declare readonly vendor?: string;
  declare readonly operation?: string;
  declare readonly status?: number;
  declare readonly requestId?: string;
  declare readonly vendorCode?: string;
  /**
   * True when calling the same operation again unchanged is safe (it cannot duplicate a write)
   * and may succeed, e.g. after a timeout of a read or a rate limit.
   */
  readonly retryable: boolean;

  constructor(code: PbxErrorCode, message: string, context: PbxErrorContext = {}, retryable = false) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
    if (context.vendor !== undefined) this.vendor = context.vendor;
    if (context.operation !== undefined) this.operation = context.operation;
    if (context.status !== undefined) this.status = context.status;
    if (context.requestId !== undefined) this.requestId = context.requestId;
    if (context.vendorCode !== undefined) this.vendorCode = context.vendorCode;
    Object.defineProperty(this, PBX_ERROR, { value: true, enumerable: false });
  }

  /** A plain, secret-free representation; what `JSON.stringify(error)` prints. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value !== undefined && key !== 'cause') out[key] = value;
    }
    return out;
  }
}

/**
 * True when `error` is a unipbx error, also when it comes from another copy of the
 * package (the check uses a `Symbol.for` marker, not `instanceof`). Pass `code` to
 * also check the code.
 */
export function isPbxError(error: unknown, code?: PbxErrorCode): error is PbxError {
  const marked =
    typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[PBX_ERROR] === true;
  return marked && (code === undefined || (error as PbxError).code === code);
}

/** Login failed or the session can no longer be renewed (bad credentials, revoked token). */
export class AuthenticationError extends PbxError {
  constructor(message: string, context: PbxErrorContext = {}) {
    super('AUTHENTICATION_FAILED', message, context);
  }
}

/** The vendor wants a second factor; unipbx cannot answer it. `hint` says what to do instead. */
export class TwoFactorRequiredError extends PbxError {
  readonly hint: string;
  constructor(message: string, hint: string, context: PbxErrorContext = {}) {
    super('TWO_FACTOR_REQUIRED', message, context);
    this.hint = hint;
  }
}

/** Authenticated, but not allowed (HTTP 403). */
export class PermissionError extends PbxError {
  constructor(message: string, context: PbxErrorContext = {}) {
    super('PERMISSION_DENIED', message, context);
  }
}

/** The resource does not exist (HTTP 404 or an empty lookup where one was required). */
export class NotFoundError extends PbxError {
  constructor(message: string, context: PbxErrorContext = {}) {
    super('NOT_FOUND', message, context);
  }
}

/** The write conflicts with the resource's current state, or a read-modify-write lost a race. */
export class ConflictError extends PbxError {
  constructor(message: string, context: PbxErrorContext = {}, retryable = false) {
    super('CONFLICT', message, context, retryable);
  }
}

/**
 * The input is invalid. `source: 'client'` means unipbx rejected it before sending anything;
 * `source: 'vendor'` means the vendor rejected it (HTTP 400/422). `issues` names the fields.
 */
export class ValidationError extends PbxError {
  readonly source: 'client' | 'vendor';
  readonly issues: readonly FieldIssue[];
  constructor(message: string, issues: readonly FieldIssue[], source: 'client' | 'vendor', context: PbxErrorContext = {}) {
    super('VALIDATION_FAILED', message, context);
    this.source = source;
    this.issues = issues;
  }
}

/** Throttled. `retryAfterMs` says when trying again makes sense, when the vendor said so. */
export class RateLimitError extends PbxError {
  declare readonly retryAfterMs?: number;
  constructor(message: string, retryAfterMs: number | undefined, context: PbxErrorContext = {}) {
    super('RATE_LIMITED', message, context, true);
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

/** The vendor's reply could not be understood (not JSON, truncated, or missing a field we need). */
export class VendorResponseError extends PbxError {
  readonly issues: readonly FieldIssue[];
  constructor(message: string, issues: readonly FieldIssue[], context: PbxErrorContext = {}, retryable = false) {
    super('BAD_RESPONSE', message, context, retryable);
    this.issues = issues;
  }
}

/** The vendor answered 5xx. */
export class ServerError extends PbxError {
  constructor(message: string, context: PbxErrorContext = {}, retryable = false) {
    super('SERVER_ERROR', message, context, retryable);
  }
}

/** A 4xx reply that fits no other class; `vendorCode` and `status` tell more. */
export class VendorError extends PbxError {
  constructor(message: string, context: PbxErrorContext = {}) {
    super('VENDOR_ERROR', message, context);
  }
}

/** The connection failed (refused, reset, DNS). `sent` says whether the request may have reached the server. */
export class NetworkError extends PbxError {
  readonly sent: boolean;
  constructor(message: string, sent: boolean, context: PbxErrorContext = {}, retryable = false) {
    super('NETWORK_ERROR', message, context, retryable);
    this.sent = sent;
  }
}

/**
 * A time limit expired: `attempt` (the per-attempt `timeoutMs`, also while waiting for a login),
 * `deadline` (the call's overall `deadlineMs`) or `queue` ({@link QueueTimeoutError}).
 */
export class TimeoutError extends PbxError {
  readonly timeoutMs: number;
  readonly kind: 'attempt' | 'deadline' | 'queue';
  constructor(message: string, timeoutMs: number, kind: 'attempt' | 'deadline' | 'queue', context: PbxErrorContext = {}, retryable = false) {
    super('TIMEOUT', message, context, retryable);
    this.timeoutMs = timeoutMs;
    this.kind = kind;
  }
}

/**
 * The call waited longer than `queueTimeoutMs` for a slot of the client's throttle (too many
 * requests in flight or paced). Nothing was sent, so repeating it is safe (`retryable`).
 */
export class QueueTimeoutError extends TimeoutError {
  constructor(message: string, timeoutMs: number, context: PbxErrorContext = {}) {
    super(message, timeoutMs, 'queue', context, true);
  }
}

/**
 * The vendor's reply was larger than `maxResponseBytes` (or never ended); it was cut off
 * while streaming in. Not retryable: the same request would get the same reply. Ask for
 * smaller pages, or raise the limit.
 */
export class ResponseTooLargeError extends PbxError {
  /** The limit that was exceeded, in bytes. */
  readonly maxResponseBytes: number;
  constructor(message: string, maxResponseBytes: number, context: PbxErrorContext = {}) {
    super('RESPONSE_TOO_LARGE', message, context, false);
    this.maxResponseBytes = maxResponseBytes;
  }
}

/** The caller's `AbortSignal` fired. `name` is `AbortError`, as for `fetch`. */
export class AbortedError extends PbxError {
  constructor(message: string, context: PbxErrorContext = {}) {
    super('ABORTED', message, context);
    this.name = 'AbortError';
  }
}

/** The vendor cannot do this operation (see `client.capabilities`). Thrown before any request. */
export class UnsupportedOperationError extends PbxError {
  readonly reason: string;
  constructor(message: string, reason: string, context: PbxErrorContext = {}) {
    super('UNSUPPORTED_OPERATION', message, context);
    this.reason = reason;
  }
}

/**
 * An operation made of several vendor calls stopped half way: `applied` happened, `failed`
 * did not (the failing step's part and, listed again in `notAttempted`, what was never tried).
 */
export class PartialFailureError extends PbxError {
  readonly applied: readonly string[];
  readonly failed: readonly string[];
  /** The part of `failed` that was never attempted because an earlier step failed. */
  readonly notAttempted: readonly string[];
  /** Id of the resource the applied steps created or changed, when there is one. */
  declare readonly resourceId?: string;
  constructor(
    message: string,
    applied: readonly string[],
    failed: readonly string[],
    context: PbxErrorContext = {},
    resourceId?: string,
    notAttempted: readonly string[] = [],
  ) {
    super('PARTIAL_FAILURE', message, context);
    this.applied = applied;
    this.failed = failed;
    this.notAttempted = notAttempted;
    if (resourceId !== undefined) this.resourceId = resourceId;
  }
}

/**
 * A write may or may not have been applied (the connection dropped or timed out after the
 * request was sent, and reconciliation could not tell). Check the resource before retrying.
 */
export class OutcomeUnknownError extends PbxError {
  readonly mayHaveApplied = true;
  constructor(message: string, context: PbxErrorContext = {}) {
    super('OUTCOME_UNKNOWN', message, context);
  }
}
