/**
 * PortSIP v22 JSON as it travels, deliberately minimal and tolerant: only the fields the
 * mapping reads are declared, unknown keys are ignored here (`keepRaw` keeps the payload as
 * received for the model's `raw`), enums are plain
 * strings (22.3 added values), and blank values (`null`, `""`) are accepted. The field
 * names are checked against the vendor OpenAPI in `test/portsip/wire-schemas.test.ts`.
 */
import * as z from 'zod';
import { idString, keepRawEach, looseNumber, optionalText } from '../../core/wire.js';

/** `{count, items}` around the array schema `items` (count is the total across pages). */
const envelope = <A extends z.ZodType>(items: A) => z.object({ count: looseNumber.nullish(), items });

/** `{count, items}`: the list envelope (count is the total across pages). */
export const listOf = <T extends z.ZodType>(item: T) => envelope(z.array(item));

/** `listOf(keepRaw(item))`, the items parsed as one array (see `keepRawEach`): for lists read by the thousand. */
export const rawListOf = <T extends z.ZodType>(item: T) => envelope(keepRawEach(item));

/** `{items}` without paging (members, agents). */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item).nullish().transform((v) => v ?? []) });

export const WireUser = z.object({
  id: idString,
  name: optionalText,
  display_name: optionalText,
  email: optionalText,
  extension_number: optionalText,
  mobile_phone: optionalText,
  enabled: z.boolean().nullish(),
  role: optionalText,
  department: optionalText,
});
export type WireUser = z.output<typeof WireUser>;

/** Reply of a create: `201 {id}`. */
export const WireCreated = z.object({ id: idString });

export const WireGroup = z.object({
  id: idString,
  name: z.string(),
  description: optionalText,
});
export type WireGroup = z.output<typeof WireGroup>;

export const WireGroupMember = z.object({
  id: idString.nullish(),
  name: optionalText,
  display_name: optionalText,
  extension_number: z.string().min(1),
});
export type WireGroupMember = z.output<typeof WireGroupMember>;

/** Token replies of `/auth/sign_in`, `/auth/refresh_token` and `/login`. */
export const WireToken = z.object({
  access_token: z.string().min(1),
  refresh_token: optionalText,
  expires_in: looseNumber.nullish(),
  token_type: optionalText,
});

/** `/auth/sign_in` with 2FA enabled. */
export const WireTwoFactor = z.object({ two_factor_enabled: z.literal(true), token: optionalText });

/** PortSIP's 4xx body: `{errors:[{code, message, detail?}]}`. */
export const WireErrors = z.object({
  errors: z.array(z.object({ code: optionalText, message: optionalText, detail: z.unknown().optional() })).min(1),
});
