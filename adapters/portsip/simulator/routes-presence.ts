/**
 * Users' live status: `GET /api/users/{id}/status` (v22.0, in the generation's vocabulary) and,
 * as 22.3, `POST /api/users/status/get_many {ids}` (assumed shape, docs/portsip.md).
 */
import { forbidden, notFound } from './errors.js';
import { bodyOf, isAdmin, param, requireAdmin, type SimApp, type SimContext } from './http.js';
import type { SimConfig } from './options.js';
import { keysOf } from './routes-v223.js';
import type { PresenceRecord, SimState, UserRecord } from './state.js';

/** 22.0 names of the 22.3 values: 22.3 replaced AVAILABLE by ONLINE and ON_CALL by OTHER_CALL. */
const PRESENCE_220: Readonly<Record<string, string>> = { ONLINE: 'AVAILABLE', OTHER_CALL: 'ON_CALL' };

function statusView(user: UserRecord, live: PresenceRecord | undefined, generation: SimConfig['apiVersion']) {
  const dnd = user.settings['enable_dnd'] === true;
  const onCall = generation === '22.3' ? 'OTHER_CALL' : 'ON_CALL';
  const presence = live ? (live.on_call ? onCall : live.presence) : 'OFFLINE';
  return {
    status: !live ? 'OFFLINE' : live.on_call ? onCall : 'ONLINE',
    presence: generation === '22.3' ? presence : (PRESENCE_220[presence] ?? presence),
    presence_note: live?.presence_note ?? null,
    registration: live?.registrations ?? [],
    enable_dnd: dnd,
    enable_acb: false,
  };
}

export function presenceRoutes(app: SimApp, state: SimState, config: SimConfig): void {
  const readable = (c: SimContext, user: UserRecord): void => {
    const account = c.get('account');
    // Assumption: a user may read its own status; anyone else's needs an admin.
    if (!isAdmin(account) && account.id !== user.id) throw forbidden();
  };

  app.get('/api/users/:id/status', (c) => {
    const user = state.users.get(param(c, 'id'));
    if (!user) throw notFound('user');
    readable(c, user);
    return c.json(statusView(user, state.presence.get(user.id), config.apiVersion));
  });

  if (config.apiVersion === '22.3') {
    app.post('/api/users/status/get_many', (c) => {
      requireAdmin(c);
      const ids = keysOf(bodyOf<unknown>(c), 'ids', /^[^\s/]{1,64}$/);
      // Unknown ids are left out of the reply.
      const items = ids.flatMap((id) => {
        const user = state.users.get(id);
        return user ? [{ id, ...statusView(user, state.presence.get(id), '22.3') }] : [];
      });
      return c.json({ items });
    });
  }
}
