/** `cdrs.sync` end to end against each vendor's simulator (in-process fetch). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedOperationError } from '../../core/errors.js';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator.js';

const sims = new Map<string, RunningSimulator<unknown>>();

beforeAll(async () => {
  for (const vendor of ['portsip', 'voipstudio', 'netpbx'] as const) sims.set(vendor, await startSimulator(vendor, { seed: 5, cdrs: 600 }));
});
afterAll(async () => {
  await Promise.all([...sims.values()].map((s) => s.close()));
});

const client = (vendor: string) => {
  const sim = sims.get(vendor)!;
  return createPbx({ vendor, baseUrl: sim.url, credentials: sim.credentials, fetch: sim.fetch } as CreatePbxOptions);
};

describe.each(['portsip', 'voipstudio'])('cdrs.sync on %s', (vendor) => {
  it('delivers what cdrs.list streams for the same range, once, and nothing on resume', async () => {
    const pbx = client(vendor);
    const from = new Date(Date.now() - 40 * 86_400_000);
    const listed = (await pbx.cdrs.list({ from, pageSize: 100 }).toArray()).map((c) => c.id);
    const synced: string[] = [];
    let cursor = '';
    for await (const batch of pbx.cdrs.sync({ from, pageSize: 100 })) {
      synced.push(...batch.cdrs.map((c) => c.id));
      cursor = batch.cursor;
    }
    expect(synced.length).toBeGreaterThan(100);
    expect(new Set(synced).size).toBe(synced.length);
    expect(new Set(synced)).toEqual(new Set(listed));
    let again = 0;
    for await (const batch of pbx.cdrs.sync({ cursor })) again += batch.cdrs.length;
    expect(again).toBe(0);
  });

  it('refuses bad options at the call site, before any request', () => {
    const pbx = client(vendor);
    expect(() => pbx.cdrs.sync({ overlapMs: -1 })).toThrow(/overlapMs/);
    expect(() => pbx.cdrs.sync({ cursor: 'garbage' })).toThrow(/invalid cursor/);
    expect(() => pbx.cdrs.sync({ overlap: 5 } as never)).toThrow(/overlap/);
  });
});

describe('cdrs.sync on netpbx', () => {
  it('is unsupported, with the manifest reason, before any request', () => {
    const pbx = client('netpbx');
    const before = sims.get('netpbx')!.requestCount();
    expect(() => pbx.cdrs.sync()).toThrow(UnsupportedOperationError);
    expect(pbx.capabilities['cdrs.sync']).toMatchObject({ support: 'unsupported', reason: expect.stringMatching(/no call records/) });
    expect(sims.get('netpbx')!.requestCount()).toBe(before);
  });
});
