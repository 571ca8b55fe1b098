/**
 * Fault injection for every vendor simulator (off by default). A simulator runs every
 * request through {@link FaultInjector.handle} right after its request logging (a fetch-level
 * step, so any router can use it; see `SimulatorPlumbing`); a run configures it
 * (rate, kinds, which routes) and reads back what was injected. Faults are the ordinary
 * ways PBX APIs fail: 5xx bursts, throttling, connections reset before or after a write
 * was applied, replies slower than the client's timeout, truncated JSON, proxy HTML pages,
 * sessions expiring mid-sequence, and a request-rate limit.
 *
 * A connection reset cannot be expressed as an HTTP response, so the injector answers
 * with a marker ({@link RESET_HEADER}) that each transport turns into a real failure:
 * `serveApp` destroys the socket, the in-process fetch and the nock bridge reject like
 * undici does (`TypeError('fetch failed')` with `cause.code` `ECONNRESET`).
 */
import { sleep } from '../http/context.js';
import { seededRandom } from './random.js';
import { requestPath } from './record.js';

export const FAULT_KINDS = [
  'http-500',
  'http-502',
  'http-503',
  'rate-limit-retry-after',
  'rate-limit',
  'reset-before',
  'reset-after',
  'delay',
  'truncated-json',
  'html-200',
  'html-502',
  'expire-session',
] as const;

/**
 * - `http-50x`: an error reply in the vendor's format; the request was not applied.
 * - `rate-limit-retry-after` / `rate-limit`: 429 with / without `Retry-After`; not applied.
 * - `reset-before` / `reset-after`: the connection drops before / after the request was applied.
 * - `delay`: the request is applied, the reply comes after `delayMs` (longer than the client timeout).
 * - `truncated-json`: applied, but the reply body is cut in half.
 * - `html-200` / `html-502`: a proxy's HTML page; not applied.
 * - `expire-session`: every session is expired before the request is handled (it gets a 401).
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which requests a rule applies to, and how often. */
export interface FaultRule {
  /** Probability (0–1) that a matching request gets one of `kinds`. */
  readonly rate: number;
  readonly kinds: readonly FaultKind[];
  /** Only these methods (default: all). */
  readonly methods?: readonly string[];
  /** Only paths matching this (default: all). */
  readonly path?: RegExp;
  /** Inject at most this many faults with this rule (default: no limit). */
  readonly times?: number;
}

export interface FaultConfig {
  readonly rules: readonly FaultRule[];
  /** Seed of the fault dice, for reproducible runs. Default 1. */
  readonly seed?: number;
  /** For `delay`: how late the reply comes. Default 1500 ms. */
  readonly delayMs?: number;
  /** For `rate-limit-retry-after`: the `Retry-After` value in seconds. Default 1. */
  readonly retryAfterSeconds?: number;
  /** A request-rate limit: requests beyond this many per second get 429 with `Retry-After: 1`. */
  readonly requestsPerSecond?: number;
}

/** What the injector did so far. */
export interface FaultStats {
  readonly injected: Readonly<Record<FaultKind, number>>;
  /** Requests refused by the request-rate limit. */
  readonly rateLimited: number;
  /** Requests that passed without a fault. */
  readonly passed: number;
}

/** What the injector needs from the vendor simulator. */
export interface FaultHooks {
  /** The vendor's error body for a status (e.g. PortSIP `{errors:[…]}`). */
  errorBody(status: number, message: string): unknown;
  /** Expires every session (the next request with an old token gets 401). */
  expireSessions(): void;
}

/** Header of the marker response that transports turn into a connection reset. */
export const RESET_HEADER = 'x-unipbx-sim-fault';

/**
 * A request carrying this header (any value) is never faulted nor rate-limited. It is for
 * test oracles (the chaos run's verifier) that must read the true state while faults are on;
 * a real PBX knows nothing of it.
 */
export const FAULT_BYPASS_HEADER = 'x-unipbx-sim-no-faults';

const HTML_PAGE = (status: number) =>
  `<!DOCTYPE html><html><head><title>${status} Bad Gateway</title></head><body><h1>${status}</h1><p>upstream unavailable</p><hr>nginx</body></html>`;

