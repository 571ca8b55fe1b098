/**
 * VoIPStudio's error replies: `{message, errors:[{field, message}]}`, `errors` empty unless
 * fields are at fault. The messages are the ones its documentation lists per status.
 */

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export type SimErrorStatus = 400 | 401 | 403 | 404 | 500;

/** Thrown by any handler or middleware; `app.onError` turns it into the vendor's error body. */
export class SimError extends Error {
  constructor(
    readonly status: SimErrorStatus,
    message: string,
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message);
  }

  body(): { message: string; errors: FieldProblem[] } {
    return { message: this.message, errors: [...this.problems] };
  }
}

/** 400 with one entry per field at fault. */
export const invalid = (...problems: FieldProblem[]): SimError => new SimError(400, 'Validation error', problems);
export const problem = (field: string, message: string): FieldProblem => ({ field, message });
export const badRequest = (message: string): SimError => new SimError(400, message);
export const unauthorized = (message = 'Unauthorized'): SimError => new SimError(401, message);
export const forbidden = (): SimError => new SimError(403, 'Access denied');
export const notFound = (problems: FieldProblem[] = []): SimError => new SimError(404, 'Resource not found', problems);
