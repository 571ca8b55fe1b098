/**
 * Session handling shared by every adapter: log in lazily, cache the token, renew it
 * before it expires, drop it on a 401, and make sure that any number of concurrent
 * calls cause one login (single flight). Adapters only say how to obtain a session
 * ({@link SessionSource}) and how to put it on a request (the `format` of {@link SessionSigner}).
 */
import { TimeoutError } from '../errors.js';
import { raceSignal, timeoutSignal } from '../http/context.js';
import type { RequestSigner } from '../http/kernel.js';
import type { Redactor } from '../http/redact.js';

/** A logged-in session. */
export interface Session {
  /** The credential sent with requests. */
  readonly token: string;
  /** Epoch ms at which the token expires; undefined when it does not expire (or the vendor does not say). */
  readonly expiresAt?: number;
  /** What renewing needs (a refresh token), when the vendor offers renewal. */
  readonly refreshToken?: string;
  /** Other vendor data tied to the session (e.g. the user id of Basic auth). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** How a vendor obtains a session. */
export interface SessionSource {
  /** Logs in, or renews `previous` when it can. `signal` is the login's own time budget. */
  obtain(previous: Session | undefined, signal: AbortSignal): Promise<Session>;
  /** False for a static token: a rejected session cannot be replaced. */
  readonly renewable: boolean;
}

export interface SessionCacheOptions {
  readonly redactor: Redactor;
  /** Time budget of one login in ms. Default 30000. */
  readonly loginTimeoutMs?: number;
  readonly now?: () => number;
}

// Renew this long before expiry: 60 s, or a tenth of a short lifetime.
const renewalMargin = (lifetimeMs: number): number => Math.min(60_000, lifetimeMs / 10);

export class SessionCache {
  #current: Session | undefined;
  #renewAt = Number.POSITIVE_INFINITY;
  #inflight: Promise<Session> | undefined;
  readonly #now: () => number;
  /** Number of sessions obtained so far (logins and refreshes). */
  obtained = 0;

  readonly #source: SessionSource;
  readonly #options: SessionCacheOptions;

  constructor(source: SessionSource, options: SessionCacheOptions) {
    this.#source = source;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get renewable(): boolean {
    return this.#source.renewable;
  }

  /** The current session, logging in or renewing first when needed. */
  async session(signal: AbortSignal): Promise<Session> {
    if (this.#current && this.#now() < this.#renewAt) return this.#current;
    if (!this.#inflight) {
      const pending = this.#obtain();
      const settle = (): void => {
        if (this.#inflight === pending) this.#inflight = undefined;
      };
      this.#inflight = pending;
      pending.then(settle, settle);
    }
    return raceSignal(this.#inflight, signal);
  }

  /** The current session when it needs no login or renewal now, without waiting. */
  ready(): Session | undefined {
    return this.#current && this.#now() < this.#renewAt ? this.#current : undefined;
  }

  /**
   * Forgets `session` if it is still the current one (a 401 came back for it). Returns false
   * when it was not: someone else already dropped or replaced it.
   */
  invalidate(session: Session): boolean {
    if (this.#current !== session) return false;
    this.#current = undefined;
    this.#renewAt = Number.POSITIVE_INFINITY;
    return true;
  }

  /** The session in use, if any, without logging in. */
  peek(): Session | undefined {
    return this.#current;
  }

  /** Forgets the session (after signing out). */
  clear(): void {
    this.#current = undefined;
  }

  async #obtain(): Promise<Session> {
    const timeoutMs = this.#options.loginTimeoutMs ?? 30_000;
    const budget = timeoutSignal(timeoutMs);
    try {
      const obtainedAt = this.#now();
      const session = await this.#source.obtain(this.#current, budget.signal);
      this.#options.redactor.add(session.token, session.refreshToken);
      this.obtained++;
      this.#current = session;
      this.#renewAt = session.expiresAt === undefined ? Number.POSITIVE_INFINITY : session.expiresAt - renewalMargin(session.expiresAt - obtainedAt);
      return session;
    } catch (error) {
      // The login's own budget ran out: a timeout, not an abort by anyone's caller.
      if (budget.signal.aborted) throw new TimeoutError(`login did not complete within ${timeoutMs} ms`, timeoutMs, 'deadline', { operation: 'login' }, true);
      throw error;
    } finally {
      budget.clear();
    }
  }
}

/** Fresh sessions refused in a row, with no request served in between, before a 401 is final. */
const MAX_REFUSED_FRESH_SESSIONS = 2;

/** Signs requests with the cached session; `format` turns a session into headers. */
export class SessionSigner implements RequestSigner {
  readonly #signedWith = new WeakMap<object, Session>();
  // The headers of the current session, built once (the hot path signs every request).
  #lastSession: Session | undefined;
  #lastHeaders: Readonly<Record<string, string>> | undefined;
  // Sessions that served at least one request: a 401 on them means they expired.
  readonly #proven = new WeakSet<Session>();
  // Sessions in a row refused before serving any request.
  #refusedFresh = 0;

  readonly #cache: SessionCache;
  readonly #format: (session: Session) => Readonly<Record<string, string>>;

  constructor(cache: SessionCache, format: (session: Session) => Readonly<Record<string, string>>) {
    this.#cache = cache;
    this.#format = format;
  }

  async sign(signal: AbortSignal): Promise<Readonly<Record<string, string>>> {
    const session = await this.#cache.session(signal);
    const headers = this.#format(session);
    this.#signedWith.set(headers, session);
    return headers;
  }

  ready(): Readonly<Record<string, string>> | undefined {
    const session = this.#cache.ready();
    if (!session) return undefined;
    let headers = this.#lastHeaders;
    if (this.#lastSession !== session || !headers) {
      headers = this.#format(session);
      this.#signedWith.set(headers, session);
      this.#lastSession = session;
      this.#lastHeaders = headers;
    }
    return headers;
  }

  accepted(headers: Readonly<Record<string, string>>): void {
    const session = headers === this.#lastHeaders ? this.#lastSession : this.#signedWith.get(headers);
    if (session && !this.#proven.has(session)) {
      this.#proven.add(session);
      this.#refusedFresh = 0;
    }
  }

  rejected(headers: Readonly<Record<string, string>>): boolean | 'retry' {
    if (!this.#cache.renewable) return false;
    const session = this.#signedWith.get(headers);
    if (!session) return true;
    // Decided per session generation, not per request: only the first request to see a
    // session refused drops it; the others repeat with whatever session is current by then.
    const mine = this.#cache.invalidate(session);
    const fresh = !this.#proven.has(session);
    if (mine && fresh) this.#refusedFresh++;
    // Fresh sessions refused again and again (no request has worked since): the server takes
    // the login but not its sessions. Repeating cannot help; fail instead of logging in forever.
    if (this.#refusedFresh >= MAX_REFUSED_FRESH_SESSIONS) return false;
    return mine && fresh ? true : 'retry';
  }
}

/**
 * A session source for a fixed token (an API key or a token obtained elsewhere), never
 * renewed; `attributes` carry what signing needs besides the token (e.g. a user id).
 */
export function staticSession(token: string, attributes?: Session['attributes']): SessionSource {
  const session: Session = { token, ...(attributes ? { attributes } : {}) };
  return { renewable: false, obtain: async () => session };
}
