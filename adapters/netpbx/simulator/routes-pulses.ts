/**
 * Queue pulses: `GET api/v1/queuepulses` (every queue-type group) and
 * `GET api/v1/queuepulses/{groupid}` (the vendor list prints it without the slash). Documented:
 * "only supported for groups with queue". Assumption: any other group id answers 404.
 */
import { notFound } from './errors.js';
import { pulseView } from './format.js';
import { idParam, type Reply, type SimApp } from './http.js';
import type { SimState } from './state.js';

export function pulseRoutes(app: SimApp, state: SimState, reply: Reply): void {
  app.get('/api/v1/queuepulses', (c) => reply(c, [...state.groups.values()].filter((g) => g.queue).map(pulseView)));

  app.get('/api/v1/queuepulses/:groupid', (c) => {
    const group = state.groups.get(idParam(c, 'groupid', 'Group'));
    if (!group) throw notFound('Group not found.');
    if (!group.queue) throw notFound('Queue status information is only supported for groups with queue.');
    return reply(c, pulseView(group));
  });
}
