/**
 * The vendor-neutral engine of the nock wire tests. A {@link NockScript} is a script of
 * exchanges under nock: each names its exact method, path, decoded query and JSON body (or a
 * check of the body). Every request is recorded; mismatches — query (and a parameter sent
 * twice), body, a JSON body without a JSON content type, the authentication as the vendor
 * layer checks it, whatever else the vendor layer inspects — are collected, answered with HTTP
 * 418 in the vendor's error shape (nothing retries a 418) and reported by
 * {@link NockScript.done}, together with scripted exchanges that never happened and requests
 * nothing expected, so a test fails with a readable diff instead of a network error after
 * retries.
 *
 * The vendor layers (test/support/portsip/wire.ts, test/voipstudio/support/wire.ts,
 * test/netpbx/support/wire.ts) extend it with their path prefix, authentication, error shape,
 * fixtures and conveniences (sign-in, get/post/… helpers).
 */
import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** `nock.disableNetConnect()` for the file, `nock.cleanAll()` after each test. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.emitter.removeAllListeners('no match');
  });
  afterAll(() => nock.enableNetConnect());
}

/** Waits for `promise` to reject and returns the error (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

export type Headers = Readonly<Record<string, string>>;

export interface RecordedRequest {
  readonly method: string;
  /** The full path, as on the wire. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Header names in lower case. */
  readonly headers: Headers;
}

/** What the exchanges of every vendor share. */
export interface ScriptedExchange<R extends RecordedRequest = RecordedRequest, F extends string = string> {
  readonly method: string;
  /** Path below the script's prefix, as on the wire (encoded). */
  readonly path: string;
  /** Exact query, decoded; omitted means no query string at all. */
  readonly query?: Readonly<Record<string, string>>;
  /** Exact JSON body; omitted means no body. Ignored when `bodyCheck` is given. */
  readonly body?: unknown;
  /** Assertions on the parsed body instead of exact equality (throw to fail). */
  readonly bodyCheck?: (body: unknown) => void;
  /** Reply status. Default 200 (204 when there is no reply body and no status). */
  readonly status?: number;
  /** Reply body, a JSON value (see also `fixture`, `respond`, `rawReply`). */
  readonly reply?: unknown;
  /** Reply body: a fixture of the vendor. */
  readonly fixture?: F;
  /** Computes the reply body from the request (e.g. to echo what was sent). */
  readonly respond?: (request: R) => unknown;
  /** A raw reply body sent as is (HTML, truncated JSON…), with `headers` for its content type. */
  readonly rawReply?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Delay of the reply in ms. */
  readonly delayMs?: number;
  /** Fail the request at the transport level with this error instead of replying. */
  readonly error?: unknown;
  /** How many identical requests this exchange answers. Default 1. */
  readonly times?: number;
}

/** A vendor's view of one request (see {@link RequestChecks.inspect}). */
export interface Inspection<R extends RecordedRequest> {
  /** The record of the request (default: the common one). */
  readonly request?: R;
  /** The part of the query compared with the exchange's `query` (default: all of it). */
  readonly query?: Readonly<Record<string, string>>;
  /** Further problems, reported after the common ones. */
  readonly problems?: readonly string[];
}

/** What the vendor layer checks of the requests of one exchange (problems without the `METHOD path: ` prefix). */
export interface RequestChecks<R extends RecordedRequest> {
  readonly auth: (headers: Headers) => string[];
  /** Vendor-specific checks (a decoded parameter, a spec…). */
  readonly inspect?: (request: RecordedRequest) => Inspection<R>;
}

export interface ScriptOptions<F extends string> {
  readonly origin: string;
  /** What every scripted path is below on the wire (`''` when exchanges name full paths). */
  readonly prefix: string;
  /** The body of the 418 answering a mismatch, in the vendor's error shape. */
  readonly mismatch: (message: string) => unknown;
  /** The content type of JSON replies. Default `application/json`. */
  readonly contentType?: string;
  /** Loads a reply fixture. */
  readonly fixture?: (name: F) => unknown;
}

type Rest<E> = Omit<E, 'method' | 'path'>;

/**
 * `ex` for a sign-in: on top of `defaults` (unsigned, the credentials…), answered with
 * fixture `fallback` unless `ex` scripts its own outcome.
 */
export function signInExchange<E extends Rest<ScriptedExchange<never, string>>>(ex: E, defaults: Partial<E>, fallback: NonNullable<E['fixture']>): E {
  const scripted = ex.reply !== undefined || ex.rawReply !== undefined || ex.fixture !== undefined || ex.error !== undefined;
  return { ...defaults, ...(scripted ? {} : { fixture: fallback }), ...ex };
}

const pathOf = (uri: string): string => uri.split('?')[0] ?? uri;

