/**
 * Request recording for vendor simulators: the first step of a simulator's middleware chain
 * logs every request (method, path, query, parsed JSON body) and hands the parsed body to
 * the routes. Vendor-neutral: the simulator decides how a malformed body is answered.
 */
import type { MiddlewareHandler } from 'hono';

/** A request as received (the body parsed when it is JSON, as text otherwise; secrets included). */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** The Hono variables the recorder sets: the parsed JSON body (undefined when there was none). */
export interface RecordedBodyEnv {
  Variables: { body: unknown };
}

/**
 * Logs each request into `log` and parses its JSON body into `c.get('body')`. A body that is
 * not valid JSON is logged as text, then `malformed()` is thrown (the vendor's 400).
 */
export function recordRequests<E extends RecordedBodyEnv>(log: RecordedRequest[], malformed: () => Error): MiddlewareHandler<E> {
  return async (c, next) => {
    const text = await c.req.text();
    let body: unknown;
    let bad = false;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
        bad = true;
      }
    }
    log.push({ method: c.req.method, path: c.req.path, query: c.req.query(), body });
    if (bad) throw malformed();
    c.set('body', body);
    await next();
  };
}
