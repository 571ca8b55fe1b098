/**
 * VoIPStudio's error body `{message, errors:[{field, message}]}` read into what the kernel
 * needs: the message, and one field issue per entry of `errors`. Tolerated variations: an
 * empty or missing `errors`, entries that are plain strings, and an object of
 * `field -> message | message[]` (a common validation-error layout). VoIPStudio sends no
 * error codes; a `code` is kept when one is there. The HTTP status decides the error class.
 */
import type { FieldIssue } from '../../core/errors.js';
import type { VendorErrorInfo } from '../../core/http/classify.js';
import { WireErrorBody } from './wire.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined);

function fieldIssues(errors: unknown): FieldIssue[] {
  if (Array.isArray(errors)) {
    return errors.flatMap((entry): FieldIssue[] => {
      const plain = text(entry);
      if (plain) return [{ field: '', message: plain }];
      if (entry === null || typeof entry !== 'object') return [];
      const { field, message, property } = entry as Record<string, unknown>;
      const said = text(message);
      return said ? [{ field: text(field) ?? text(property) ?? '', message: said }] : [];
    });
  }
  if (errors !== null && typeof errors === 'object') {
    return Object.entries(errors as Record<string, unknown>).flatMap(([field, value]) =>
      (Array.isArray(value) ? value : [value]).map(text).filter((m): m is string => m !== undefined).map((message) => ({ field, message })),
    );
  }
  return [];
}

export function parseVoipStudioError(body: unknown): VendorErrorInfo | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const parsed = WireErrorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const fields = fieldIssues(parsed.data.errors);
  const said = text(parsed.data.message);
  const details = fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; ');
  const message = said && details ? `${said} (${details})` : (said ?? (details || undefined));
  const code = text(parsed.data.code);
  if (!message && !code) return undefined;
  return { ...(code ? { code } : {}), ...(message ? { message } : {}), ...(fields.length ? { fields } : {}) };
}