/** A JSON text parsed (a body, a parameter); as is when it is no JSON; `undefined` when empty. */
export function parseJson(raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export abstract class NockScript<M extends string, R extends RecordedRequest = RecordedRequest, F extends string = string> {
  /** Every request answered, in arrival order. */
  readonly requests: R[] = [];
  /** Mismatches found so far. */
  readonly problems: string[] = [];
  readonly origin: string;
  /** The scripted exchanges and how many requests each still expects. */
  private readonly entries = new Map<nock.Interceptor, { label: string; remaining: number }>();
  private readonly scope: nock.Scope;
  private readonly onNoMatch = (req: { method?: string; path?: string; href?: string }): void => {
    // Only this script's origin: a straggler of another test (another origin) is not ours.
    if (req.href !== undefined && !req.href.startsWith(this.origin)) return;
    this.problems.push(`unexpected request: ${req.method ?? '?'} ${req.path ?? req.href ?? '?'}`);
  };

  protected constructor(private readonly options: ScriptOptions<F>) {
    this.origin = options.origin;
    this.scope = nock(options.origin);
    // Counted when nock matches, so transport errors and aborted (delayed) replies count too.
    this.scope.on('request', (_req: unknown, interceptor: nock.Interceptor) => {
      const entry = this.entries.get(interceptor);
      if (entry) entry.remaining--;
    });
    nock.emitter.on('no match', this.onNoMatch);
  }

  /** The full path of a path below the API root. */
  full(path: string): string {
    return `${this.options.prefix}${path}`;
  }

  /** The reply status of `ex`: its own, else 200 (204 when it has no reply body). */
  protected statusOf(ex: ScriptedExchange<R, F>): number {
    return ex.status ?? (ex.reply === undefined && ex.fixture === undefined && ex.rawReply === undefined && ex.respond === undefined ? 204 : 200);
  }

  /** The JSON reply body of `ex` (its fixture, loaded). */
  protected replyOf(ex: Pick<ScriptedExchange<R, F>, 'reply' | 'fixture'>): unknown {
    return ex.fixture !== undefined && this.options.fixture ? this.options.fixture(ex.fixture) : ex.reply;
  }

  /** Expects one exchange (or `times` identical ones), checked by the common checks and `checks`. */
  protected script(ex: ScriptedExchange<R, F>, checks: RequestChecks<R>): this {
    const path = this.full(ex.path);
    const plan = { where: `${ex.method} ${path}`, status: this.statusOf(ex), reply: this.replyOf(ex) };
    const query = ex.query ? `?${new URLSearchParams(ex.query as Record<string, string>).toString()}` : '';
    let interceptor = this.scope.intercept((uri: string) => pathOf(uri) === path, ex.method);
    this.entries.set(interceptor, { label: `${plan.where}${query} -> ${ex.error !== undefined ? 'transport error' : plan.status}`, remaining: ex.times ?? 1 });
    if (ex.times !== undefined) interceptor = interceptor.times(ex.times);
    if (ex.delayMs !== undefined) interceptor = interceptor.delay(ex.delayMs);
    if (ex.error !== undefined) {
      interceptor.replyWithError(ex.error as string);
      return this;
    }
    const script = this;
    interceptor.reply(function (uri: string, rawBody: nock.Body) {
      return script.answer(ex, checks, plan, uri, rawBody, this.req.headers);
    });
    return this;
  }

  private answer(ex: ScriptedExchange<R, F>, checks: RequestChecks<R>, plan: { where: string; status: number; reply: unknown }, uri: string, rawBody: unknown, rawHeaders: Record<string, unknown>): nock.ReplyFnResult {
    const { where, status } = plan;
    const problems: string[] = [];
    const query: Record<string, string> = {};
    for (const [key, value] of new URL(uri, this.origin).searchParams) {
      if (key in query) problems.push(`query parameter ${key} sent twice`);
      query[key] = value;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(rawHeaders)) if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    const body = parseJson(rawBody);
    const common: RecordedRequest = { method: ex.method, path: pathOf(uri), query, body, headers };
    const seen = checks.inspect?.(common) ?? {};
    const recorded = seen.request ?? (common as R);
    this.requests.push(recorded);

    const compared = seen.query ?? query;
    if (!isDeepStrictEqual(compared, { ...ex.query })) problems.push(`query ${JSON.stringify(compared)}, expected ${JSON.stringify(ex.query ?? {})}`);
    if (ex.bodyCheck) {
      try {
        ex.bodyCheck(body);
      } catch (error) {
        problems.push(`body check failed: ${(error as Error).message}`);
      }
    } else if (!isDeepStrictEqual(body, ex.body)) {
      problems.push(`body ${JSON.stringify(body)}, expected ${JSON.stringify(ex.body)}`);
    }
    problems.push(...checks.auth(headers));
    if (body !== undefined && !/^application\/json/.test(headers['content-type'] ?? '')) problems.push(`content-type ${headers['content-type']} for a JSON body`);
    problems.push(...(seen.problems ?? []));

    if (problems.length) {
      const found = problems.map((p) => `${where}: ${p}`);
      this.problems.push(...found);
      return [418, JSON.stringify(this.options.mismatch(found.join(' | '))), { 'content-type': 'application/json' }];
    }
    if (ex.rawReply !== undefined) return [status, ex.rawReply, { ...ex.headers }];
    const out = ex.respond ? ex.respond(recorded) : plan.reply;
    if (out === undefined) return [status, '', { ...ex.headers }];
    return [status, JSON.stringify(out), { 'content-type': this.options.contentType ?? 'application/json', ...ex.headers }];
  }

  /** How many requests hit `method path` (path below the API root). */
  count(method: M, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === this.full(path)).length;
  }

  /** `METHOD path` of every request, in arrival order (path below the API root, with its query). */
  order(): string[] {
    return this.requests.map((r) => {
      const query = new URLSearchParams(r.query as Record<string, string>).toString();
      return `${r.method} ${r.path.slice(this.options.prefix.length)}${query ? `?${query}` : ''}`;
    });
  }

  /** Every scripted exchange happened, and nothing else. */
  done(): void {
    nock.emitter.removeListener('no match', this.onNoMatch);
    if (this.problems.length) throw new Error(`wire mismatches:\n- ${this.problems.join('\n- ')}`);
    const expected = [...this.entries.values()].filter((e) => e.remaining > 0).map((e) => `${e.label} (${e.remaining} more)`);
    const pending = this.scope.pendingMocks();
    if (expected.length || pending.length) throw new Error(`scripted exchanges that never happened:\n- ${(expected.length ? expected : pending).join('\n- ')}`);
  }
}
