/**
 * Turning an unsuccessful HTTP reply into a typed error. The adapter parses its vendor's
 * error body into a {@link VendorErrorInfo}; the status decides the error class unless
 * the adapter overrides it (some vendors answer a failed login with 400, for instance).
 */
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  VendorError,
  type FieldIssue,
  type PbxError,
  type PbxErrorCode,
  type PbxErrorContext,
} from '../errors.js';

/** What an adapter could read from a vendor's error body. */
export interface VendorErrorInfo {
  /** The vendor's error code, e.g. `VALIDATE_FAILED`. */
  readonly code?: string;
  /** The vendor's human-readable message. */
  readonly message?: string;
  /** Field-level problems the vendor reported. */
  readonly fields?: readonly FieldIssue[];
  /** Forces the error class, when the status alone would mislead. */
  readonly classifyAs?: Extract<PbxErrorCode, 'AUTHENTICATION_FAILED' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION_FAILED' | 'RATE_LIMITED'>;
}

/** Adapter hook: read the vendor's error body (any JSON, or undefined when the body was not JSON). */
export type ErrorBodyParser = (body: unknown, status: number) => VendorErrorInfo | undefined;

export interface StatusErrorInput {
  readonly status: number;
  readonly statusText: string;
  readonly info: VendorErrorInfo | undefined;
  readonly retryAfterMs: number | undefined;
  /** Whether repeating the request is safe (decides `retryable` of server errors). */
  readonly idempotent: boolean;
  readonly context: PbxErrorContext;
  /** Applied to the final message. */
  readonly redact: (text: string) => string;
}

/** Builds the typed error for an unsuccessful status. */
export function errorFromStatus(input: StatusErrorInput): PbxError {
  const { status, info, context } = input;
  const ctx: PbxErrorContext = { ...context, status, ...(info?.code ? { vendorCode: info.code } : {}) };
  const detail = info?.message ?? (input.statusText || 'no message');
  const code = info?.code ? ` ${info.code}` : '';
  const message = input.redact(`${context.vendor ?? 'vendor'} ${context.operation ?? 'request'} failed: HTTP ${status}${code}: ${detail}`);
  const kind = info?.classifyAs ?? classifyStatus(status);
  switch (kind) {
    case 'AUTHENTICATION_FAILED':
      return new AuthenticationError(message, ctx);
    case 'PERMISSION_DENIED':
      return new PermissionError(message, ctx);
    case 'NOT_FOUND':
      return new NotFoundError(message, ctx);
    case 'CONFLICT':
      return new ConflictError(message, ctx);
    case 'VALIDATION_FAILED':
      return new ValidationError(message, info?.fields ?? [], 'vendor', ctx);
    case 'RATE_LIMITED':
      return new RateLimitError(message, input.retryAfterMs, ctx);
    case 'TIMEOUT':
      return new TimeoutError(message, 0, 'attempt', ctx, input.idempotent);
    case 'SERVER_ERROR':
      return new ServerError(message, ctx, input.idempotent);
    default:
      return new VendorError(message, ctx);
  }
}

function classifyStatus(status: number): PbxErrorCode {
  if (status === 400 || status === 422) return 'VALIDATION_FAILED';
  if (status === 401) return 'AUTHENTICATION_FAILED';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 404 || status === 410) return 'NOT_FOUND';
  if (status === 409 || status === 412) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 408) return 'TIMEOUT';
  if (status >= 500) return 'SERVER_ERROR';
  return 'VENDOR_ERROR';
}
