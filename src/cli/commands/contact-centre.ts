/**
 * Contact-centre commands (issue 12): `roles list`, `users set-role`, `users presence`,
 * `queues create|update|delete`, `queues reasons`, `queues not-ready` (with a reason), `recordings list|download`.
 * They extend the `users` and `queues` commands registered before them (or create them).
 */
import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { NotReadyReason, Recording, Role, UserPresence } from '../../index.js';
import type { Runtime } from '../context.js';
import type { Shape } from '../output.js';
import { integer } from '../parse.js';
import { queueId, requireOperation, userRef, type UserRefOptions } from '../refs.js';
import { QUEUE } from '../records.js';
import { describe, plainRef, userRefOptions } from './groups.js';

const REASON: Shape<NotReadyReason> = {
  columns: [
    { key: 'code', header: 'CODE', value: (r) => r.code },
    { key: 'description', header: 'DESCRIPTION', value: (r) => r.description },
    { key: 'id', header: 'ID', value: (r) => r.id, table: false },
    { key: 'vendor', header: 'VENDOR', value: (r) => r.vendor, table: false },
  ],
};

const PRESENCE: Shape<UserPresence> = {
  columns: [
    { key: 'userId', header: 'USER ID', value: (p) => p.userId },
    { key: 'state', header: 'STATE', value: (p) => p.state },
    { key: 'dnd', header: 'DND', value: (p) => p.dnd },
    { key: 'registeredDevices', header: 'DEVICES', value: (p) => p.registeredDevices },
    { key: 'note', header: 'NOTE', value: (p) => p.note },
    { key: 'vendor', header: 'VENDOR', value: (p) => p.vendor, table: false },
  ],
};

const ROLE: Shape<Role> = {
  columns: [
    { key: 'name', header: 'NAME', value: (r) => r.name },
    { key: 'description', header: 'DESCRIPTION', value: (r) => r.description },
    { key: 'id', header: 'ID', value: (r) => r.id, table: false },
    { key: 'vendor', header: 'VENDOR', value: (r) => r.vendor, table: false },
  ],
};

interface QueueFlags {
  readonly strategy?: string;
  readonly ringTime?: number;
  readonly maxWait?: number;
}

const queueFields = (options: QueueFlags) => ({
  ...(options.strategy !== undefined ? { strategy: options.strategy } : {}),
  ...(options.ringTime !== undefined ? { ringTimeSeconds: options.ringTime } : {}),
  ...(options.maxWait !== undefined ? { maxWaitSeconds: options.maxWait } : {}),
});

const RECORDING: Shape<Recording> = {
  columns: [
    { key: 'id', header: 'ID', value: (r) => r.id },
    { key: 'startedAt', header: 'STARTED (UTC)', value: (r) => r.startedAt },
    { key: 'from', header: 'FROM', value: (r) => r.from },
    { key: 'to', header: 'TO', value: (r) => r.to },
    { key: 'durationSeconds', header: 'SECONDS', value: (r) => r.durationSeconds },
    { key: 'cdrId', header: 'CDR', value: (r) => r.cdrId },
    { key: 'vendor', header: 'VENDOR', value: (r) => r.vendor, table: false },
  ],
};

