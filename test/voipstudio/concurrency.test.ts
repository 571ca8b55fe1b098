/**
 * Never a silent lost update, against the simulator. VoIPStudio writes team membership as a
 * user's whole `groups` list (bulk `PATCH /users`) and queue membership as a queue's whole
 * `users` list, so concurrent changes race:
 *
 * - within one process, changes of the same list are serialised (core/rmw.ts): both survive;
 * - across processes (here: two independent copies of the library's modules, with the
 *   requests interleaved on purpose so that both read before either writes), one write is
 *   lost at first; the loser's verifying read sees it and redoes its change: both survive;
 * - against a writer that keeps overwriting, the change fails with a retryable
 *   `ConflictError` instead of being reported as done;
 * - the lock keys name the account, so clients of different accounts in one process never
 *   wait on each other.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PbxClient } from '../../core/client.js';
import { isPbxError } from '../../core/errors.js';
import { resolveConnection } from '../../adapters/voipstudio/adapter.js';
import { createVoipStudioSimulator, type VoipStudioSimulator } from '../../adapters/voipstudio/simulator/index.js';

const BASE = 'http://voipstudio.sim/v1.2/voipstudio';

/** A library instance: a fresh copy of every module, as another process would have. */
async function freshLibrary(): Promise<typeof import('../../adapters/voipstudio/index.js')> {
  vi.resetModules();
  return import('../../adapters/voipstudio/index.js');
}

type Hook = (request: Request, response: Response) => Promise<void> | void;
type Gate = (request: Request) => Promise<void> | void;

/** The simulator as a `fetch`, with a gate before each request and a hook after each response. */
function simFetch(sim: VoipStudioSimulator, gate: Gate = () => undefined, after: Hook = () => undefined): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    await gate(request.clone());
    const response = await sim.app.fetch(request.clone());
    await after(request, response.clone());
    return response;
  }) as typeof fetch;
}

function client(library: Awaited<ReturnType<typeof freshLibrary>>, sim: VoipStudioSimulator, fetch: typeof globalThis.fetch): PbxClient {
  return library.createVoipStudio({ baseUrl: BASE, credentials: sim.credentials, fetch, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
}

/** Holds every matching request until `count` requests have passed `arrive`, once. */
function barrier(count: number): { arrive: () => void; wait: () => Promise<void> } {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    arrive: () => {
      if (++arrived === count) open();
    },
    wait: () => opened,
  };
}

const isWrite = (request: Request, path: string) => request.method === 'PATCH' && new URL(request.url).pathname.endsWith(path);
const isRead = (request: Request, path: string) => request.method === 'GET' && new URL(request.url).pathname.endsWith(path);

let sim: VoipStudioSimulator;
beforeEach(() => {
  sim = createVoipStudioSimulator({ users: 40, cdrs: 0, seed: 5 });
});

const outsiders = (teamId: number, count: number) => [...sim.state.users.values()].filter((u) => !u.groups.includes(teamId)).slice(0, count);
const nonAgents = (queueId: number, count: number) => [...sim.state.users.values()].filter((u) => !sim.state.queues.get(queueId)!.users.some((m) => m.id === u.id)).slice(0, count);
const patches = (path: string) => sim.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(path)).length;

