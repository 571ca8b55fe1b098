/**
 * VoIPStudio call records: the account's `GET /cdrs`, one user's `GET /users/{id}/cdrs`, and
 * `GET /cdrs/{id}`. The range `[from, to)` becomes `calldate` `gte`/`lte` conditions (see
 * `calldateRange`); pages are ordered by `calldate` ascending so that calls recorded during an
 * export land after it instead of shifting the pages.
 */
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import { pageNumberPaging } from '../../core/paging.js';
import type { CdrPort } from '../../core/port.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { calldateRange, filterParam } from './filter.js';
import { listPage } from './list.js';
import { toCdr } from './map.js';
import { WireCdr, dataOf, listOf } from './wire.js';

const CdrList = listOf(keepRaw(WireCdr));
const CdrReply = dataOf(keepRaw(WireCdr));
const CDR_ORDER = { sort: 'calldate', dir: 'ASC' } as const;

/** `selfId` resolves the id of the user the credentials belong to (for `scope: 'self'`). */
export function voipstudioCdrs(kernel: HttpKernel, selfId: (ctx: RequestContext) => Promise<string>): Required<CdrPort> {
  return {
    async list(filter, page, ctx) {
      // A cursor of another list is refused before `selfId` below may log in or GET /me.
      pageNumberPaging.page(page.cursor);
      const owner = filter.userId ?? (filter.scope === 'self' ? await selfId(ctx) : undefined);
      const collection = owner !== undefined ? path`users/${owner}/cdrs` : 'cdrs';
      const where = filterParam(...calldateRange(filter.from, filter.to));
      return listPage(
        kernel,
        { operation: 'cdrs.list', path: collection, schema: CdrList, what: 'CDR list', filter: where, order: CDR_ORDER, map: ({ wire, raw }) => toCdr(wire, raw) },
        page,
        ctx,
      );
    },

    async get(id, ctx) {
      const { data } = await sendParsed(kernel, { operation: 'cdrs.get', method: 'GET', path: path`cdrs/${id}` }, CdrReply, ctx, 'CDR');
      return toCdr(data.wire, data.raw);
    },
  };
}
