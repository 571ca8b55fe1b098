/** Acme's JSON as zod schemas (only what the mapping reads; unknown keys are kept) and the mapping to the unified model. */
import * as z from 'zod';
import { idString, keepRaw, optionalText, type User, type VendorErrorInfo } from 'unipbx/adapter-kit';

export const VENDOR = 'acme';

export const WireExtension = z.object({
  id: idString,
  number: z.string(),
  name: z.string(),
  first_name: optionalText,
  last_name: optionalText,
  email: optionalText,
  mobile: optionalText,
  department: optionalText,
  role: optionalText,
  enabled: z.boolean(),
});
export type WireExtension = z.output<typeof WireExtension>;

export const ExtensionReply = keepRaw(WireExtension);
export const ExtensionPage = z.object({ data: z.array(keepRaw(WireExtension)), next: z.string().nullish() });

export function toUser(wire: WireExtension, raw: Record<string, unknown>): User {
  const { id, number: extension, name: displayName, first_name: firstName, last_name: lastName, email, mobile, department, role, enabled } = wire;
  return { id, extension, displayName, firstName, lastName, email, mobile, department, role, enabled, vendor: VENDOR, raw };
}

/** Unified field → Acme field, for writes. */
const FIELDS = { extension: 'number', displayName: 'name', firstName: 'first_name', lastName: 'last_name', email: 'email', mobile: 'mobile', department: 'department', role: 'role', enabled: 'enabled' } as const;

/** The Acme fields for the unified fields given (of a create input or an update patch); others are left out. */
export function toWire(fields: { readonly [K in keyof typeof FIELDS]?: unknown }): Record<string, unknown> {
  return Object.fromEntries(Object.entries(FIELDS).flatMap(([field, wire]) => (fields[field as keyof typeof FIELDS] === undefined ? [] : [[wire, fields[field as keyof typeof FIELDS]]])));
}

/** Acme's error body: `{ "error": { "code": "not_found", "message": "…" } }`. */
const WireError = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }) });
export const parseAcmeError = (body: unknown): VendorErrorInfo | undefined => WireError.safeParse(body).data?.error;