const zeroStats = (): Record<FaultKind, number> => Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;

export class FaultInjector {
  private config: FaultConfig | undefined;
  private random: () => number = seededRandom(1);
  private injected = zeroStats();
  private rateLimited = 0;
  private passed = 0;
  private readonly window: number[] = [];
  private readonly used = new Map<FaultRule, number>();

  constructor(
    private readonly hooks: FaultHooks,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sets (or with `undefined`, clears) the faults; resets the statistics. */
  configure(config: FaultConfig | undefined): void {
    this.config = config;
    this.random = seededRandom(config?.seed ?? 1);
    this.injected = zeroStats();
    this.rateLimited = 0;
    this.passed = 0;
    this.window.length = 0;
    this.used.clear();
  }

  get stats(): FaultStats {
    return { injected: { ...this.injected }, rateLimited: this.rateLimited, passed: this.passed };
  }

  /**
   * Runs `request` through the faults: answers it with one, or hands it to `next` (the
   * simulator's routes) and possibly spoils the reply. A pass-through while no faults are configured.
   */
  async handle(request: Request, next: (request: Request) => Promise<Response>): Promise<Response> {
    const config = this.config;
    if (!config || request.headers.has(FAULT_BYPASS_HEADER)) return next(request);
    const json = (status: number, message: string, headers: Record<string, string> = {}) => Response.json(this.hooks.errorBody(status, message), { status, headers });
    if (this.overRateLimit(config)) {
      this.rateLimited++;
      return json(429, 'rate limit exceeded', { 'retry-after': '1' });
    }
    const kind = this.draw(config, request.method, requestPath(request));
    if (!kind) {
      this.passed++;
      return next(request);
    }
    this.injected[kind]++;
    switch (kind) {
      case 'http-500':
      case 'http-502':
      case 'http-503':
        return json(Number(kind.slice(5)), 'injected server error');
      case 'rate-limit-retry-after':
        return json(429, 'too many requests', { 'retry-after': String(config.retryAfterSeconds ?? 1) });
      case 'rate-limit':
        return json(429, 'too many requests');
      case 'html-200':
      case 'html-502': {
        const status = Number(kind.slice(5));
        return new Response(HTML_PAGE(status), { status, headers: { 'content-type': 'text/html; charset=UTF-8' } });
      }
      case 'reset-before':
        return resetMarker();
      case 'expire-session':
        this.hooks.expireSessions();
        return next(request);
      case 'reset-after':
        await next(request);
        return resetMarker();
      case 'delay': {
        const response = await next(request);
        await sleep(config.delayMs ?? 1500);
        return response;
      }
      case 'truncated-json': {
        const response = await next(request);
        const text = await response.text();
        const headers = new Headers(response.headers);
        headers.delete('content-length');
        return new Response(text.slice(0, Math.floor(text.length / 2)), { status: response.status, headers });
      }
    }
  }

  private draw(config: FaultConfig, method: string, path: string): FaultKind | undefined {
    for (const rule of config.rules) {
      if (rule.methods && !rule.methods.includes(method)) continue;
      if (rule.path && !rule.path.test(path)) continue;
      const used = this.used.get(rule) ?? 0;
      if (rule.kinds.length === 0 || (rule.times !== undefined && used >= rule.times) || this.random() >= rule.rate) continue;
      this.used.set(rule, used + 1);
      return rule.kinds[Math.floor(this.random() * rule.kinds.length)];
    }
    return undefined;
  }

  private overRateLimit(config: FaultConfig): boolean {
    if (!config.requestsPerSecond) return false;
    const now = this.now();
    while (this.window.length && (this.window[0] as number) <= now - 1000) this.window.shift();
    if (this.window.length >= config.requestsPerSecond) return true;
    this.window.push(now);
    return false;
  }
}

function resetMarker(): Response {
  return new Response(null, { status: 599, headers: { [RESET_HEADER]: 'reset' } });
}

/** The error undici raises when a connection is reset, as the transports report an injected reset. */
export function connectionResetError(): TypeError {
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }) });
}

/** True when `response` is the marker of an injected connection reset. */
export function isResetMarker(response: Response): boolean {
  return response.headers.get(RESET_HEADER) === 'reset';
}
