/**
 * Request recording for vendor simulators: the first step every request passes logs it
 * (method, path, query, parsed JSON body) and keeps the parsed body for the routes
 * ({@link recordedBody}). Works on plain fetch `Request`s, so any router can use it.
 * Vendor-neutral: the simulator decides how a malformed body is answered.
 */

/** A request as received (the body parsed when it is JSON, as text otherwise; secrets included). */
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

const bodies = new WeakMap<Request, RecordedBody>();

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
  log.push({ method: request.method, path: requestPath(request), query, body: recorded.body });
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
