/**
 * `unipbx watch`: change events as they happen (`pbx.watch`), printed as lines or NDJSON, or
 * posted to a webhook (Standard Webhooks signatures, retries, a durable outbox on disk).
 * With `--state` the watch cursor is kept in a file (written atomically after each event is
 * printed or in the outbox), so a restart continues where it stopped.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { WatchEvent } from '../../../core/watch/types.js';
import { requirePeers } from '../../peers.js';
import type { Runtime } from '../context.js';
import { registerSecret, usageError } from '../errors.js';
import { toJsonRecord } from '../../../core/json-record.js';
import { cell } from '../output.js';
import { integer } from '../parse.js';

interface WatchCliOptions {
  readonly users?: boolean;
  readonly groups?: boolean;
  readonly queues?: boolean;
  readonly cdrs?: boolean;
  readonly intervalMs?: number;
  readonly state?: string;
  readonly webhook?: string;
  readonly secret?: string;
  readonly outbox?: string;
  readonly maxPolls?: number;
}

/** One line per event for people. */
function describe(event: WatchEvent): string {
  const who = (e: { displayName?: string | undefined; extension?: string | undefined; userId?: string | undefined }) => [e.displayName, e.extension ?? e.userId].filter(Boolean).join(' ');
  switch (event.type) {
    case 'user.created':
    case 'user.deleted':
      return who(event.entity);
    case 'user.updated':
      return `${who(event.entity)}: ${Object.entries(event.changes).map(([field, c]) => `${field} ${cell(c.from) || '∅'} → ${cell(c.to) || '∅'}`).join(', ')}`;
    case 'group.member_added':
    case 'group.member_removed':
      return `${who(event.entity)} in ${event.group.name}`;
    case 'cdr.created':
      return `${event.entity.from.number} → ${event.entity.to.number} ${event.entity.disposition} ${event.entity.durationSeconds} s (started ${cell(event.entity.startedAt)})`;
    default:
      return `${who(event.entity)} in ${event.queue.name}: ${event.entity.loggedIn ? event.entity.status : 'logged out'}${event.previous ? ` (was ${event.previous.loggedIn ? event.previous.status : 'logged out'})` : ''}`;
  }
}

/** The event as JSON shows it (and webhooks carry it): no cursor, no vendor payload unless --raw. */
function payload(event: WatchEvent, keepRaw: boolean): Record<string, unknown> {
  const { cursor: _cursor, ...rest } = event;
  return toJsonRecord(rest, { raw: keepRaw }) as Record<string, unknown>;
}

export function registerWatch(program: Command, rt: Runtime): void {
  program
    .command('watch')
    .description('print change events as they happen (users, group members, queue agents, new call records); Ctrl-C stops')
    .option('--users', 'watch users (default: everything the vendor supports)')
    .option('--groups', 'watch group members')
    .option('--queues', 'watch queue agents')
    .option('--cdrs', 'watch new call records')
    .option('--interval-ms <ms>', 'pause between polls (default 5000)', integer(10, 86_400_000))
    .option('--state <file>', 'keep the watch cursor in this file: a restart continues where it stopped')
    .option('--webhook <url>', 'post each event to this URL, signed per Standard Webhooks (needs --secret and --state)')
    .option('--secret <secret>', 'the webhook signing secret (whsec_<base64>, or any string)')
    .option('--outbox <dir>', 'the durable outbox directory (default: <state>.outbox)')
    .option('--max-polls <n>', 'stop after n polls', integer(1, Number.MAX_SAFE_INTEGER))
    .action((options: WatchCliOptions, command: Command) => {
      if (options.webhook !== undefined) {
        if (!options.secret) throw usageError('--webhook needs --secret');
        if (!options.state) throw usageError('--webhook needs --state FILE (the cursor and, beside it, the outbox)');
        if (!/^https?:\/\//.test(options.webhook)) throw usageError('--webhook takes an http:// or https:// URL');
      }
      if (options.secret) registerSecret(options.secret);
      const keepRaw = Boolean(rt.globals(command).raw);
      const json = rt.format(command) !== 'table';
      return rt.withClient(command, async (client) => {
        // The state file and outbox code load with this command only.
        const [{ replaceFile }, { Outbox }] = await Promise.all([import('../../sinks/durable.js'), import('../../sinks/outbox.js')]);
        const saved = options.state ? await readState(options.state, client.vendor) : undefined;
        const stream = client.watch({
          ...(options.users ? { users: true } : {}),
          ...(options.groups ? { groups: true } : {}),
          ...(options.queues ? { queues: true } : {}),
          ...(options.cdrs ? { cdrs: true } : {}),
          ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
          ...(options.maxPolls ? { maxPolls: options.maxPolls } : {}),
          ...(saved ? { cursor: saved } : {}),
          signal: rt.signal,
        });
        let stored = saved;
        const save = async (): Promise<void> => {
          const cursor = stream.cursor;
          if (!options.state || cursor === undefined || cursor === stored) return;
          await replaceFile(options.state, `${JSON.stringify({ version: 1, vendor: client.vendor, cursor, savedAt: new Date().toISOString() })}\n`);
          stored = cursor;
        };
        const outbox = options.webhook ? new Outbox(options.outbox ?? `${options.state}.outbox`) : undefined;
        await outbox?.open();
        const stopDelivery = new AbortController();
        if (outbox) requirePeers('unipbx watch --webhook');
        // Loaded only here: standardwebhooks is an optional peer dependency.
        const deliverOutbox = outbox ? (await import('../../sinks/webhook.js')).deliverOutbox : undefined;
        const delivery = outbox && deliverOutbox
          ? deliverOutbox(outbox, { url: options.webhook!, secret: options.secret!, signal: stopDelivery.signal, log: (line) => rt.io.stderr.write(`unipbx watch: ${line}\n`) })
          : undefined;
        // The first snapshot emits nothing: its cursor is saved once the poll is done, and after quiet polls.
        const idle = setInterval(() => void save().catch(() => undefined), Math.min(options.intervalMs ?? 5_000, 1_000));
        try {
          for await (const event of stream) {
            const body = payload(event, keepRaw);
            if (outbox) await outbox.add(event.id, JSON.stringify({ type: event.type, timestamp: event.observedAt.toISOString(), data: body }));
            else await rt.io.out(json ? `${JSON.stringify(body)}\n` : `${cell(event.observedAt)}  ${event.type.padEnd(27)}  ${describe(event)}\n`);
            await save();
          }
          await save();
        } catch (error) {
          if (!rt.signal.aborted) throw error;
        } finally {
          clearInterval(idle);
          await save().catch(() => undefined);
          // With --max-polls, what is in the outbox is delivered before exiting; on Ctrl-C it waits for the next run.
          if (outbox && !rt.signal.aborted) while (outbox.size > 0 && !rt.signal.aborted) await outbox.changed(50);
          stopDelivery.abort();
          await delivery;
        }
      }, { untilInterrupted: true });
    });
}

async function readState(path: string, vendor: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = JSON.parse(text) as { vendor?: string; cursor?: string };
  if (state.vendor !== vendor || typeof state.cursor !== 'string') throw usageError(`${path} is not a watch state file of ${vendor}`);
  return state.cursor;
}
