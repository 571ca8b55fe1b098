/**
 * Request recording for vendor simulators: the first step of a simulator's middleware chain
 * logs every request (method, path, query, parsed JSON body) and hands the parsed body to
 * the routes. Vendor-neutral: the simulator decides how a malformed body is answered.
 *
 * The log is for tests and debugging, so it keeps no secrets and does not grow without
 * bound: secret-named fields of bodies and queries (`password`, `token`, `apiKey`, `pin`, …)
 * are masked with the library's redactor (core/http/redact.ts), and only the newest
 * {@link REQUEST_LOG_CAP} requests are kept (older ones are dropped in batches, so the log
 * holds at most `REQUEST_LOG_CAP + REQUEST_LOG_CAP / 8` entries). {@link recordedCount}
 * counts every request ever recorded.
 */
import type { MiddlewareHandler } from 'hono';
import { maskSecretFields } from '../http/redact.js';

/** A request as received (the body parsed when it is JSON, as text otherwise; secret fields masked). */
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

/** The newest requests the log keeps at least. */
export const REQUEST_LOG_CAP = 10_000;
const TRIM = REQUEST_LOG_CAP / 8;
/** A body that is not JSON is kept up to this many characters. */
const MAX_TEXT_BODY = 2_048;

const totals = new WeakMap<RecordedRequest[], number>();

/** How many requests were recorded into `log` in all (the log itself keeps only the newest). */
export function recordedCount(log: RecordedRequest[]): number {
  return totals.get(log) ?? log.length;
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
    // The routes get the body as sent; the log a copy with secret fields masked.
    const logged = bad ? (text.length > MAX_TEXT_BODY ? `${text.slice(0, MAX_TEXT_BODY)}…` : text) : maskSecretFields(body);
    log.push({ method: c.req.method, path: c.req.path, query: maskSecretFields(c.req.query()), body: logged });
    totals.set(log, (totals.get(log) ?? log.length - 1) + 1);
    if (log.length > REQUEST_LOG_CAP + TRIM) log.splice(0, TRIM);
    if (bad) throw malformed();
    c.set('body', body);
    await next();
  };
}
