/** The conformance suite (packaged entry) against every registered vendor's simulator over real loopback HTTP. */
import { VENDORS, VENDOR_IDS } from 'unipbx';
import { defineConformanceSuite } from 'unipbx/conformance';
import { describe, it } from 'vitest';
import { loopbackContext } from './targets.js';

for (const vendor of VENDOR_IDS) {
  defineConformanceSuite({ describe, it, skip: it.skip }, {
    name: `${vendor} (simulator over loopback)`,
    capabilities: VENDORS[vendor].capabilities,
    features: ['connect', 'faults'],
    setup: () => loopbackContext(vendor),
  });
}
