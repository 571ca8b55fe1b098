/** The README's capability matrix is generated from the manifests (`npm run docs`) and must not drift. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES_START, capabilityMarkdown, withCapabilityTable } from '../../src/capability-table.js';
import { VENDOR_IDS, VENDORS } from '../../src/registry.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README capability matrix', () => {
  it('is what `npm run docs` generates from the manifests (run it after changing a manifest)', () => {
    expect(readme).toContain(CAPABILITIES_START);
    expect(withCapabilityTable(readme)).toBe(readme);
  });

  it('shows every registered vendor side by side, one row per operation', () => {
    const [header, , ...rows] = capabilityMarkdown().split('\n');
    for (const vendor of VENDOR_IDS) expect(header).toContain(VENDORS[vendor].name);
    expect(rows).toHaveLength(Object.keys(VENDORS.portsip.capabilities).length);
    // An unsupported operation is marked as such in its vendor's column.
    const createRow = rows.find((r) => r.startsWith('| `users.create`'))!.split(' | ');
    VENDOR_IDS.forEach((vendor, i) => expect(createRow[i + 1]!.replace(/ \|$/, '') === '—').toBe(VENDORS[vendor].capabilities['users.create'].support === 'unsupported'));
  });
});
