/**
 * Call queue lifecycle: `POST /api/call_queues` → `{id}`, `POST /api/call_queues/{id}` (changed
 * fields only), `POST /api/call_queues/{id}/destroy` → 204. Creates and updates read the queue
 * back. The extension is the natural key: after an unknown outcome, a create looks the queue
 * up by extension before trying again (as users.create does).
 */
import { createReconciled } from '../../core/create.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { Queue } from '../../core/model.js';
import type { NewQueue, QueueAdminPort, QueueChanges } from '../../core/port.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { eq } from './filter.js';
import { toQueue } from './map-contact-centre.js';
import { WireCreated, listOf } from './wire.js';
import { WireQueue } from './wire-contact-centre.js';

const QueueReply = keepRaw(WireQueue);
const QueueList = listOf(keepRaw(WireQueue));

/** PortSIP requires a strategy on create; the spec's default is used when none is given. */
const DEFAULT_STRATEGY = 'RING_SIMULTANEOUSLY';

/** The body fields of a create or update (names of the v22.0 spec). */
function queueBody(input: QueueChanges): Record<string, unknown> {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.strategy !== undefined ? { polling_strategy: input.strategy } : {}),
    ...(input.ringTimeSeconds !== undefined ? { ring_time: input.ringTimeSeconds } : {}),
    ...(input.maxWaitSeconds !== undefined ? { max_waiting_time: input.maxWaitSeconds } : {}),
  };
}

export function portsipQueueAdmin(kernel: HttpKernel): Required<QueueAdminPort> {
  const read = async (id: string, operation: string, ctx: RequestContext): Promise<Queue> => {
    const { wire, raw } = await sendParsed(kernel, { operation, method: 'GET', path: path`call_queues/${id}` }, QueueReply, ctx, 'queue');
    return toQueue(wire, raw);
  };

  const findByExtension = async (extension: string, ctx: RequestContext): Promise<string | null> => {
    const query = { filter: eq('extension_number', extension), skip: 0, top: 2 };
    const body = await sendParsed(kernel, { operation: 'queues.create', method: 'GET', path: 'call_queues', query }, QueueList, ctx, 'queue list');
    return body.items.find(({ wire }) => wire.extension_number === extension)?.wire.id ?? null;
  };

  return {
    async create(input: NewQueue, ctx) {
      const json = { ...queueBody({ strategy: DEFAULT_STRATEGY, ...input }), extension_number: input.extension };
      const id = await createReconciled(
        {
          create: async (c) => (await sendParsed(kernel, { operation: 'queues.create', method: 'POST', path: 'call_queues', json }, WireCreated, c, 'create reply')).id,
          find: (c) => findByExtension(input.extension, c),
        },
        ctx,
      );
      return read(id, 'queues.create', ctx);
    },

    async update(id, changes, ctx) {
      // Setting fields to given values: safe to repeat.
      await kernel.send({ operation: 'queues.update', method: 'POST', path: path`call_queues/${id}`, json: queueBody(changes), idempotent: true }, ctx);
      return read(id, 'queues.update', ctx);
    },

    async delete(id, ctx) {
      await kernel.send({ operation: 'queues.delete', method: 'POST', path: path`call_queues/${id}/destroy`, idempotent: true, deletes: true }, ctx);
    },
  };
}
