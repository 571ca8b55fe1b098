/**
 * What every vendor simulator is built from: the request log (the first step every request
 * passes), the fault injector (the second), and the {@link SimulatorInstance} shape the
 * launcher and the generic tests use. Both steps work on fetch `Request`/`Response`, so a
 * simulator can use any router: wrap a fetch handler with {@link SimulatorPlumbing.wrap}, or
 * put {@link simulatorMiddleware} first in a router with `(context, next)` middleware.
 */
import { FaultInjector, type FaultHooks } from './faults.js';
import { recordRequest, recordedCount, type RecordedRequest } from './record.js';
import type { SimulatorInstance } from './types.js';

/** A fetch-style handler: what a simulator's router answers requests with. */
export type FetchHandlerFunction = (request: Request) => Promise<Response>;

export type SimulatorParts<C> = Pick<SimulatorInstance<C>, 'vendor' | 'handler' | 'basePath' | 'credentials' | 'facts'>;

/** Records `request`, then runs it through `faults` into `next`. A malformed JSON body is answered by `malformed()`. */
export async function handleWithPlumbing(
  requests: RecordedRequest[],
  faults: FaultInjector,
  request: Request,
  next: FetchHandlerFunction,
  malformed: (request: Request) => Response | Promise<Response>,
): Promise<Response> {
  const recorded = await recordRequest(requests, request);
  return faults.handle(request, (req) => (recorded.malformed ? Promise.resolve(malformed(req)) : next(req)));
}

export class SimulatorPlumbing {
  /** The requests received, in order (the newest `REQUEST_LOG_CAP`, secrets masked: record.ts). */
  readonly requests: RecordedRequest[] = [];
  readonly faults: FaultInjector;

  constructor(hooks: FaultHooks, now: () => number = Date.now) {
    this.faults = new FaultInjector(hooks, now);
  }

  /**
   * A fetch handler that records each request and applies the faults before `routes`. Routes
   * read the parsed body with `recordedBody(request)`; a body that is not JSON gets `malformed()`.
   */
  wrap(routes: FetchHandlerFunction, malformed: (request: Request) => Response | Promise<Response>): FetchHandlerFunction {
    return (request) => handleWithPlumbing(this.requests, this.faults, request, routes, malformed);
  }

  /** The generic instance for `parts`, counting requests from the log and exposing the faults. */
  instance<C>(parts: SimulatorParts<C>): SimulatorInstance<C> {
    return { ...parts, requestCount: () => recordedCount(this.requests), faults: this.faults };
  }
}

/** The part of a router's middleware context {@link simulatorMiddleware} uses (Hono's `Context` has it). */
export interface MiddlewareContext {
  readonly req: { readonly raw: Request };
  set(key: 'body', value: unknown): void;
  res: Response;
}

/**
 * The plumbing as the first middleware of a router with `(context, next)` middleware (Hono and
 * the like): records each request, applies the faults, and hands the parsed JSON body to the
 * routes as `context.set('body', …)`. A body that is not JSON throws `malformed()` (the
 * router's error handler answers it in the vendor's format).
 */
export function simulatorMiddleware(
  requests: RecordedRequest[],
  faults: FaultInjector,
  malformed: () => Error,
): (context: MiddlewareContext, next: () => Promise<void>) => Promise<void> {
  return async (context, next) => {
    const request = context.req.raw;
    const recorded = await recordRequest(requests, request);
    const response = await faults.handle(request, async () => {
      if (recorded.malformed) throw malformed();
      context.set('body', recorded.body);
      await next();
      return context.res;
    });
    if (response !== context.res) context.res = response;
  };
}
