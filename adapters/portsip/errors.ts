/**
 * PortSIP's error body `{errors:[{code, message, detail?}]}` read into what the kernel
 * needs. Unknown codes are kept as `vendorCode` and classified by HTTP status.
 */
import type { FieldIssue } from '../../core/errors.js';
import type { VendorErrorInfo } from '../../core/http/classify.js';
import { WireErrors } from './wire.js';

/** Codes whose meaning the status alone would misrepresent. */
const CLASSIFY: Readonly<Record<string, VendorErrorInfo['classifyAs']>> = {
  // A failed login is answered 400 UNAUTHORIZED.
  UNAUTHORIZED: 'AUTHENTICATION_FAILED',
  VALIDATE_FAILED: 'VALIDATION_FAILED',
  RESOURCE_IN_USE: 'CONFLICT',
};

/** `detail` is unstructured; when it is an object of field -> message, it names the fields. */
function fieldIssues(detail: unknown): FieldIssue[] {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return [];
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, message]) => typeof message === 'string')
    .map(([field, message]) => ({ field, message: message as string }));
}

export function parsePortSipError(body: unknown): VendorErrorInfo | undefined {
  const parsed = WireErrors.safeParse(body);
  if (!parsed.success) return undefined;
  const [first] = parsed.data.errors;
  const code = first?.code;
  const message = parsed.data.errors
    .map((e) => e.message ?? e.code)
    .filter((m): m is string => m !== undefined)
    .join('; ');
  const fields = parsed.data.errors.flatMap((e) => fieldIssues(e.detail));
  const classifyAs = code !== undefined && Object.hasOwn(CLASSIFY, code) ? CLASSIFY[code] : undefined;
  return {
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    ...(fields.length ? { fields } : {}),
    ...(classifyAs ? { classifyAs } : {}),
  };
}
