/**
 * `pbx.bulk` as the facade builds it: the same {@link BulkApi}, whose runner (`api.ts`,
 * `run.ts`) is loaded at the first iteration or `collect()`, so that a client that never
 * runs bulk writes neither loads nor bundles into its first chunk. A bulk run validates
 * nothing before it is iterated, so the caller sees no difference.
 */
import type { PbxClient } from '../client.js';
import type { PbxAdapter } from '../port.js';
import type { BulkApi } from './api.js';
import type { BulkRun } from './run.js';

/** The bulk API of a client, loaded at first use (once per client). */
export function lazyBulkApi(client: Omit<PbxClient, 'bulk'>, adapter: PbxAdapter): BulkApi {
  let loaded: Promise<BulkApi> | undefined;
  const api = (): Promise<BulkApi> => (loaded ??= import('./api.js').then(({ createBulkApi }) => createBulkApi(client, adapter)));
  /** A run that starts `start` on the loaded API each time it is iterated or collected, as `runBulk`'s runs do. */
  const deferred = <I, R>(start: (bulk: BulkApi) => BulkRun<I, R>): BulkRun<I, R> => ({
    async *[Symbol.asyncIterator]() {
      yield* start(await api());
    },
    collect: async () => start(await api()).collect(),
  });
  return {
    users: {
      create: (items, options) => deferred((bulk) => bulk.users.create(items, options)),
      update: (items, options) => deferred((bulk) => bulk.users.update(items, options)),
      delete: (ids, options) => deferred((bulk) => bulk.users.delete(ids, options)),
    },
    groups: {
      members: {
        add: (items, options) => deferred((bulk) => bulk.groups.members.add(items, options)),
        remove: (items, options) => deferred((bulk) => bulk.groups.members.remove(items, options)),
      },
    },
    queues: {
      addAgents: (items, options) => deferred((bulk) => bulk.queues.addAgents(items, options)),
      removeAgents: (items, options) => deferred((bulk) => bulk.queues.removeAgents(items, options)),
    },
  };
}
