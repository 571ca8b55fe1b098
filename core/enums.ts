/**
 * The model's enums that input validation needs too. Apart from `model.ts` so that the
 * client, which validates inputs but never parses with the model's schemas, does not build
 * those at import (a cold-start cost; see docs/performance.md).
 */
import * as z from 'zod';

export const GROUP_KINDS = ['team', 'queue', 'ring', 'other'] as const;
export const GroupKindSchema = z.enum(GROUP_KINDS);

/** Statuses a caller may set with `queues.setStatus` (which ones a vendor accepts is in its capabilities). */
export const SETTABLE_AGENT_STATUSES = ['ready', 'not_ready', 'wrap_up', 'logged_out'] as const;
export const SettableAgentStatusSchema = z.enum(SETTABLE_AGENT_STATUSES);
