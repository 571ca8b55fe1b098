/** Live simulators: deterministic changes over time, and cdrs.sync keeping up with them (late arrivals included). */
import { describe, expect, it } from 'vitest';
import type { Cdr } from '../../core/model.js';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator.js';

const START = Date.now();

async function liveSim(vendor: 'portsip' | 'voipstudio' | 'netpbx', seed: number, clock: { t: number }): Promise<RunningSimulator<unknown>> {
  return startSimulator(vendor, { seed, users: 20, cdrs: 20, now: () => clock.t, live: { callsPerMinute: 120, agentChangesPerMinute: 30, userEditsPerMinute: 6, maxCallSeconds: 240, tickMs: 0 } } as never);
}

async function advance(sim: RunningSimulator<unknown>, clock: { t: number }, ms: number): Promise<void> {
  clock.t += ms;
  sim.live!.tick();
}

describe('live simulators', () => {
  it.each(['portsip', 'voipstudio', 'netpbx'] as const)('%s: the same seed gives the same changes at the same offsets', async (vendor) => {
    const runs = [];
    for (const seed of [4, 4, 5]) {
      const clock = { t: START };
      const sim = await liveSim(vendor, seed, clock);
      for (let i = 0; i < 20; i++) await advance(sim, clock, 15_000);
      runs.push(sim.live!.changes.map((c) => `${c.at - START} ${c.kind} ${c.summary}`));
      await sim.close();
    }
    expect(runs[0]!.length).toBeGreaterThan(10);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
    expect(new Set(runs[0]!.map((line) => line.split(' ')[1]))).toEqual(new Set(vendor === 'netpbx' ? ['agent', 'user'] : ['call', 'agent', 'user']));
  });

  it('refuses bad live options', async () => {
    await expect(startSimulator('portsip', { live: { callsPerMinute: -1 } })).rejects.toThrow(/live.callsPerMinute/);
  });

  it.each(['portsip', 'voipstudio'] as const)('%s: repeated syncs deliver every call record once, late arrivals included', async (vendor) => {
    const clock = { t: START };
    const sim = await liveSim(vendor, 8, clock);
    const pbx = createPbx({ vendor, baseUrl: sim.url, credentials: sim.credentials, fetch: sim.fetch } as CreatePbxOptions);
    const from = new Date(START - 40 * 86_400_000);
    const delivered: Cdr[] = [];
    let cursor: string | undefined;
    let late = 0;
    for (let step = 0; step < 30; step++) {
      await advance(sim, clock, 20_000);
      const before = Math.max(0, ...delivered.map((c) => c.startedAt.getTime()));
      for await (const batch of pbx.cdrs.sync({ ...(cursor ? { cursor } : { from }), overlapMs: 10 * 60_000, pageSize: 50 })) {
        late += batch.cdrs.filter((c) => c.startedAt.getTime() < before).length;
        delivered.push(...batch.cdrs);
        cursor = batch.cursor;
      }
    }
    const ids = delivered.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(sim.live!.cdrIds()));
    expect(sim.live!.cdrIds().length).toBeGreaterThan(40);
    expect(late).toBeGreaterThan(0); // some calls ended after later calls' records were synced
    await sim.close();
  });
});
