/** `GET /api/tenant/status`: the tenant's figures and the PBX version (what the adapter's version detection reads). */
import type { SimApp } from './http.js';
import type { SimConfig } from './options.js';
import type { SimState } from './state.js';

/** What the simulated PBX reports as its version, per API generation. */
export const SIM_VERSIONS = { '22.0': '22.0.6', '22.3': '22.3.0' } as const;

export function tenantRoutes(app: SimApp, state: SimState, config: SimConfig): void {
  app.get('/api/tenant/status', (c) =>
    c.json({
      version: SIM_VERSIONS[config.apiVersion],
      licensed_users: 1000,
      current_users: state.users.size,
      online_users: 0,
      current_calls: 0,
      current_queues: state.queues.size,
      current_conference_rooms: 0,
      current_ring_groups: 0,
      current_ivrs: 0,
      current_trunks: 0,
      calls_in_24_hours: [],
    }),
  );
}
