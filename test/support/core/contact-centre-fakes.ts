/** The fake adapter's contact-centre ports (issue 12): each records its call like the others. */
import type { RequestContext } from '../../../core/http/context.js';
import type { NotReadyReason, Role } from '../../../core/model.js';
import { fetchPage, type PageRequest } from '../../../core/paging.js';
import type { PbxAdapter } from '../../../core/port.js';

type Record = (operation: string, ctx: RequestContext, ...args: unknown[]) => void;

const page = <T>(items: readonly T[], request: PageRequest) =>
  fetchPage({ style: 'offset', maxPageSize: 100, defaultPageSize: 2, fetch: async (p) => ({ items: items.slice(p.offset, p.offset + p.size), total: items.length }), map: (x: T) => x }, request);

export function contactCentreFakes(record: Record, vendor: string): Pick<PbxAdapter, 'notReadyReasons' | 'presence' | 'roles' | 'queueAdmin' | 'recordings'> {
  const reasons: NotReadyReason[] = [{ code: 'LUNCH', description: 'Lunch', vendor, raw: {} }];
  const roles: Role[] = [{ name: 'Admin', vendor, raw: {} }];
  return {
    recordings: {
      async list(filter, request, ctx) {
        record('recordings.list', ctx, filter, request);
        return page([{ id: 'r1', from: '1001', to: '1002', startedAt: new Date(0), vendor, raw: {} }], request);
      },
      async download(id, ctx) {
        record('recordings.download', ctx, id);
        return { stream: new Blob([new Uint8Array([1, 2, 3])]).stream() };
      },
    },
    queueAdmin: {
      async create(input, ctx) {
        record('queues.create', ctx, input);
        return { id: 'q2', name: input.name, extension: input.extension, vendor, raw: {} };
      },
      async update(id, changes, ctx) {
        record('queues.update', ctx, id, changes);
        return { id, name: changes.name ?? 'Support', vendor, raw: {} };
      },
      async delete(id, ctx) {
        record('queues.delete', ctx, id);
      },
    },
    roles: {
      async list(request, ctx) {
        record('roles.list', ctx, request);
        return page(roles, request);
      },
    },
    presence: {
      async get(ids, ctx) {
        record('users.presence', ctx, ids);
        return ids.map((userId) => ({ userId, state: 'available' as const, vendor, raw: {} }));
      },
    },
    notReadyReasons: {
      async list(request, ctx) {
        record('queues.notReadyReasons', ctx, request);
        return page(reasons, request);
      },
      async setNotReady(queueId, ref, reason, ctx) {
        record('queues.setStatus', ctx, queueId, ref, 'not_ready', reason);
      },
    },
  };
}
