/**
 * Creating without duplicates. A create is never retried blindly: when its outcome is
 * unknown (connection reset, timeout, 5xx after the request was sent), the resource is
 * looked up by its natural key (extension, email, name); if it is there, the create
 * landed; if not, the create is tried again, a bounded number of times. When even the
 * lookup fails, the caller gets `OutcomeUnknownError`: the write may have been applied.
 */
import { isPbxError, OutcomeUnknownError } from './errors.js';
import type { RequestContext } from './http/context.js';

export interface ReconciledCreate<T> {
  /** Sends the create once. */
  create(ctx: RequestContext): Promise<T>;
  /** Finds the resource by its natural key; null when it does not exist. */
  find(ctx: RequestContext): Promise<T | null>;
  /** Create attempts in all. Default 3. */
  readonly attempts?: number;
}

export async function createReconciled<T>(spec: ReconciledCreate<T>, ctx: RequestContext): Promise<T> {
  const attempts = spec.attempts ?? 3;
  // Set once an attempt's outcome was unknown: from then on, a failure may hide our own write.
  let unknown: OutcomeUnknownError | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await spec.create(ctx);
    } catch (error) {
      if (!isPbxError(error, 'OUTCOME_UNKNOWN')) {
        // A repeat refused as a duplicate may be refused because an earlier attempt landed after all.
        const duplicate = isPbxError(error, 'CONFLICT') || isPbxError(error, 'VALIDATION_FAILED');
        if (unknown && duplicate) {
          const existing = await spec.find(ctx).catch(() => {
            throw unknown; // cannot tell whether the duplicate is ours
          });
          if (existing !== null) return existing;
        }
        throw error;
      }
      unknown = error as OutcomeUnknownError;
    }
    let existing: T | null;
    try {
      existing = await spec.find(ctx);
    } catch {
      throw unknown; // cannot tell whether the create landed
    }
    if (existing !== null) return existing;
    if (attempt >= attempts) throw unknown;
  }
}
