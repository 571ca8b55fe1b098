/**
 * Schemas of what the group and queue operations take (the contact-centre inputs). Apart from
 * `inputs.ts` so that the client's first chunk carries only what users and CDR calls validate:
 * the facade's group and queue writes load these with themselves (docs/performance.md,
 * "Package size"). Each schema is built at its first use, like those in `inputs.ts`.
 */
import * as z from 'zod';
import { GroupKindSchema, SettableAgentStatusSchema } from './enums.js';
import { text } from './input-text.js';
import { ExtensionSchema, IdSchema } from './inputs.js';
import { lazySchema } from './lazy-schema.js';

/** A {@link UserRef}: a user by vendor id or by extension number (group members, queue agents). */
export const UserRefSchema = lazySchema(() =>
  z
    .object({ id: IdSchema.optional(), extension: ExtensionSchema.optional() })
    .refine((ref) => ref.id !== undefined || ref.extension !== undefined, 'give a user id or an extension'),
);

export const GroupCreateInputSchema = lazySchema(() =>
  z.strictObject({
    name: text(64).trim().min(1, 'must not be empty'),
    kind: GroupKindSchema.default('team'),
    description: text(1024).optional(),
  }),
);
export type GroupCreateInput = z.input<typeof GroupCreateInputSchema>;

export const GroupPatchSchema = lazySchema(() =>
  z
    .strictObject({
      name: text(64).trim().min(1, 'must not be empty').optional(),
      description: text(1024).optional(),
    })
    .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'a patch must change at least one field'),
);
export type GroupPatch = z.input<typeof GroupPatchSchema>;

const seconds = (max: number) => z.number().int('must be a whole number of seconds').min(1).max(max);

export const QueueCreateInputSchema = lazySchema(() =>
  z.strictObject({
    name: text(64).trim().min(1, 'must not be empty'),
    /** The queue's own extension number. */
    extension: ExtensionSchema,
    /** The vendor's distribution strategy, as the vendor names it (PortSIP: `RING_SIMULTANEOUSLY`, `LEAST_WORKED_HUNT` …). */
    strategy: text(64).trim().min(1).optional(),
    /** How long an agent's phone rings, in seconds. */
    ringTimeSeconds: seconds(600).optional(),
    /** How long a caller may wait in the queue, in seconds. */
    maxWaitSeconds: seconds(86_400).optional(),
  }),
);
/** What `queues.create` takes. */
export type QueueCreateInput = z.input<typeof QueueCreateInputSchema>;

export const QueuePatchSchema = lazySchema(() =>
  z
    .strictObject({
      name: text(64).trim().min(1, 'must not be empty').optional(),
      strategy: text(64).trim().min(1).optional(),
      ringTimeSeconds: seconds(600).optional(),
      maxWaitSeconds: seconds(86_400).optional(),
    })
    .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'a patch must change at least one field'),
);
/** What `queues.update` takes: only the fields to change. */
export type QueuePatch = z.input<typeof QueuePatchSchema>;

export const AgentOptionsSchema = lazySchema(() =>
  z.strictObject({
    /** Skill level / priority in the queue, 1–100, where the vendor supports one. */
    skillLevel: z.number().int().min(1).max(100).optional(),
  }),
);
export type AgentOptions = z.input<typeof AgentOptionsSchema>;

export { SettableAgentStatusSchema };

export const SetStatusOptionsSchema = lazySchema(() =>
  z.strictObject({
    /** A not-ready reason code (see `queues.notReadyReasons()`); only with status `not_ready`. */
    reason: text(64).trim().min(1, 'must not be empty').optional(),
  }),
);
/** What `queues.setStatus` takes besides the call options. */
export type SetStatusOptions = z.input<typeof SetStatusOptionsSchema>;
