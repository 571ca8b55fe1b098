/**
 * Naming things on the command line. Vendor ids are opaque (and change between PBXs), so
 * groups and queues may be given by id, name or (queues) extension, and users by id,
 * extension or email. Lookups use only operations the vendor supports.
 */
import { UnsupportedOperationError } from '../../core/errors.js';
import type { CallOptions, OperationName, PbxClient, UserRef } from '../index.js';
import { notFoundError, usageError } from './errors.js';

interface Named {
  readonly id: string;
  readonly name: string;
  readonly extension?: string | undefined;
}

function pick<T extends Named>(items: readonly T[], ref: string, what: string, listCommand: string): T {
  const byId = items.find((item) => item.id === ref);
  if (byId) return byId;
  const byExtension = items.filter((item) => item.extension !== undefined && item.extension === ref);
  if (byExtension.length === 1) return byExtension[0]!;
  const byName = items.filter((item) => item.name.toLowerCase() === ref.toLowerCase());
  if (byName.length === 1) return byName[0]!;
  const candidates = byExtension.length > 1 ? byExtension : byName;
  if (candidates.length > 1) {
    throw usageError(`${candidates.length} ${what}s match "${ref}": ${candidates.map((c) => c.id).join(', ')}`, 'give the id instead');
  }
  throw notFoundError(`no ${what} with id${what === 'queue' ? ', extension' : ''} or name "${ref}"`, `\`${listCommand}\` shows them`);
}

/** The id of a group given by id or name (as given when the vendor cannot list groups). */
export async function groupId(client: PbxClient, ref: string, call: CallOptions): Promise<string> {
  if (!client.supports('groups.list')) return ref;
  return pick(await client.groups.list(call).toArray(), ref, 'group', 'unipbx groups list').id;
}

/** The id of a queue given by id, extension or name (as given when the vendor cannot list queues). */
export async function queueId(client: PbxClient, ref: string, call: CallOptions): Promise<string> {
  if (!client.supports('queues.list')) return ref;
  return pick(await client.queues.list(call).toArray(), ref, 'queue', 'unipbx queues list').id;
}

export interface UserRefOptions {
  readonly user?: string;
  readonly extension?: string;
  readonly email?: string;
}

/** The user given with exactly one of `--user <id>`, `--extension <ext>`, `--email <address>`. */
export async function userRef(client: PbxClient, options: UserRefOptions, call: CallOptions): Promise<UserRef> {
  const given = (['user', 'extension', 'email'] as const).filter((key) => options[key] !== undefined);
  if (given.length !== 1) throw usageError('name the user with exactly one of --user <id>, --extension <number>, --email <address>');
  if (options.user !== undefined) return { id: options.user };
  if (options.extension !== undefined) return { extension: options.extension };
  const user = await client.users.findByEmail(options.email!, call);
  if (!user) throw notFoundError(`no user with email ${options.email}`, '`unipbx users list` shows them');
  return user;
}

/**
 * Refuses an operation the vendor cannot do, as the client would (same error and reason),
 * but before the lookups a command makes first.
 */
export function requireOperation(client: PbxClient, operation: OperationName): void {
  const capability = client.capabilities[operation];
  if (capability.support === 'unsupported') {
    throw new UnsupportedOperationError(`${client.vendor} cannot do ${operation}: ${capability.reason}`, capability.reason, { vendor: client.vendor, operation });
  }
}