describe('team membership (bulk PATCH /users [{id, groups}])', () => {
  it('one process: two users added to the same team at once both survive', async () => {
    const library = await freshLibrary();
    const team = [...sim.state.groups.keys()][0]!;
    const users = outsiders(team, 2);
    const pbx = client(library, sim, simFetch(sim));
    const results = await Promise.allSettled(users.map((u) => pbx.groups.members.add(String(team), { id: String(u.id) })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const members = await pbx.groups.members.list(String(team)).toArray();
    for (const u of users) expect(members.some((m) => m.userId === String(u.id))).toBe(true);
  });

  it('one process: the same user added to two teams at once (one groups list) keeps both — serialised, no redo needed', async () => {
    const library = await freshLibrary();
    const [t1, t2] = [...sim.state.groups.keys()];
    const user = [...sim.state.users.values()].find((u) => !u.groups.includes(t1!) && !u.groups.includes(t2!))!;
    const before = [...user.groups];
    const pbx = client(library, sim, simFetch(sim));
    await Promise.all([pbx.groups.members.add(String(t1), { id: String(user.id) }), pbx.groups.members.add(String(t2), { id: String(user.id) })]);
    expect(user.groups).toEqual([...before, t1, t2]);
    expect(patches('/users')).toBe(2);
  });

  it('two processes: both read before either writes; the lost addition is detected by the verifying read and redone', async () => {
    const [t1, t2] = [...sim.state.groups.keys()];
    const user = [...sim.state.users.values()].find((u) => !u.groups.includes(t1!) && !u.groups.includes(t2!))!;
    const before = [...user.groups];
    // Each process's first PATCH waits until both have read the user.
    const reads = barrier(2);
    const gated = new Set<string>();
    const process = async (name: string) => {
      const library = await freshLibrary();
      const fetch = simFetch(
        sim,
        async (request) => {
          if (isWrite(request, '/users') && !gated.has(name)) {
            gated.add(name);
            await reads.wait();
          }
        },
        (request) => {
          if (isRead(request, `/users/${user.id}`) && !gated.has(`${name}:read`)) {
            gated.add(`${name}:read`);
            reads.arrive();
          }
        },
      );
      return client(library, sim, fetch);
    };
    const [a, b] = [await process('a'), await process('b')];
    const results = await Promise.allSettled([a.groups.members.add(String(t1), { id: String(user.id) }), b.groups.members.add(String(t2), { id: String(user.id) })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(new Set(user.groups)).toEqual(new Set([...before, t1, t2]));
    // Two first writes (one lost) + the loser's redo.
    expect(patches('/users')).toBe(3);
  });

  it('a writer that keeps overwriting the list: ConflictError (retryable) after 4 cycles, never a false success', async () => {
    const library = await freshLibrary();
    const team = [...sim.state.groups.keys()][2]!;
    const [user] = outsiders(team, 1);
    const foreign = [...user!.groups];
    // After each of our writes, "someone else" writes back the list they read before.
    const pbx = client(
      library,
      sim,
      simFetch(sim, undefined, (request) => {
        if (isWrite(request, '/users')) user!.groups = [...foreign];
      }),
    );
    const error = await pbx.groups.members.add(String(team), { id: String(user!.id) }).catch((e: unknown) => e);
    expect(isPbxError(error, 'CONFLICT')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect(patches('/users')).toBe(4);
    expect(user!.groups).not.toContain(team);
  });
});

describe('queue membership (PATCH /queues/{id} {users:[{id, status}]})', () => {
  it('one process: two agents added at once both survive, each with every other member kept', async () => {
    const library = await freshLibrary();
    const queue = [...sim.state.queues.values()][0]!;
    const before = queue.users.map((m) => ({ ...m }));
    const users = nonAgents(queue.id, 2);
    const pbx = client(library, sim, simFetch(sim));
    const results = await Promise.allSettled(users.map((u) => pbx.queues.addAgent(String(queue.id), { id: String(u.id) })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(queue.users).toEqual([...before, ...users.map((u) => ({ id: u.id, status: false }))]);
    expect(patches(`/queues/${queue.id}`)).toBe(2);
  });

  it('two processes: an addition and a login race; the lost change is redone; statuses of the others are untouched', async () => {
    const queue = [...sim.state.queues.values()][0]!;
    const [newcomer] = nonAgents(queue.id, 1);
    const left = queue.users.find((m) => !m.status) ?? queue.users[0]!;
    left.status = false;
    const others = queue.users.filter((m) => m.id !== left.id).map((m) => ({ ...m }));
    const reads = barrier(2);
    const gated = new Set<string>();
    const process = async (name: string) => {
      const library = await freshLibrary();
      return client(
        library,
        sim,
        simFetch(
          sim,
          async (request) => {
            if (isWrite(request, `/queues/${queue.id}`) && !gated.has(name)) {
              gated.add(name);
              await reads.wait();
            }
          },
          (request) => {
            if (isRead(request, `/queues/${queue.id}`) && !gated.has(`${name}:read`)) {
              gated.add(`${name}:read`);
              reads.arrive();
            }
          },
        ),
      );
    };
    const [a, b] = [await process('a'), await process('b')];
    const results = await Promise.allSettled([a.queues.addAgent(String(queue.id), { id: String(newcomer!.id) }), b.queues.login(String(queue.id), { id: String(left.id) })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(queue.users.find((m) => m.id === newcomer!.id)).toEqual({ id: newcomer!.id, status: false });
    expect(queue.users.find((m) => m.id === left.id)).toEqual({ id: left.id, status: true });
    for (const m of others) expect(queue.users.find((u) => u.id === m.id)).toEqual(m);
    expect(patches(`/queues/${queue.id}`)).toBe(3);
  });

  it('a writer that keeps dropping the agent: ConflictError, never a false success', async () => {
    const library = await freshLibrary();
    const queue = [...sim.state.queues.values()][1]!;
    const [user] = nonAgents(queue.id, 1);
    const foreign = queue.users.map((m) => ({ ...m }));
    const pbx = client(
      library,
      sim,
      simFetch(sim, undefined, (request) => {
        if (isWrite(request, `/queues/${queue.id}`)) queue.users = foreign.map((m) => ({ ...m }));
      }),
    );
    const error = await pbx.queues.addAgent(String(queue.id), { id: String(user!.id) }).catch((e: unknown) => e);
    expect(isPbxError(error, 'CONFLICT')).toBe(true);
    expect(queue.users.some((m) => m.id === user!.id)).toBe(false);
  });
});

describe('lock keys name the account (the base URL without secrets): accounts never wait on each other', () => {
  it('resolveConnection().account: origin and path, without the API version, user info, query or fragment', () => {
    const credentials = { email: 'a@b.example', password: 'Pa55-word' };
    expect(resolveConnection({ baseUrl: 'https://l7api.com', credentials }).account).toBe('https://l7api.com');
    expect(resolveConnection({ baseUrl: 'https://l7api.com/v1.1/voipstudio/', credentials }).account).toBe('https://l7api.com');
    expect(resolveConnection({ baseUrl: 'https://user:S3cret@proxy.example:8443/pbx/?key=S3cret#S3cret', credentials }).account).toBe('https://proxy.example:8443/pbx');
  });

  /** One list change per kind: the path of the list it reads, and the change itself. */
  const kinds: Array<[string, () => { path: string; change: (pbx: PbxClient) => Promise<void> }]> = [
    [
      'queue users',
      () => {
        const queue = [...sim.state.queues.keys()][0]!;
        const user = nonAgents(queue, 1)[0]!.id;
        return { path: `/queues/${queue}`, change: (pbx) => pbx.queues.addAgent(String(queue), { id: String(user) }) };
      },
    ],
    [
      'team membership',
      () => {
        const team = [...sim.state.groups.keys()][0]!;
        const user = outsiders(team, 1)[0]!.id;
        return { path: `/users/${user}`, change: (pbx) => pbx.groups.members.add(String(team), { id: String(user) }) };
      },
    ],
  ];

  it.each(kinds)('%s: a change held on one account does not hold up the same list of another account; on the same account it waits', async (_kind, kind) => {
    const library = await freshLibrary();
    const other = createVoipStudioSimulator({ users: 40, cdrs: 0, seed: 5 }); // another account, with the same ids
    const { path, change } = kind();
    const touches = (request: Request) => new URL(request.url).pathname.endsWith(path);
    // A's first read of the list waits, inside the lock, until released.
    let entered!: () => void;
    const held = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const gate = async (request: Request) => {
      if (!touches(request)) return;
      entered();
      await released;
    };
    const seenBySameAccount: string[] = [];
    const a = client(library, sim, simFetch(sim, gate));
    const b = library.createVoipStudio({ baseUrl: 'http://eu.voipstudio.sim/v1.2/voipstudio', credentials: other.credentials, fetch: simFetch(other) });
    const c = client(library, sim, simFetch(sim, (request) => void (touches(request) && seenBySameAccount.push(request.method))));

    const first = change(a);
    await held;
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("the other account waited on this one's lock")), 2000)));
    await Promise.race([change(b), stuck]).finally(() => clearTimeout(timer));
    const same = change(c);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seenBySameAccount).toEqual([]);
    release();
    await Promise.all([first, same]);
    expect(seenBySameAccount[0]).toBe('GET');
  });
});