/** The top-level command `name`, created when no other registration made it. */
function commandNamed(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/** Adds the contact-centre commands to the program. */
export function registerContactCentre(program: Command, rt: Runtime): void {
  const queues = commandNamed(program, 'queues', 'call queues and their agents');
  const users = commandNamed(program, 'users', 'users (extensions)');

  const roles = commandNamed(program, 'roles', 'user roles');
  roles
    .command('list')
    .description('list the user roles configured on the PBX')
    .option('--limit <n>', 'stop after n roles', integer(1, Number.MAX_SAFE_INTEGER))
    .action((options: { limit?: number }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'roles.list');
        await out.list(client.roles.list(rt.call), ROLE, options.limit);
      }),
    );

  users
    .command('set-role')
    .description("change a user's role (`roles list` shows them)")
    .argument('<id>', 'user id')
    .argument('<role>', 'role name')
    .action((id: string, role: string, _options: object, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'users.update');
        const user = await client.users.update(id, { role }, rt.call);
        await out.result(`user ${id} now has role ${user.role ?? role}`, { operation: 'users.update', userId: id, role: user.role ?? role, ok: true });
      }),
    );

  const recordings = commandNamed(program, 'recordings', 'call recordings');
  recordings
    .command('list')
    .description('list call recordings in a time range, or those of one call record (--cdr)')
    .option('--from <date>', 'start of the range (ISO 8601), inclusive')
    .option('--to <date>', 'end of the range (ISO 8601), exclusive')
    .option('--cdr <id>', 'only the recordings of this call record (linked by caller, callee and time)')
    .option('--limit <n>', 'stop after n recordings', integer(1, Number.MAX_SAFE_INTEGER))
    .action((options: { from?: string; to?: string; cdr?: string; limit?: number }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'recordings.list');
        const query = options.cdr !== undefined ? { cdrId: options.cdr } : { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) };
        await out.list(client.recordings.list(query, rt.call), RECORDING, options.limit);
      }),
    );

  recordings
    .command('download')
    .description('download a recording\'s audio to a file (streamed: memory stays bounded)')
    .argument('<id>', 'recording id')
    .requiredOption('--out <file>', 'where to write the audio')
    .action((id: string, options: { out: string }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'recordings.download');
        const content = await client.recordings.download(id, rt.call);
        let bytes = 0;
        const counted = Readable.fromWeb(content.stream as unknown as WebReadableStream<Uint8Array>).on('data', (chunk: Buffer) => (bytes += chunk.length));
        await pipeline(counted, createWriteStream(options.out), rt.call.signal ? { signal: rt.call.signal } : {});
        await out.result(`recording ${id}: ${bytes} bytes written to ${options.out}`, { operation: 'recordings.download', recordingId: id, file: options.out, bytes, ok: true });
      }),
    );

  users
    .command('presence')
    .description('presence of users: available, busy, away, dnd, offline or unknown (all users when no id is given)')
    .argument('[ids...]', 'user ids')
    .action((ids: string[], _options: object, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'users.presence');
        const wanted = ids.length ? ids : (await client.users.list(rt.call).toArray({ max: 1000 })).map((u) => u.id);
        await out.list(wanted.length ? await client.users.presence(wanted, rt.call) : [], PRESENCE);
      }),
    );

  queues
    .command('create')
    .description('create a call queue')
    .requiredOption('--name <name>', 'the queue name')
    .requiredOption('--extension <number>', "the queue's extension number")
    .option('--strategy <name>', "distribution strategy, as the vendor names it (PortSIP: RING_SIMULTANEOUSLY, LEAST_WORKED_HUNT …)")
    .option('--ring-time <seconds>', 'how long an agent rings', integer(1, 600))
    .option('--max-wait <seconds>', 'how long a caller may wait', integer(1, 86_400))
    .action((options: QueueFlags & { name: string; extension: string }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'queues.create');
        await out.item(await client.queues.create({ name: options.name, extension: options.extension, ...queueFields(options) }, rt.call), QUEUE);
      }),
    );

  queues
    .command('update')
    .description('change a call queue (only the options given)')
    .argument('<queue>', 'queue id, extension or name')
    .option('--name <name>', 'the new name')
    .option('--strategy <name>', 'distribution strategy, as the vendor names it')
    .option('--ring-time <seconds>', 'how long an agent rings', integer(1, 600))
    .option('--max-wait <seconds>', 'how long a caller may wait', integer(1, 86_400))
    .action((ref: string, options: QueueFlags & { name?: string }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'queues.update');
        const patch = { ...(options.name !== undefined ? { name: options.name } : {}), ...queueFields(options) };
        await out.item(await client.queues.update(await queueId(client, ref, rt.call), patch, rt.call), QUEUE);
      }),
    );

  queues
    .command('delete')
    .description('delete a call queue')
    .argument('<queue>', 'queue id, extension or name')
    .action((ref: string, _options: object, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'queues.delete');
        const id = await queueId(client, ref, rt.call);
        await client.queues.delete(id, rt.call);
        await out.result(`queue ${ref} deleted`, { operation: 'queues.delete', queueId: id, ok: true });
      }),
    );

  queues
    .command('reasons')
    .description('list the not-ready reasons configured on the PBX')
    .option('--limit <n>', 'stop after n reasons', integer(1, Number.MAX_SAFE_INTEGER))
    .action((options: { limit?: number }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'queues.notReadyReasons');
        await out.list(client.queues.notReadyReasons(rt.call), REASON, options.limit);
      }),
    );

  userRefOptions(
    queues
      .command('not-ready')
      .description('set an agent not ready in a queue, with a reason code (`queues reasons` lists them)')
      .argument('<queue>', 'queue id, extension or name')
      .requiredOption('--reason <code>', 'the not-ready reason code'),
  ).action((ref: string, options: UserRefOptions & { reason: string }, command: Command) =>
    rt.withClient(command, async (client, out) => {
      requireOperation(client, 'queues.setStatus');
      const id = await queueId(client, ref, rt.call);
      const user = await userRef(client, options, rt.call);
      await client.queues.setStatus(id, user, 'not_ready', { ...rt.call, reason: options.reason });
      await out.result(`${describe(user)} is not ready (${options.reason}) in queue ${ref}`, {
        operation: 'queues.setStatus',
        queueId: id,
        ...plainRef(user),
        status: 'not_ready',
        reason: options.reason,
        ok: true,
      });
    }),
  );
}
