/** Opaque cursors: a prefix and base64url JSON, checked with a schema; anything else is a client ValidationError. */
import type * as z from 'zod';
import { ValidationError } from '../errors.js';

export function encodeOpaque(prefix: string, value: unknown): string {
  return prefix + Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a cursor of `operation` for `vendor`; the decoded value's `vendorOf` must be `vendor`. */
export function decodeOpaque<S extends z.ZodType>(prefix: string, cursor: string, schema: S, vendor: string, operation: string, vendorOf: (value: z.output<S>) => string): z.output<S> {
  const fail = (why: string): never => {
    throw new ValidationError(`${operation}: invalid cursor (${why})`, [{ field: 'cursor', message: why }], 'client', { vendor, operation });
  };
  if (!cursor.startsWith(prefix)) fail(`not a ${operation} cursor`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor.slice(prefix.length), 'base64url').toString('utf8'));
  } catch {
    return fail('not readable');
  }
  const result = schema.safeParse(parsed);
  if (!result.success) return fail('malformed');
  const owner = vendorOf(result.data);
  if (owner !== vendor) fail(`it belongs to vendor ${owner}`);
  return result.data;
}
