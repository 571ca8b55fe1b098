/**
 * Presence: 22.3 `POST /api/users/status/get_many {ids}` (≤ 100 per request), before 22.3
 * `GET /api/users/{id}/status` per user (4 at a time). Users the PBX does not know are left
 * out (the bulk reply omits them; their single GET answers 404).
 */
import { mapConcurrent } from '../../core/concurrent.js';
import { isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { UserPresence } from '../../core/model.js';
import type { PresencePort } from '../../core/port.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { toPresence } from './map-contact-centre.js';
import { getMany, type PortSipApiGeneration } from './version.js';
import { itemsOf } from './wire.js';
import { WireUserStatus } from './wire-contact-centre.js';
import { WireUserStatusItem, type UserStatusQuery } from './wire-v223.js';

const OPERATION = 'users.presence';
const StatusReply = keepRaw(WireUserStatus);
const StatusList = itemsOf(keepRaw(WireUserStatusItem));
const CONCURRENCY = 4;

export function portsipPresence(kernel: HttpKernel, generation: PortSipApiGeneration): Required<PresencePort> {
  /** 22.3: by id, or undefined when the PBX has no bulk endpoint (its path has no id that could be missing: a 404 is the route's). */
  const bulk = async (ids: readonly string[], ctx: RequestContext): Promise<Map<string, UserPresence> | undefined> => {
    const items = await getMany(ids, generation, async (chunk) => {
      const json: UserStatusQuery = { ids: chunk };
      return (await sendParsed(kernel, { operation: OPERATION, method: 'POST', path: 'users/status/get_many', json, idempotent: true }, StatusList, ctx, 'user statuses')).items;
    });
    return items && new Map(items.map(({ wire, raw }) => [wire.id, toPresence(wire.id, wire, raw)]));
  };

  const single = async (ids: readonly string[], ctx: RequestContext): Promise<UserPresence[]> => {
    const all = await mapConcurrent(ids, CONCURRENCY, async (id) => {
      try {
        const { wire, raw } = await sendParsed(kernel, { operation: OPERATION, method: 'GET', path: path`users/${id}/status` }, StatusReply, ctx, 'user status');
        return toPresence(id, wire, raw);
      } catch (error) {
        if (isPbxError(error, 'NOT_FOUND')) return undefined;
        throw error;
      }
    });
    return all.filter((p): p is UserPresence => p !== undefined);
  };

  return {
    async get(ids, ctx) {
      if (await generation.has223(OPERATION, ctx)) {
        const found = await bulk(ids, ctx);
        if (found) return ids.flatMap((id) => found.get(id) ?? []);
      }
      return single(ids, ctx);
    },
  };
}
