/** core/sim/record.ts: the simulators' request log keeps no passwords and is bounded. */
import { describe, expect, it } from 'vitest';
import { REQUEST_LOG_CAP } from '../../core/sim/record.js';
import { runSimulator } from '../../core/sim/run.js';
import type { RecordedRequest } from '../../core/sim/record.js';
import type { SimulatorInstance } from '../../core/sim/types.js';
import { createPbx, VENDORS, VENDOR_IDS, type CreatePbxOptions } from '../../src/index.js';
import type { VendorId } from '../../src/registry.js';

/** A vendor's simulator on loopback, with its request log. */
async function start(vendor: VendorId) {
  const instance = ((await VENDORS[vendor].loadSimulator()) as (options: object) => SimulatorInstance)({ seed: 3, users: 3, cdrs: 0 });
  const requests = (instance as unknown as { requests: RecordedRequest[] }).requests;
  expect(Array.isArray(requests)).toBe(true);
  const sim = await runSimulator(instance);
  return { instance, requests, sim };
}

describe('simulator request log', () => {
  it.each(VENDOR_IDS)('%s: a login leaves no credential secret in the log', async (vendor) => {
    const { requests, sim } = await start(vendor);
    const client = createPbx({ vendor, baseUrl: sim.url, credentials: sim.credentials } as CreatePbxOptions);
    try {
      await client.users.list().page();
      const secrets = Object.entries(sim.credentials as Record<string, unknown>)
        .filter(([key, value]) => /pass|secret|token|key/i.test(key) && typeof value === 'string')
        .map(([, value]) => value as string);
      expect(secrets.length).toBeGreaterThan(0);
      const log = JSON.stringify(requests);
      expect(requests.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(log).not.toContain(secret);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('keeps the newest requests only (bounded), and still counts them all', async () => {
    const { instance, requests: log, sim } = await start(VENDOR_IDS[0]!);
    try {
      const total = REQUEST_LOG_CAP + REQUEST_LOG_CAP / 4;
      for (let i = 0; i < total; i++) await instance.handler.fetch(new Request(`${sim.url}/no-such-route-${i}`));
      expect(sim.requestCount()).toBe(total);
      expect(log.length).toBeLessThanOrEqual(REQUEST_LOG_CAP + REQUEST_LOG_CAP / 8);
      expect(log.length).toBeGreaterThanOrEqual(REQUEST_LOG_CAP);
      expect(log.at(-1)!.path).toMatch(new RegExp(`no-such-route-${total - 1}$`));
    } finally {
      await sim.close();
    }
  }, 120_000);
});
