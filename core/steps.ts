/**
 * Writes made of several vendor requests that cannot be made atomic (a vendor that sets a
 * user's name, email and mobile number through separate endpoints, say). The steps run one
 * after another in a fixed order; when a step fails after an earlier one was applied, the
 * caller gets a `PartialFailureError` that lists the fields applied and the fields not
 * applied — never a half-applied change reported as a plain failure (or as a success).
 */
import { PartialFailureError, isPbxError, type PbxErrorContext } from './errors.js';

const UNSURE_CODES: ReadonlySet<string> = new Set(['TIMEOUT', 'NETWORK_ERROR', 'SERVER_ERROR', 'BAD_RESPONSE', 'OUTCOME_UNKNOWN', 'ABORTED']);

/** One request of a multi-request write. */
export interface WriteStep {
  /** What the step does, for messages (e.g. `PUT …/email`). */
  readonly label: string;
  /** The unified fields this step applies (e.g. `['firstName', 'lastName']`). */
  readonly fields: readonly string[];
  run(): Promise<void>;
}

export interface StepsContext {
  readonly vendor: string;
  readonly operation: string;
  /** Id of the resource the steps change, reported on a partial failure. */
  readonly resourceId?: string;
}

/**
 * Runs `steps` in order and resolves with the fields applied. A failure of the first step is
 * rethrown unchanged (nothing was applied); a later failure becomes `PartialFailureError`
 * with `applied` (fields of the steps that succeeded) and `failed` (fields of the failing
 * step and of the steps not attempted), the failing step's error as `cause`.
 */
export async function applyInOrder(steps: readonly WriteStep[], context: StepsContext): Promise<string[]> {
  const applied: string[] = [];
  for (const [index, step] of steps.entries()) {
    try {
      await step.run();
    } catch (error) {
      if (index === 0) throw error;
      const failedFields = step.fields;
      const notAttempted = steps.slice(index + 1);
      const reason = isPbxError(error) ? error.code : 'an unexpected error';
      // A step that timed out or lost its reply may have been applied after all.
      const unsure = isPbxError(error) && UNSURE_CODES.has(error.code);
      const message =
        `${context.vendor} ${context.operation}: partially applied — ${applied.join(', ')} changed; ` +
        `${step.label} failed (${reason}) so ${failedFields.join(', ')} ${unsure ? 'may not have changed' : 'did not change'}` +
        (notAttempted.length ? `; not attempted: ${notAttempted.map((s) => s.fields.join(', ')).join('; ')}` : '');
      const errorContext: PbxErrorContext = {
        vendor: context.vendor,
        operation: context.operation,
        ...(isPbxError(error) ? { cause: error, ...(error.status !== undefined ? { status: error.status } : {}) } : {}),
      };
      const untried = notAttempted.flatMap((s) => s.fields);
      throw new PartialFailureError(message, [...applied], [...failedFields, ...untried], errorContext, context.resourceId, untried);
    }
    applied.push(...step.fields);
  }
  return applied;
}
