/**
 * NetPBX's error body, ASSUMED to be ASP.NET Web API's `HttpError`: `{Message}`, with
 * `MessageDetail` and `ModelState` (`{"request.Email": ["…"]}`) on validation failures;
 * any key casing. The HTTP status decides the error class.
 */
import type { FieldIssue } from '../../core/errors.js';
import type { VendorErrorInfo } from '../../core/http/classify.js';
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
