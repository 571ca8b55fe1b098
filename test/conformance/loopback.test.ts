/** The conformance suite against every registered vendor's simulator over real loopback HTTP. */
import { describe, it } from 'vitest';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { VENDORS, VENDOR_IDS } from '../../src/registry.js';
import { defineConformanceSuite } from '../../src/conformance/index.js';
import { startSimulator } from '../../src/simulator.js';

for (const vendor of VENDOR_IDS) {
  defineConformanceSuite({ describe, it }, {
    name: `${vendor} (simulator over loopback)`,
    capabilities: VENDORS[vendor].capabilities,
    async setup() {
      const sim = await startSimulator(vendor, { users: 40, cdrs: 400 });
      const client = createPbx({ vendor, baseUrl: sim.url, credentials: sim.credentials, retry: { baseDelayMs: 1, maxDelayMs: 5 } } as CreatePbxOptions);
      return {
        client,
        facts: sim.facts,
        requestCount: sim.requestCount,
        teardown: async () => {
          await client.close();
          await sim.close();
        },
      };
    },
  });
}
