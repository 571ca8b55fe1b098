/**
 * Reads what a PBX holds now, through the public client only: users, teams with their
 * members, queues with their agents. What the vendor cannot read is reported (from its
 * capability manifest), never guessed.
 */
import { isSupported, type OperationName } from '../../core/capabilities.js';
import type { PbxClient } from '../../core/client.js';
import { mapConcurrent } from '../../core/concurrent.js';
import type { CallOptions } from '../../core/inputs.js';
import type { Group, GroupMember, Queue, QueueMembership, User } from '../../core/model.js';

/** Something the vendor cannot do, with the manifest's reason. */
export interface Unsupported {
  readonly operation: OperationName;
  /** What it concerns: a user key, `team Support`, `queue Sales`… */
  readonly subject: string;
  /** For a field the vendor cannot set. */
  readonly field?: string;
  readonly reason: string;
}

export interface CurrentTeam {
  readonly group: Group;
  /** Undefined when the vendor cannot list members. */
  readonly members?: readonly GroupMember[];
}
export interface CurrentQueue {
  readonly queue: Queue;
  readonly agents?: readonly QueueMembership[];
}

export interface CurrentState {
  readonly users: readonly User[];
  readonly teams: readonly CurrentTeam[];
  readonly queues: readonly CurrentQueue[];
  readonly unsupported: readonly Unsupported[];
}

export interface ReadOptions extends CallOptions {
  /** Teams whose members to read (by lower-case name); all when omitted. */
  readonly teams?: ReadonlySet<string>;
  /** Queues whose agents to read (by lower-case name); all when omitted. */
  readonly queues?: ReadonlySet<string>;
}

/** Why an operation cannot be done here, or undefined when it can. */
export function cannot(pbx: Pick<PbxClient, 'capabilities'>, operation: OperationName): string | undefined {
  const capability = pbx.capabilities[operation];
  return isSupported(capability) ? undefined : capability.reason;
}

export async function readState(pbx: PbxClient, options: ReadOptions = {}): Promise<CurrentState> {
  const call: CallOptions = options.signal ? { signal: options.signal } : {};
  const unsupported: Unsupported[] = [];
  const readable = (operation: OperationName, subject: string): boolean => {
    const reason = cannot(pbx, operation);
    if (reason) unsupported.push({ operation, subject, reason });
    return reason === undefined;
  };
  const users = readable('users.list', 'users') ? await pbx.users.list({ ...call, pageSize: 1000 }).toArray() : [];
  const groups = readable('groups.list', 'teams') ? await pbx.groups.list({ ...call }).toArray() : [];
  const teamGroups = groups.filter((g) => g.kind === 'team' && (!options.teams || options.teams.has(g.name.toLowerCase())));
  const canListMembers = teamGroups.length === 0 || readable('groups.members.list', 'team members');
  const teams = await mapConcurrent(teamGroups, 4, async (group): Promise<CurrentTeam> =>
    canListMembers ? { group, members: await pbx.groups.members.list(group.id, { ...call }).toArray() } : { group },
  );
  const queueList = readable('queues.list', 'queues') ? await pbx.queues.list({ ...call }).toArray() : [];
  const wanted = queueList.filter((q) => !options.queues || options.queues.has(q.name.toLowerCase()));
  const canListAgents = wanted.length === 0 || readable('queues.agents', 'queue agents');
  const queues = await mapConcurrent(wanted, 4, async (queue): Promise<CurrentQueue> =>
    canListAgents ? { queue, agents: await pbx.queues.agents(queue.id, { ...call }).toArray() } : { queue },
  );
  return { users, teams, queues, unsupported };
}
