/**
 * Request recording for vendor simulators: the first step every request passes logs it
 * (method, path, query, parsed JSON body) and keeps the parsed body for the routes
 * ({@link recordedBody}). Works on plain fetch `Request`s, so any router can use it.
 * Vendor-neutral: the simulator decides how a malformed body is answered.
 *
 * The log is for tests and debugging, so it keeps no secrets and does not grow without
 * bound: secret-named fields of bodies and queries (`password`, `token`, `apiKey`, `pin`, …)
 * are masked with the library's redactor (core/http/redact.ts), and only the newest
 * {@link REQUEST_LOG_CAP} requests are kept (older ones are dropped in batches, so the log
 * holds at most `REQUEST_LOG_CAP + REQUEST_LOG_CAP / 8` entries). {@link recordedCount}
 * counts every request ever recorded.
 */
import { maskSecretFields } from '../http/redact.js';

/** A request as received (the body parsed when it is JSON, as text otherwise; secret fields masked). */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** A recorded request's body: parsed JSON (undefined when there was none), or the text when it was not JSON. */
export interface RecordedBody {
  readonly body: unknown;
  /** True when the body was not valid JSON (the simulator answers its vendor's 400). */
  readonly malformed: boolean;
}

/** Router variables a simulator sets from the recording: the parsed JSON body. */
export interface RecordedBodyEnv {
  Variables: { body: unknown };
}

/** The newest requests the log keeps at least. */
export const REQUEST_LOG_CAP = 10_000;
const TRIM = REQUEST_LOG_CAP / 8;
/** A body that is not JSON is kept up to this many characters. */
const MAX_TEXT_BODY = 2_048;

const totals = new WeakMap<RecordedRequest[], number>();
const bodies = new WeakMap<Request, RecordedBody>();

/** How many requests were recorded into `log` in all (the log itself keeps only the newest). */
export function recordedCount(log: RecordedRequest[]): number {
  return totals.get(log) ?? log.length;
}

/** Logs `request` into `log` and remembers its parsed body (see {@link recordedBody}). The request stays unread. */
export async function recordRequest(log: RecordedRequest[], request: Request): Promise<RecordedBody> {
  const text = request.body === null ? '' : await request.clone().text();
  let recorded: RecordedBody = { body: undefined, malformed: false };
  if (text.trim() !== '') {
    try {
      recorded = { body: JSON.parse(text) as unknown, malformed: false };
    } catch {
      recorded = { body: text, malformed: true };
    }
  }
  const query: Record<string, string> = {};
  for (const [name, value] of new URL(request.url).searchParams) query[name] ??= value;
  // The routes get the body as sent; the log a copy with secret fields masked.
  const logged = recorded.malformed ? (text.length > MAX_TEXT_BODY ? `${text.slice(0, MAX_TEXT_BODY)}…` : text) : maskSecretFields(recorded.body);
  log.push({ method: request.method, path: requestPath(request), query: maskSecretFields(query), body: logged });
  totals.set(log, (totals.get(log) ?? log.length - 1) + 1);
  if (log.length > REQUEST_LOG_CAP + TRIM) log.splice(0, TRIM);
  bodies.set(request, recorded);
  return recorded;
}

/** The body {@link recordRequest} parsed for this request (no body when it was not recorded). */
export function recordedBody(request: Request): RecordedBody {
  return bodies.get(request) ?? { body: undefined, malformed: false };
}

/** The request's path, percent-decoded like routers match it (`%2F` and `%25` stay encoded). */
export function requestPath(request: Request): string {
  const { pathname } = new URL(request.url);
  try {
    return decodeURI(pathname.replace(/%25/g, '%2525'));
  } catch {
    return pathname;
  }
}
