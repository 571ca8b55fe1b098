/**
 * NetPBX's error body, ASSUMED to be ASP.NET Web API's `HttpError`: `{Message}`, with
 * `MessageDetail` and `ModelState` (`{"request.Email": ["…"]}`) on validation failures;
 * any key casing. The HTTP status decides the error class.
 */
import { VendorResponseError, isPbxError, type FieldIssue, type PbxError } from '../../core/errors.js';
import type { VendorErrorInfo } from '../../core/http/classify.js';
import { VENDOR } from './map.js';
import { WireError } from './wire.js';

/** `request.MobileNumber` -> `MobileNumber`: ModelState keys are prefixed with the action parameter's name. */
function fieldName(key: string): string {
  return key.replace(/^[a-z][A-Za-z0-9_]*\./, '');
}

export function parseNetPbxError(body: unknown): VendorErrorInfo | undefined {
  const parsed = WireError.safeParse(body);
  if (!parsed.success) return undefined;
  const { Message, MessageDetail, ModelState } = parsed.data;
  const fields: FieldIssue[] = Object.entries(ModelState ?? {}).flatMap(([key, messages]) =>
    (Array.isArray(messages) ? messages : [messages]).map((message) => ({ field: fieldName(key), message })),
  );
  const message = [Message, MessageDetail, ...fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message))]
    .filter((part): part is string => part !== undefined && part !== '')
    .join('; ');
  if (!message && fields.length === 0) return undefined;
  return { ...(message ? { message } : {}), ...(fields.length ? { fields } : {}) };
}

/** The message ASP.NET Web API answers a request with when no route matches it (404). */
const ROUTE_MISS = /No HTTP resource was found that matches the request URI/i;

/** Whether `error` is ASP.NET's 404 for a route the server does not have (not a missing record). */
export function isRouteMiss(error: unknown): error is PbxError {
  return isPbxError(error, 'NOT_FOUND') && ROUTE_MISS.test(error.message);
}

/**
 * The error for a route miss on a fixed route (`users/email`, `queuepulses`): there it cannot
 * mean "no such record", only a wrong base URL or a server without that route.
 */
export function routeMissing(route: string, operation: string, cause: PbxError): VendorResponseError {
  return new VendorResponseError(
    `${VENDOR} ${operation}: the route api/v1/${route} does not exist at this base URL (NetPBX answered 404 "No HTTP resource was found…"); check baseUrl, or this server does not offer the route`,
    [],
    { vendor: VENDOR, operation, status: 404, ...(cause.requestId ? { requestId: cause.requestId } : {}), cause },
  );
}
