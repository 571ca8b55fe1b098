/** `pbx.watch()` against live simulators driven by a test clock: typed events, stable ids, resumable cursors. */
import { describe, expect, it } from 'vitest';
import { UnsupportedOperationError } from '../../core/errors.js';
import type { WatchEvent, WatchStream } from '../../core/watch/types.js';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator.js';

type Vendor = 'portsip' | 'voipstudio' | 'netpbx';

async function setup(vendor: Vendor, seed = 6) {
  const clock = { t: Date.now() };
  const sim: RunningSimulator<unknown> = await startSimulator(vendor, {
    seed,
    users: 25,
    cdrs: 10,
    now: () => clock.t,
    live: { callsPerMinute: 20, agentChangesPerMinute: 20, userEditsPerMinute: 6, maxCallSeconds: 60, tickMs: 0 },
  } as never);
  const pbx = createPbx({ vendor, baseUrl: sim.url, credentials: sim.credentials, fetch: sim.fetch } as CreatePbxOptions);
  const advance = (ms: number) => {
    clock.t += ms;
    sim.live!.tick();
  };
  return { sim, pbx, advance };
}

async function drain(stream: WatchStream): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe.each(['portsip', 'voipstudio', 'netpbx'] as const)('watch on %s', (vendor) => {
  it('emits nothing for what exists, then one typed event per change, resumable from any event', async () => {
    const { sim, pbx, advance } = await setup(vendor);
    const first = pbx.watch({ maxPolls: 1, intervalMs: 10 });
    expect(await drain(first)).toEqual([]);
    const baseline = first.cursor!;
    expect(baseline).toMatch(/^wc1\./);

    const cdrsBefore = new Set(sim.live!.cdrIds());
    const agentsBefore = await agentStates(pbx);
    advance(3 * 60_000);
    const changes = sim.live!.changes;
    const events = await drain(pbx.watch({ cursor: baseline, maxPolls: 1 }));
    expect(events.length).toBeGreaterThan(3);

    // Every event is typed, with an id, the entity and the time observed.
    for (const event of events) {
      expect(event.id).toMatch(/^[0-9a-f]{24}$/);
      expect(event.vendor).toBe(vendor);
      expect(event.observedAt).toBeInstanceOf(Date);
      expect(event.entity).toBeTypeOf('object');
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    // CDRs: exactly the records that appeared.
    const newCdrs = sim.live!.cdrIds().filter((id) => !cdrsBefore.has(id));
    expect(events.filter((e) => e.type === 'cdr.created').map((e) => e.entity.id).sort()).toEqual([...newCdrs].sort());
    // Users: the edited ones, with the changed fields.
    const updated = events.filter((e): e is Extract<WatchEvent, { type: 'user.updated' }> => e.type === 'user.updated');
    expect(updated.length).toBeGreaterThan(0);
    expect(changes.filter((c) => c.kind === 'user').length).toBeGreaterThanOrEqual(updated.length);
    for (const event of updated) expect(Object.keys(event.changes).length).toBeGreaterThan(0);
    // Queue agents: one event for every agent whose state differs.
    const agentsAfter = await agentStates(pbx);
    const differing = [...agentsAfter].filter(([key, state]) => agentsBefore.get(key) !== state).map(([key]) => key).sort();
    const agentEvents = events.filter((e): e is Extract<WatchEvent, { queue: unknown }> => e.type.startsWith('queue.'));
    expect(agentEvents.map((e) => `${e.queue.id}/${e.entity.userId ?? e.entity.extension}`).sort()).toEqual(differing);

    // Resuming from the cursor of an event in the middle: the rest again, same ids; nothing before it (CDRs of a batch may repeat, same ids).
    const k = Math.floor(events.length / 2);
    const resumed = await drain(pbx.watch({ cursor: events[k]!.cursor, maxPolls: 1 }));
    const ids = new Set(events.map((e) => e.id));
    expect(resumed.every((e) => ids.has(e.id))).toBe(true);
    for (const event of events.slice(k + 1)) expect(resumed.map((e) => e.id)).toContain(event.id);
    for (const event of events.slice(0, k + 1).filter((e) => e.type !== 'cdr.created')) expect(resumed.map((e) => e.id)).not.toContain(event.id);

    // A restart from the last cursor with nothing changed emits nothing.
    expect(await drain(pbx.watch({ cursor: events.at(-1)!.cursor, maxPolls: 1 }))).toEqual([]);
    await sim.close();
  });
});

describe('watch: what a vendor cannot do', () => {
  it('NetPBX: cdr events asked for explicitly are refused; by default they are left out', async () => {
    const { sim, pbx } = await setup('netpbx');
    expect(() => pbx.watch({ cdrs: true })).toThrow(UnsupportedOperationError);
    expect(() => pbx.watch({ intervalMs: 1 })).toThrow(/intervalMs/);
    expect(() => pbx.watch({ cursor: 'wc1.e30' })).toThrow(/invalid cursor/);
    await sim.close();
  });

  it('user created and deleted, group members added and removed', async () => {
    const { sim, pbx } = await setup('portsip');
    const stream = pbx.watch({ users: true, groups: true, maxPolls: 1 });
    await drain(stream);
    const user = await pbx.users.create({ extension: sim.facts.freeExtension, displayName: 'Watch Me', email: 'watch.me@example.com' });
    const group = (await pbx.groups.list().toArray())[0]!;
    await pbx.groups.members.add(group.id, { id: user.id });
    const created = await drain(pbx.watch({ users: true, groups: true, cursor: stream.cursor!, maxPolls: 1 }));
    expect(created.map((e) => e.type).sort()).toEqual(['group.member_added', 'user.created']);
    await pbx.users.delete(user.id);
    const deleted = await drain(pbx.watch({ users: true, groups: true, cursor: created.at(-1)!.cursor, maxPolls: 1 }));
    expect(deleted.map((e) => e.type).sort()).toEqual(['group.member_removed', 'user.deleted']);
    expect(deleted.find((e) => e.type === 'user.deleted')!.entity).toMatchObject({ id: user.id, displayName: 'Watch Me' });
    await sim.close();
  });
});

/** queueId/agent → "loggedIn status", straight from the client. */
async function agentStates(pbx: ReturnType<typeof createPbx>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const queue of await pbx.queues.list().toArray()) {
    for (const agent of await pbx.queues.agents(queue.id).toArray()) out.set(`${queue.id}/${agent.userId ?? agent.extension}`, `${agent.loggedIn} ${agent.status}`);
  }
  return out;
}
