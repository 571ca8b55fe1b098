/**
 * Error replies as ASP.NET Web API writes them (`HttpError`): `{Message}`, plus `ModelState`
 * (`{"request.Email": ["…"]}`) for invalid input. Keys follow the simulator's casing.
 */

export type SimErrorStatus = 400 | 401 | 403 | 404 | 409 | 500;

/** Thrown by any handler or middleware; `app.onError` turns it into the error body. */
export class SimError extends Error {
  constructor(
    readonly status: SimErrorStatus,
    message: string,
    /** Field -> messages, for 400s. */
    readonly modelState?: Readonly<Record<string, readonly string[]>>,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { Message: this.message, ...(this.modelState ? { ModelState: this.modelState } : {}) };
  }
}

/** ASP.NET's message for an invalid model, with the problems by field (`request.<Property>`). */
export const invalid = (modelState: Readonly<Record<string, readonly string[]>>): SimError => new SimError(400, 'The request is invalid.', modelState);
export const notFound = (message: string): SimError => new SimError(404, message);
/** The message ASP.NET's `[Authorize]` answers with. */
export const unauthorized = (): SimError => new SimError(401, 'Authorization has been denied for this request.');
export const forbidden = (message: string): SimError => new SimError(403, message);
export const conflict = (message: string): SimError => new SimError(409, message);
