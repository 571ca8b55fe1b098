/** The README's capability matrix is generated from the manifests (`npm run docs`) and must not drift. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES_START, capabilityMarkdown, withCapabilityTable } from '../../src/capability-table.js';
import { OPERATIONS } from '../../core/capabilities.js';
import { BUILTIN_VENDOR_IDS, VENDOR_IDS, VENDORS } from '../../src/registry.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README capability matrix', () => {
  it('is what `npm run docs` generates from the manifests (run it after changing a manifest)', () => {
    expect(readme).toContain(CAPABILITIES_START);
    expect(withCapabilityTable(readme)).toBe(readme);
  });

  it.each([
    ['the built-in vendors (the README)', undefined, BUILTIN_VENDOR_IDS],
    ['every registered vendor', VENDOR_IDS, VENDOR_IDS],
  ])('shows %s side by side, one row per operation', (_what, asked, VENDOR_IDS) => {
    const [header, , ...rows] = capabilityMarkdown(asked).split('\n');
    for (const vendor of VENDOR_IDS) expect(header).toContain(VENDORS[vendor].name);
    expect(rows).toHaveLength(OPERATIONS.length);
    // An unsupported operation is marked as such in its vendor's column.
    const createRow = rows.find((r) => r.startsWith('| `users.create`'))!.split(' | ');
    VENDOR_IDS.forEach((vendor, i) => expect(createRow[i + 1]!.replace(/ \|$/, '') === '—').toBe(VENDORS[vendor].capabilities['users.create'].support === 'unsupported'));
  });
});
