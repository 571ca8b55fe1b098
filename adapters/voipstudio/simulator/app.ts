/** The simulator's Hono app: one middleware chain every request enters, then the routes. */
import { Hono } from 'hono';
import type { FaultInjector } from '../../../core/sim/faults.js';
import { simulatorMiddleware } from '../../../core/sim/instance.js';
import type { RecordedRequest } from '../../../core/sim/record.js';
import { SimError, badRequest } from './errors.js';
import { type SimApp, type SimEnv, BASE } from './http.js';
import { authenticate } from './middleware.js';
import type { SimConfig } from './options.js';
import { authRoutes } from './routes-auth.js';
import { cdrRoutes } from './routes-cdrs.js';
import { groupRoutes } from './routes-groups.js';
import { queueRoutes } from './routes-queues.js';
import { userRoutes } from './routes-users.js';
import type { SimState } from './state.js';

export function createApp(state: SimState, config: SimConfig, requests: RecordedRequest[], faults: FaultInjector): SimApp {
  const app = new Hono<SimEnv>();

  // Every request enters here, in this order; injected faults come right after the
  // recording, so they are logged too. `/v1.1/voipstudio` and `/v1.2/voipstudio` share it all.
  app.use('*', simulatorMiddleware(requests, faults, () => badRequest('The request body is not valid JSON.')));
  app.use(`${BASE}/*`, authenticate(state));

  authRoutes(app, state, config);
  userRoutes(app, state);
  groupRoutes(app, state);
  queueRoutes(app, state);
  cdrRoutes(app, state);

  app.notFound((c) => c.json(new SimError(404, 'Resource not found').body(), 404));
  app.onError((error, c) => {
    const failure = error instanceof SimError ? error : new SimError(500, `Internal error: ${error.message}`);
    return c.json(failure.body(), failure.status);
  });
  return app;
}
