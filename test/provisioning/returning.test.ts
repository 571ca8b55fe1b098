/**
 * `returning: 'none'`: a write that does not need its result makes no read-back, on every
 * vendor that supports users.update (counted on the simulators), and the option is validated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPbxError } from '../../core/errors.js';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import type { PbxClient } from '../../src/index.js';
import { VENDOR_IDS } from '../../src/registry.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator.js';

const sims = new Map<string, RunningSimulator<unknown>>();
const clients = new Map<string, { client: PbxClient; requests: string[] }>();

beforeAll(async () => {
  for (const vendor of VENDOR_IDS) {
    const sim = await startSimulator(vendor, { seed: 5 });
    sims.set(vendor, sim);
    const requests: string[] = [];
    const client = createPbx({
      vendor,
      baseUrl: sim.url,
      credentials: sim.credentials,
      fetch: sim.fetch,
      hooks: { onRequest: (e) => requests.push(`${e.method} ${e.operation}`) },
    } as CreatePbxOptions);
    clients.set(vendor, { client, requests });
  }
});
afterAll(async () => Promise.all([...sims.values()].map((s) => s.close())));

const PATCH = { portsip: { email: 'changed.once@example.com' }, netpbx: { email: 'changed.once@example.com' }, voipstudio: { email: 'changed.once@example.com' } } as const;

describe.each(VENDOR_IDS)('%s users.update', (vendor) => {
  it("with returning: 'none' makes exactly the write requests, and resolves with the id", async () => {
    const { client, requests } = clients.get(vendor)!;
    const [user] = await client.users.list({ pageSize: 5 }).toArray({ max: 1 });
    await client.whoami().catch(() => undefined); // log in first, so that only the update is counted
    requests.length = 0;
    const ack = await client.users.update(user!.id, PATCH[vendor as keyof typeof PATCH], { returning: 'none' });
    expect(ack).toEqual({ id: user!.id });
    expect(requests.filter((r) => r.startsWith('GET'))).toEqual([]);
    expect(requests.length).toBe(1);
    expect((await client.users.get(user!.id)).email).toBe('changed.once@example.com');
  });

  it('without it resolves with the stored user', async () => {
    const { client } = clients.get(vendor)!;
    const [user] = await client.users.list({ pageSize: 5 }).toArray({ max: 1 });
    const stored = await client.users.update(user!.id, { email: 'changed.twice@example.com' });
    expect(stored.id).toBe(user!.id);
    expect(stored.email).toBe('changed.twice@example.com');
  });

  it('refuses an unknown returning value before sending anything', async () => {
    const { client, requests } = clients.get(vendor)!;
    requests.length = 0;
    const error = await client.users.update('1', { email: 'x@example.com' }, { returning: 'minimal' as 'none' }).catch((e: unknown) => e);
    expect(isPbxError(error, 'VALIDATION_FAILED')).toBe(true);
    expect(requests).toEqual([]);
  });
});

describe('portsip users.create', () => {
  it("with returning: 'none' skips the read-back", async () => {
    const { client, requests } = clients.get('portsip')!;
    const sim = sims.get('portsip')!;
    requests.length = 0;
    const ack = await client.users.create({ extension: sim.facts.freeExtension, displayName: 'No Readback', email: 'no.readback@example.com' }, { returning: 'none' });
    expect(Object.keys(ack)).toEqual(['id']);
    expect(requests).toEqual(['POST users.create']);
    expect((await client.users.get(ack.id)).extension).toBe(sim.facts.freeExtension);
  });
});
