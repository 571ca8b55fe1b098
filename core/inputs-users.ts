/**
 * Schemas of what the user writes and `users.presence` take. Apart from `inputs.ts` so that
 * the client's first chunk carries only what reads validate: the facade's user writes load
 * these with themselves (`client-users.ts`; docs/performance.md, "Package size"). Each schema
 * is built at its first use, like those in `inputs.ts`.
 */
import * as z from 'zod';
import { text } from './input-text.js';
import { E164Schema, EmailSchema, ExtensionSchema, IdSchema, type Returning } from './inputs.js';
import { lazySchema } from './lazy-schema.js';

export const UserCreateInputSchema = lazySchema(() =>
  z.strictObject({
    extension: ExtensionSchema,
    displayName: text(1024).trim().min(1, 'must not be empty'),
    email: EmailSchema,
    username: text(64).trim().min(1).optional(),
    firstName: text(128).optional(),
    lastName: text(128).optional(),
    mobile: E164Schema.optional(),
    role: text(64).min(1).optional(),
    department: text(128).optional(),
    enabled: z.boolean().optional(),
    /** Portal / login password. Vendors that require one get a random one when it is omitted. */
    password: z.string().min(1).max(128).optional(),
    /** SIP registration password. Generated when the vendor requires one and it is omitted. */
    sipPassword: z.string().min(1).max(128).optional(),
    /** Voicemail PIN (digits). Generated when the vendor requires one and it is omitted. */
    voicemailPin: z.string().regex(/^[0-9]{4,10}$/, 'must be 4 to 10 digits').optional(),
  }),
);
/** What `users.create` takes. */
export type UserCreateInput = z.input<typeof UserCreateInputSchema>;

export const UserPatchSchema = lazySchema(() =>
  z
    .strictObject({
      displayName: text(1024).trim().min(1, 'must not be empty').optional(),
      firstName: text(128).optional(),
      lastName: text(128).optional(),
      email: EmailSchema.optional(),
      mobile: E164Schema.optional(),
      enabled: z.boolean().optional(),
      department: text(128).optional(),
      /** A role name from `roles.list()`. */
      role: text(64).trim().min(1, 'must not be empty').optional(),
    })
    .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'a patch must change at least one field'),
);
/** What `users.update` takes: only the fields to change. */
export type UserPatch = z.input<typeof UserPatchSchema>;
export type UserPatchField = keyof UserPatch;

/** `users.presence` ids: 1 to 1000 distinct user ids. */
export const PresenceIdsSchema = lazySchema(() =>
  z
    .array(IdSchema, { error: 'must be an array of user ids' })
    .min(1, 'give at least one user id')
    .max(1000, 'at most 1000 user ids per call')
    .refine((ids) => new Set(ids).size === ids.length, 'user ids must be distinct'),
);

export const ReturningSchema = lazySchema(() => z.enum(['representation', 'none'] as const satisfies readonly Returning[]));
