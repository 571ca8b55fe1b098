/** The simulator's Hono app: one middleware chain every request enters, then the routes. */
import { Hono } from 'hono';
import type { FaultInjector } from '../../../core/sim/faults.js';
import { simulatorMiddleware } from '../../../core/sim/instance.js';
import type { RecordedRequest } from '../../../core/sim/record.js';
import { SimError } from './errors.js';
import { withCasing } from './format.js';
import { replier, type SimApp, type SimEnv } from './http.js';
import { authenticate } from './middleware.js';
import type { SimConfig } from './options.js';
import { authRoutes } from './routes-auth.js';
import { groupRoutes } from './routes-groups.js';
import { pulseRoutes } from './routes-pulses.js';
import { userRoutes } from './routes-users.js';
import type { SimState } from './state.js';

export function createApp(state: SimState, config: SimConfig, requests: RecordedRequest[], faults: FaultInjector): SimApp {
  const app = new Hono<SimEnv>();
  const reply = replier(config.casing);

  // Every request enters here, in this order; injected faults come right after the
  // recording, so they are logged too.
  app.use('*', simulatorMiddleware(requests, faults, () => new SimError(400, 'The request body is not valid JSON.')));
  app.use('/api/*', authenticate(state, config.tokenHeader));

  authRoutes(app, state, reply);
  userRoutes(app, state, reply);
  groupRoutes(app, state, reply, config.groupType);
  pulseRoutes(app, state, reply);

  // ASP.NET Web API's answer for a route it does not have.
  app.notFound((c) => c.json(withCasing({ Message: `No HTTP resource was found that matches the request URI '${c.req.url}'.` }, config.casing) as object, 404));
  app.onError((error, c) => {
    const failure = error instanceof SimError ? error : new SimError(500, 'An error has occurred.');
    return c.json(withCasing(failure.body(), config.casing) as object, failure.status);
  });
  return app;
}
