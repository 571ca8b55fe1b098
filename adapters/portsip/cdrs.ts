/**
 * PortSIP CDRs: tenant-wide `GET /api/cdrs` (Admin / QueueManager), the logged-in user's
 * own `GET /api/user/cdrs`, and one user's calls as a `caller`/`callee` filter on the
 * tenant list. The range `[from, to)` becomes `started_at ge … and started_at lt …`;
 * pages are ordered by `started_at asc` so calls recorded during an export land after it.
 */
import { isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { CdrFilter } from '../../core/inputs.js';
import type { User } from '../../core/model.js';
import { offsetPaging } from '../../core/paging.js';
import type { CdrPort } from '../../core/port.js';
import { extensionOf } from '../../core/refs.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { and, eq, timestamp } from './filter.js';
import { listPage } from './list.js';
import { VENDOR } from './map.js';
import { toCdr } from './map-cdr.js';
import { rawListOf } from './wire.js';
import { WireCdrDetail, WireCdrListItem } from './wire-cdr.js';

const CdrList = rawListOf(WireCdrListItem);
const CdrDetail = keepRaw(WireCdrDetail);

export function portsipCdrs(kernel: HttpKernel, getUser: (id: string, ctx: RequestContext) => Promise<User>): Required<CdrPort> {
  // One user's extension is looked up once per listing, not once per page.
  const extensions = new WeakMap<CdrFilter, Promise<string>>();
  const userClause = async (filter: CdrFilter, ctx: RequestContext): Promise<string | undefined> => {
    const userId = filter.userId;
    if (userId === undefined) return undefined;
    let pending = extensions.get(filter);
    if (!pending) {
      pending = extensionOf({ id: userId }, (id) => getUser(id, ctx), { vendor: VENDOR, operation: 'cdrs.list' });
      extensions.set(filter, pending);
      pending.catch(() => extensions.delete(filter));
    }
    const ext = await pending;
    return `${eq('caller', ext)} or ${eq('callee', ext)}`;
  };

  return {
    async list(filter, page, ctx) {
      // A cursor of another list is refused before the user lookup below sends anything.
      offsetPaging.offset(page.cursor);
      const expression = and(
        filter.from ? `started_at ge ${timestamp(filter.from)}` : undefined,
        filter.to ? `started_at lt ${timestamp(filter.to)}` : undefined,
        await userClause(filter, ctx),
      );
      const collection = filter.scope === 'self' ? 'user/cdrs' : 'cdrs';
      const query = { ...(expression ? { filter: expression } : {}), orderby: 'started_at asc' };
      return listPage(kernel, { operation: 'cdrs.list', path: collection, schema: CdrList, what: 'CDR list', query, map: ({ wire, raw }) => toCdr(wire, raw, wire.id) }, page, ctx);
    },

    async get(id, ctx) {
      const read = async (collection: 'cdrs' | 'user/cdrs') => {
        const request = { operation: 'cdrs.get', method: 'GET' as const, path: collection === 'cdrs' ? path`cdrs/${id}` : path`user/cdrs/${id}` };
        const body = await sendParsed(kernel, request, CdrDetail, ctx, 'CDR');
        const item = Array.isArray(body.wire.items) ? body.wire.items[0] : body.wire.items;
        const rawItems = body.raw['items'];
        const raw = (Array.isArray(rawItems) ? rawItems[0] : rawItems) as Record<string, unknown>;
        return toCdr(item!, raw, id);
      };
      try {
        return await read('cdrs');
      } catch (error) {
        // Non-admin accounts may only read their own records.
        if (!isPbxError(error, 'PERMISSION_DENIED')) throw error;
        return read('user/cdrs');
      }
    },
  };
}
