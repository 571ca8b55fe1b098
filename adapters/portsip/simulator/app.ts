/** The simulator's Hono app: one middleware chain every request enters, then the routes. */
import { Hono } from 'hono';
import type { FaultInjector } from '../../../core/sim/faults.js';
import { SimError, invalid } from './errors.js';
import type { SimApp, SimEnv } from './http.js';
import { simulatorMiddleware } from '../../../core/sim/instance.js';
import type { RecordedRequest } from '../../../core/sim/record.js';
import { authenticate, loginGenerationGate, validateBody } from './middleware.js';
import type { SimConfig } from './options.js';
import { authRoutes } from './routes-auth.js';
import { bulkUserRoutes } from './routes-bulk.js';
import { cdrRoutes } from './routes-cdrs.js';
import { groupRoutes } from './routes-groups.js';
import { queueRoutes } from './routes-queues.js';
import { userRoutes } from './routes-users.js';
import { tenantRoutes } from './routes-tenant.js';
import { presenceRoutes } from './routes-presence.js';
import { roleRoutes } from './routes-roles.js';
import { ringGroupRoutes } from './routes-ring-groups.js';
import { recordingRoutes } from './routes-recordings.js';
import { v223Routes } from './routes-v223.js';
import type { SimState } from './state.js';

export function createApp(state: SimState, config: SimConfig, requests: RecordedRequest[], faults: FaultInjector): SimApp {
  const app = new Hono<SimEnv>();

  // Every request enters here, in this order; injected faults come right after the
  // recording, so they are logged too.
  app.use('*', simulatorMiddleware(requests, faults, () => invalid('the request body is not valid JSON')));
  app.use('*', loginGenerationGate(config.loginGenerations));
  app.use('/api/*', authenticate(state));
  bulkUserRoutes(app); // 22.3 bulk create: before the 22.0 spec's body check (routes-bulk.ts)
  app.use('/api/*', validateBody);

  authRoutes(app, state, config);
  userRoutes(app, state);
  groupRoutes(app, state);
  queueRoutes(app, state, config);
  cdrRoutes(app, state);
  tenantRoutes(app, state, config);
  presenceRoutes(app, state, config);
  roleRoutes(app, state);
  ringGroupRoutes(app, state);
  recordingRoutes(app, state);
  if (config.apiVersion === '22.3') v223Routes(app, state);

  app.notFound((c) => c.json(new SimError(404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`).body(), 404));
  app.onError((error, c) => {
    const failure = error instanceof SimError ? error : new SimError(500, 'UNKNOWN', `internal error: ${error.message}`);
    return c.json(failure.body(), failure.status);
  });
  return app;
}
