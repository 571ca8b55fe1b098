/**
 * Before the faults are switched on, the chaos run reads the PBX (fault-free) and shares
 * out what each worker may touch: every worker owns its users, memberships and agent
 * slots, so that a fact can only change through its owner and every read can be checked.
 */
import type { PbxClient } from '../../core/client.js';
import type { UserRef } from '../../core/inputs.js';
import type { Group, GroupMember, QueueMembership, User } from '../../core/model.js';

/** An agent slot in a queue. */
export interface AgentSlot {
  readonly queueId: string;
  readonly user: Pick<User, 'id' | 'extension'>;
  /** Ledger key suffix: `<queueId>:<userId>`. */
  readonly key: string;
  /** Logged in when the run started. */
  readonly loggedIn: boolean;
}

export interface WorkerPlan {
  /** Seeded users this worker updates, reads and moves in and out of the team. */
  readonly users: readonly User[];
  /** Agents (present from the start) this worker logs in and out. */
  readonly loginSlots: readonly AgentSlot[];
  /** Users this worker adds to and removes from a queue's agents. */
  readonly agentSlots: readonly AgentSlot[];
  /** Free extensions this worker creates users with. */
  readonly extensions: readonly string[];
}

/** One page of call records as read without faults: the reference for the reads under faults. */
export interface CdrPage {
  readonly cursor?: string;
  readonly ids: readonly string[];
}

export interface Plan {
  readonly workers: readonly WorkerPlan[];
  /** The team whose membership the workers change. */
  readonly team?: Group;
  /** Ids of the users in `team` when the run started. */
  readonly teamMembers: ReadonlySet<string>;
  readonly cdrQuery?: { readonly from: Date; readonly to: Date; readonly pageSize: number };
  readonly cdrPages: readonly CdrPage[];
}

export const refOf = (user: Pick<User, 'id' | 'extension'>): UserRef => (user.extension ? { id: user.id, extension: user.extension } : { id: user.id });

/** True when `entry` (a group member or an agent) is `user`. */
export function isUser(entry: Pick<GroupMember | QueueMembership, 'userId' | 'extension'>, user: Pick<User, 'id' | 'extension'>): boolean {
  if (entry.userId !== undefined) return entry.userId === user.id;
  return entry.extension !== undefined && entry.extension === user.extension;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const USERS_PER_WORKER = 6;
const EXTENSIONS_PER_WORKER = 60;
const CDR_PAGES = 12;

/** Reads the PBX through `client` (which must not be faulted) and shares it out among `workers`. */
export async function makePlan(client: PbxClient, workers: number, random: () => number, cdrRange?: { from: Date; to: Date }): Promise<Plan> {
  const self = client.supports('whoami') ? (await client.whoami()).id : undefined;
  const all = await client.users.list({ pageSize: 100 }).toArray();
  const queues = client.supports('queues.list') && client.supports('queues.agents') ? await client.queues.list().toArray() : [];
  const agentsOf = new Map<string, QueueMembership[]>();
  for (const queue of queues) agentsOf.set(queue.id, await client.queues.agents(queue.id).toArray());
  const isAgent = (u: User) => [...agentsOf.values()].some((agents) => agents.some((a) => isUser(a, u)));

  // The signed-in account is left alone: changing its email could lock the run out. Agents
  // come first, so that every worker gets some to log in and out.
  const candidates = all.filter((u) => u.id !== self && u.extension);
  const ordered = [...shuffle(candidates.filter(isAgent), random), ...shuffle(candidates.filter((u) => !isAgent(u)), random)];
  const owned: User[][] = Array.from({ length: workers }, () => []);
  for (const [i, user] of ordered.slice(0, workers * USERS_PER_WORKER).entries()) owned[i % workers]?.push(user);

  const team = client.supports('groups.members.add') ? (await client.groups.list().toArray()).find((g) => g.kind === 'team') : undefined;
  const members = team ? await client.groups.members.list(team.id).toArray() : [];
  const teamMembers = new Set(owned.flat().filter((u) => members.some((m) => isUser(m, u))).map((u) => u.id));

  const loginSlots: AgentSlot[][] = owned.map(() => []);
  const agentSlots: AgentSlot[][] = owned.map(() => []);
  for (const queue of queues) {
    const agents = agentsOf.get(queue.id) ?? [];
    for (const [w, users] of owned.entries()) {
      if (client.supports('queues.login')) {
        for (const user of users) {
          const agent = agents.find((a) => isUser(a, user));
          if (agent) loginSlots[w]?.push({ queueId: queue.id, user, key: `${queue.id}:${user.id}`, loggedIn: agent.loggedIn });
        }
      }
      if (client.supports('queues.addAgent') && client.supports('queues.removeAgent')) {
        // One outsider per worker and queue, never the same user twice.
        const user = users.find((u) => !isAgent(u) && !agentSlots[w]?.some((s) => s.user.id === u.id));
        if (user) agentSlots[w]?.push({ queueId: queue.id, user, key: `${queue.id}:${user.id}`, loggedIn: false });
      }
    }
  }

  const extensions: string[][] = owned.map(() => []);
  if (client.supports('users.create')) {
    // Queues have extensions too.
    const taken = new Set([...all, ...queues].map((x) => x.extension));
    let candidate = 8000;
    for (const list of extensions) {
      while (list.length < EXTENSIONS_PER_WORKER) {
        const extension = String(candidate++);
        if (!taken.has(extension)) list.push(extension);
      }
    }
  }

  const cdrPages: CdrPage[] = [];
  const cdrQuery = client.supports('cdrs.list') && cdrRange ? { ...cdrRange, pageSize: 25 } : undefined;
  if (cdrQuery) {
    const list = client.cdrs.list(cdrQuery);
    let cursor: string | undefined;
    do {
      const page = await list.page(cursor !== undefined ? { cursor } : {});
      cdrPages.push({ ...(cursor !== undefined ? { cursor } : {}), ids: page.items.map((c) => c.id) });
      cursor = page.nextCursor;
    } while (cursor !== undefined && cdrPages.length < CDR_PAGES);
  }

  return {
    workers: owned.map((users, w) => ({ users, loginSlots: loginSlots[w] ?? [], agentSlots: agentSlots[w] ?? [], extensions: extensions[w] ?? [] })),
    ...(team ? { team } : {}),
    teamMembers,
    ...(cdrQuery ? { cdrQuery } : {}),
    cdrPages,
  };
}
