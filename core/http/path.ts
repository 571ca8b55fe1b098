import { ValidationError } from '../errors.js';

/**
 * Builds a URL path from a template, percent-encoding every interpolated part so that ids
 * like `../x`, `a?b` or `100%` stay one path segment:
 *
 * ```ts
 * path`api/users/${id}/destroy`
 * ```
 *
 * `.` and `..` are refused: URL parsers resolve them as dot segments even when encoded.
 */
export function path(strings: TemplateStringsArray, ...parts: ReadonlyArray<string | number>): string {
  let out = strings[0] ?? '';
  parts.forEach((part, i) => {
    const value = String(part);
    if (value === '' || value === '.' || value === '..') {
      throw new ValidationError(`invalid path parameter ${JSON.stringify(value)}`, [{ field: 'id', message: 'must be a non-empty id other than "." and ".."' }], 'client');
    }
    let encoded: string;
    try {
      encoded = encodeURIComponent(value);
    } catch {
      // A lone UTF-16 surrogate has no UTF-8 form (URIError): a client error, not a crash.
      throw new ValidationError('invalid path parameter: not valid Unicode text', [{ field: 'id', message: 'must be valid Unicode text (no lone surrogates)' }], 'client');
    }
    out += encoded + (strings[i + 1] ?? '');
  });
  return out;
}

/**
 * Checks a caller-supplied relative path for `client.raw.request`: it must stay under the
 * vendor's base URL, so credentials are never sent to another host or path.
 */
export function assertRelativePath(input: string): string {
  // JavaScript callers can pass anything: a non-string is refused like any other bad path.
  const trimmed = typeof input === 'string' ? input.replace(/^\/+/, '') : '';
  const bad =
    trimmed === '' ||
    trimmed.includes('\\') || // URL parsers read `\` as `/` in http URLs
    /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ||
    trimmed.split(/[?#]/)[0]!.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment)) ||
    /[\u0000-\u001f\u007f\s]/.test(trimmed);
  if (bad) {
    throw new ValidationError('raw.request: path must be relative to the vendor base URL, without "..", a scheme or whitespace', [
      { field: 'path', message: 'not a relative path' },
    ], 'client');
  }
  return trimmed;
}
