/**
 * The conformance suite against every registered vendor with the HTTP traffic under nock:
 * requests go through the client's real stack and are answered by the vendor simulator
 * in-process (see test/support/nock-bridge.ts).
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { VENDORS, VENDOR_IDS } from '../../src/registry.js';
import { defineConformanceSuite } from '../../src/conformance/index.js';
import { simulatorFactory } from '../../src/simulator.js';
import { bridgeNock } from '../support/nock-bridge.js';

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

for (const vendor of VENDOR_IDS) {
  let instances = 0;
  defineConformanceSuite({ describe, it }, {
    name: `${vendor} (simulator under nock)`,
    capabilities: VENDORS[vendor].capabilities,
    async setup() {
      const instance = (await simulatorFactory(vendor))({ users: 40, cdrs: 400 });
      // A distinct host per test: a late request of a finished test can never reach the next one's PBX.
      const origin = `https://${vendor}-${++instances}.conformance.test`;
      bridgeNock(origin, instance.handler);
      const client = createPbx({ vendor, baseUrl: `${origin}${instance.basePath}`, credentials: instance.credentials, retry: { baseDelayMs: 1, maxDelayMs: 5 } } as CreatePbxOptions);
      return {
        client,
        facts: instance.facts,
        requestCount: () => instance.requestCount(),
        teardown: async () => {
          await client.close();
          nock.cleanAll(); // tests of a file run one at a time
        },
      };
    },
  });
}
