/**
 * The facade's queue operations that return a promise, loaded at the first call of any of
 * them (`client.ts` forwards through `lazyPort`), like the group operations
 * (`client-groups.ts`). The queue lists stay in `client.ts`: they validate synchronously.
 */
import type { QueuesApi } from './client.js';
import type { ClientChecks } from './client-checks.js';
import { checkAccepted, definedKeys, implementationOfOption, userRef } from './client-write-checks.js';
import { ValidationError } from './errors.js';
import { AgentOptionsSchema, QueueCreateInputSchema, QueuePatchSchema, SetStatusOptionsSchema, SettableAgentStatusSchema } from './inputs-contact-centre.js';
import { parseInput } from './inputs.js';
import { once } from './once.js';

/** Every queue operation but the lists. */
export type QueueCalls = Omit<QueuesApi, 'list' | 'agents' | 'notReadyReasons'>;

/** The queue operations of a client. */
export function queueCalls(c: ClientChecks): QueueCalls {
  const { vendor, adapter } = c;
  const { queues } = adapter;
  const admin = adapter.queueAdmin ?? {};
  /** `queueId` and `user` of an agent operation, validated. */
  const agentArgs = (queueId: string, user: unknown, operation: 'queues.addAgent' | 'queues.removeAgent' | 'queues.login' | 'queues.logout' | 'queues.setStatus') =>
    [c.id(queueId, operation, 'queueId'), userRef(c, user, operation)] as const;
  return {
    get: (queueId, options) => c.run('queues.get', options, (ctx) => c.implementation('queues.get', queues.get, queues)(c.id(queueId, 'queues.get'), ctx)),
    create: (input, options) =>
      c.run('queues.create', options, (ctx) => {
        const fn = c.implementation('queues.create', adapter.queueAdmin?.create, admin);
        const valid = parseInput(QueueCreateInputSchema, input, 'input', { vendor, operation: 'queues.create' });
        checkAccepted(c, 'queues.create', 'fields', definedKeys(valid));
        return fn(valid, ctx);
      }),
    update: (queueId, patch, options) =>
      c.run('queues.update', options, (ctx) => {
        const fn = c.implementation('queues.update', adapter.queueAdmin?.update, admin);
        const valid = parseInput(QueuePatchSchema, patch, 'patch', { vendor, operation: 'queues.update' });
        checkAccepted(c, 'queues.update', 'fields', definedKeys(valid));
        return fn(c.id(queueId, 'queues.update'), valid, ctx);
      }),
    delete: (queueId, options) => c.run('queues.delete', options, (ctx) => c.implementation('queues.delete', adapter.queueAdmin?.delete, admin)(c.id(queueId, 'queues.delete'), ctx)),
    addAgent: (queueId, user, options) =>
      c.run(
        'queues.addAgent',
        options,
        (ctx) => {
          const fn = c.implementation('queues.addAgent', queues.addAgent, queues);
          const { signal: _s, timeoutMs: _t, deadlineMs: _d, queueTimeoutMs: _q, maxResponseBytes: _m, ...agentOptions } = options ?? {};
          const valid = parseInput(AgentOptionsSchema, agentOptions, 'options', { vendor, operation: 'queues.addAgent' });
          checkAccepted(c, 'queues.addAgent', 'fields', definedKeys(valid));
          return fn(...agentArgs(queueId, user, 'queues.addAgent'), valid, ctx);
        },
        agentKeys(),
      ),
    removeAgent: (queueId, user, options) =>
      c.run('queues.removeAgent', options, (ctx) => c.implementation('queues.removeAgent', queues.removeAgent, queues)(...agentArgs(queueId, user, 'queues.removeAgent'), ctx)),
    login: (queueId, user, options) => c.run('queues.login', options, (ctx) => c.implementation('queues.login', queues.login, queues)(...agentArgs(queueId, user, 'queues.login'), ctx)),
    logout: (queueId, user, options) => c.run('queues.logout', options, (ctx) => c.implementation('queues.logout', queues.logout, queues)(...agentArgs(queueId, user, 'queues.logout'), ctx)),
    setStatus: (queueId, user, status, options) =>
      c.run(
        'queues.setStatus',
        options,
        (ctx) => {
          const operation = 'queues.setStatus';
          const fn = c.implementation(operation, queues.setStatus, queues);
          const valid = parseInput(SettableAgentStatusSchema, status, 'status', { vendor, operation });
          checkAccepted(c, operation, 'values', [valid]);
          const { signal: _s, timeoutMs: _t, deadlineMs: _d, queueTimeoutMs: _q, maxResponseBytes: _m, ...own } = options ?? {};
          const { reason } = parseInput(SetStatusOptionsSchema, own, 'options', { vendor, operation });
          const [queue, agent] = agentArgs(queueId, user, operation);
          if (reason === undefined) return fn(queue, agent, valid, ctx);
          if (valid !== 'not_ready') {
            throw new ValidationError(`${operation}: a reason goes only with status not_ready`, [{ field: 'options.reason', message: 'only with status not_ready' }], 'client', { vendor, operation });
          }
          return implementationOfOption(c, operation, 'reason', adapter.notReadyReasons?.setNotReady, adapter.notReadyReasons ?? {})(queue, agent, reason, ctx);
        },
        setStatusKeys(),
      ),
    state: (queueId, options) => c.run('queues.state', options, (ctx) => c.implementation('queues.state', queues.state, queues)(c.id(queueId, 'queues.state', 'queueId'), ctx)),
  };
}

// Read at first use: reading `.shape` builds the (lazily built) schemas.
const agentKeys = once(() => Object.keys(AgentOptionsSchema.shape));
const setStatusKeys = once(() => Object.keys(SetStatusOptionsSchema.shape));
