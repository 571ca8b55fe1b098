/**
 * The conformance suite (packaged entry) against every registered vendor with the HTTP
 * traffic under nock: requests go through the client's real stack and are answered by the
 * vendor simulator in-process (see test/support/nock-bridge.ts).
 */
import nock from 'nock';
import { VENDORS, VENDOR_IDS } from 'unipbx';
import { defineConformanceSuite } from 'unipbx/conformance';
import { startSimulator } from 'unipbx/simulator';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { bridgeNock } from '../support/nock-bridge.js';
import { SIM_OPTIONS, simulatorContext } from './targets.js';

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

for (const vendor of VENDOR_IDS) {
  let instances = 0;
  defineConformanceSuite({ describe, it, skip: it.skip }, {
    name: `${vendor} (simulator under nock)`,
    capabilities: VENDORS[vendor].capabilities,
    features: ['connect', 'faults'],
    async setup() {
      const sim = await startSimulator(vendor, SIM_OPTIONS);
      const served = new URL(sim.url);
      // A distinct host per test: a late request of a finished test can never reach the next one's PBX.
      const origin = `https://${vendor}-${++instances}.conformance.test`;
      // The simulator answers in-process (its loopback socket is never used); an injected reset rejects like undici.
      bridgeNock(origin, {
        fetch: (request) => {
          const url = new URL(request.url);
          return sim.fetch(new Request(new URL(url.pathname + url.search, served.origin), request));
        },
      });
      return simulatorContext(sim, `${origin}${served.pathname.replace(/\/$/, '')}`, undefined, () => nock.cleanAll());
    },
  });
}
