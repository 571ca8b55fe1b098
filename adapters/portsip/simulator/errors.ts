/** PortSIP's error replies: `{errors:[{code, message}]}` with UPPER_SNAKE codes. */

export type SimErrorCode = 'VALIDATE_FAILED' | 'UNAUTHORIZED' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'UNKNOWN';
export type SimErrorStatus = 400 | 401 | 403 | 404 | 409 | 500;

/** Thrown by any handler or middleware; `app.onError` turns it into the vendor's error body. */
export class SimError extends Error {
  constructor(
    readonly status: SimErrorStatus,
    readonly code: SimErrorCode,
    message: string,
    /** One error entry per problem (validation); the message alone otherwise. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }

  body(): { errors: Array<{ code: SimErrorCode; message: string }> } {
    const messages = this.problems.length ? this.problems : [this.message];
    return { errors: messages.map((message) => ({ code: this.code, message })) };
  }
}

export const invalid = (...problems: string[]): SimError => new SimError(400, 'VALIDATE_FAILED', problems.join('; '), problems);
export const notFound = (what: string): SimError => new SimError(404, 'NOT_FOUND', `${what} not found`);
export const conflict = (message: string): SimError => new SimError(409, 'ALREADY_EXISTS', message);
export const forbidden = (): SimError => new SimError(403, 'PERMISSION_DENIED', 'this account may not perform this operation');
export const unauthorized = (message: string): SimError => new SimError(401, 'UNAUTHORIZED', message);
/** PortSIP answers a refused login (or refresh token) with 400, not 401. */
export const loginRefused = (message: string): SimError => new SimError(400, 'UNAUTHORIZED', message);
