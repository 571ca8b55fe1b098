/** `unipbx queues list|agents|login|logout|status|set-status` */
import { Argument, type Command } from 'commander';
import type { QueueMembership, QueueState, SettableAgentStatus } from '../../index.js';
import type { Runtime } from '../context.js';
import type { Shape } from '../output.js';
import { integer } from '../parse.js';
import { AGENT, QUEUE } from '../records.js';
import { queueId, requireOperation, userRef, type UserRefOptions } from '../refs.js';
import { describe, plainRef, userRefOptions } from './groups.js';

/**
 * The statuses `setStatus` takes, as `SETTABLE_AGENT_STATUSES` lists them; a record, so that
 * the compiler checks it against `SettableAgentStatus` (`core/enums.ts` would load zod, which
 * the CLI's start and help do without).
 */
const SETTABLE: { readonly [S in SettableAgentStatus]: true } = { ready: true, not_ready: true, wrap_up: true, logged_out: true };

const QUEUE_ARG = 'queue id, extension or name';

interface StateSummary {
  readonly queueId: string;
  readonly waitingCallers?: number | undefined;
  readonly longestWaitSeconds?: number | undefined;
  readonly agents: number;
  readonly loggedIn: number;
}

const SUMMARY: Shape<StateSummary> = {
  columns: [
    { key: 'queueId', header: 'QUEUE', value: (s) => s.queueId },
    { key: 'waitingCallers', header: 'WAITING', value: (s) => s.waitingCallers },
    { key: 'longestWaitSeconds', header: 'LONGEST WAIT (S)', value: (s) => s.longestWaitSeconds },
    { key: 'agents', header: 'AGENTS', value: (s) => s.agents },
    { key: 'loggedIn', header: 'LOGGED IN', value: (s) => s.loggedIn },
  ],
};

type StateRow = QueueMembership & { readonly waitingCallers?: number | undefined; readonly longestWaitSeconds?: number | undefined };

/** CSV of a queue's state: one row per agent, the queue's figures repeated on each. */
const STATE_CSV: Shape<StateRow> = {
  columns: [
    ...AGENT.columns,
    { key: 'waitingCallers', header: 'WAITING', value: (r) => r.waitingCallers },
    { key: 'longestWaitSeconds', header: 'LONGEST WAIT (S)', value: (r) => r.longestWaitSeconds },
  ],
};

/** Adds `queues list|agents|login|logout|set-status|status` to the program. */
export function registerQueues(program: Command, rt: Runtime): void {
  const queues = program.command('queues').description('call queues and their agents');

  queues
    .command('list')
    .description('list the queues')
    .option('--limit <n>', 'stop after n queues', integer(1, Number.MAX_SAFE_INTEGER))
    .action((options: { limit?: number }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        await out.list(client.queues.list(rt.call), QUEUE, options.limit);
      }),
    );

  queues
    .command('agents')
    .description("list a queue's agents and their state")
    .argument('<queue>', QUEUE_ARG)
    .option('--limit <n>', 'stop after n agents', integer(1, Number.MAX_SAFE_INTEGER))
    .action((ref: string, options: { limit?: number }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'queues.agents');
        await out.list(client.queues.agents(await queueId(client, ref, rt.call), rt.call), AGENT, options.limit);
      }),
    );

  for (const [name, operation, verb] of [
    ['login', 'queues.login', 'logged in to'],
    ['logout', 'queues.logout', 'logged out of'],
  ] as const) {
    userRefOptions(
      queues
        .command(name)
        .description(`${name === 'login' ? 'log an agent in to' : 'log an agent out of'} a queue`)
        .argument('<queue>', QUEUE_ARG),
    ).action((ref: string, options: UserRefOptions, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, operation);
        const id = await queueId(client, ref, rt.call);
        const user = await userRef(client, options, rt.call);
        await (name === 'login' ? client.queues.login(id, user, rt.call) : client.queues.logout(id, user, rt.call));
        await out.result(`${describe(user)} ${verb} queue ${ref}`, { operation, queueId: id, ...plainRef(user), ok: true });
      }),
    );
  }

  userRefOptions(
    queues
      .command('set-status')
      .description("set an agent's status in a queue")
      .argument('<queue>', QUEUE_ARG)
      .addArgument(new Argument('<status>', 'the new status').choices(Object.keys(SETTABLE))),
  ).action((ref: string, status: SettableAgentStatus, options: UserRefOptions, command: Command) =>
    rt.withClient(command, async (client, out) => {
      requireOperation(client, 'queues.setStatus');
      const id = await queueId(client, ref, rt.call);
      const user = await userRef(client, options, rt.call);
      await client.queues.setStatus(id, user, status, rt.call);
      await out.result(`${describe(user)} is ${status} in queue ${ref}`, { operation: 'queues.setStatus', queueId: id, ...plainRef(user), status, ok: true });
    }),
  );

  queues
    .command('status')
    .description('live state of a queue: waiting callers and what each agent is doing')
    .argument('<queue>', QUEUE_ARG)
    .action((ref: string, _options: object, command: Command) =>
      rt.withClient(command, async (client, out) => {
        requireOperation(client, 'queues.state');
        const state: QueueState = await client.queues.state(await queueId(client, ref, rt.call), rt.call);
        switch (out.format) {
          case 'table':
            await out.item(
              {
                queueId: state.queueId,
                waitingCallers: state.waitingCallers,
                longestWaitSeconds: state.longestWaitSeconds,
                agents: state.agents.length,
                loggedIn: state.agents.filter((a) => a.loggedIn).length,
              },
              SUMMARY,
            );
            await out.io.out('\n');
            await out.list(state.agents, AGENT);
            return;
          case 'csv':
            await out.list(
              state.agents.map((agent) => ({ ...agent, waitingCallers: state.waitingCallers, longestWaitSeconds: state.longestWaitSeconds })),
              STATE_CSV,
            );
            return;
          default:
            await out.item(state, STATE_CSV as unknown as Shape<QueueState>);
        }
      }),
    );
}
