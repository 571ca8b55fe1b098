/**
 * The committed OpenAPI subset is exactly what `scripts/portsip-openapi-subset.ts` extracts
 * from PortSIP's full published v22.0 spec (`../shared/vendor-docs/portsip-v22.0-full.openapi.json`),
 * so nobody can hand-edit the file the simulator and the wire tests validate against.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE, PORTSIP_OPERATIONS, SUBSET_FILE, extractSubset } from '../../scripts/portsip-openapi-subset.js';
import { SUBSET_OPERATIONS } from '../support/portsip/openapi.js';

const haveVendorSpec = existsSync(DEFAULT_SOURCE);
if (!haveVendorSpec) {
  console.warn(`openapi-subset.test.ts: skipped, the full vendor spec is not here (${DEFAULT_SOURCE}); it lives in ../shared/vendor-docs next to the repository.`);
}

describe('PortSIP OpenAPI subset', () => {
  it('lists exactly the operations of the extraction script', () => {
    expect([...SUBSET_OPERATIONS].sort()).toEqual([...PORTSIP_OPERATIONS].sort());
  });

  it.skipIf(!haveVendorSpec)('regenerating it from ../shared/vendor-docs/portsip-v22.0-full.openapi.json gives the committed file byte for byte', () => {
    const regenerated = extractSubset(readFileSync(DEFAULT_SOURCE, 'utf8'));
    const committed = readFileSync(SUBSET_FILE, 'utf8');
    // A structural diff first (readable), then the exact bytes (formatting, trailing newline).
    expect(JSON.parse(committed)).toEqual(regenerated);
    expect(committed).toBe(`${JSON.stringify(regenerated, null, 1)}\n`);
  });
});
