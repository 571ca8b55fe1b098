/** `unipbx capabilities [vendor|all]`: what each vendor can do, from its capability manifest. */
import type { Command } from 'commander';
import { OPERATIONS, VENDORS, VENDOR_IDS, isVendorId, type VendorId } from '../../index.js';
import type { Runtime } from '../context.js';
import { usageError } from '../errors.js';
import { renderTable } from '../output.js';
import { configuredVendor } from '../profiles.js';
import { CAPABILITY, capabilityRow, type CapabilityRow } from '../records.js';

function rows(vendors: readonly VendorId[]): CapabilityRow[] {
  return vendors.flatMap((vendor) => OPERATIONS.map((operation) => capabilityRow(vendor, operation, VENDORS[vendor].capabilities[operation])));
}

export function registerCapabilities(program: Command, rt: Runtime): void {
  program
    .command('capabilities')
    .description('what a vendor can do (native, emulated at a cost, or unsupported and why); all vendors as a matrix')
    .argument('[vendor]', `${VENDOR_IDS.join(', ')} or all (default: the configured vendor, else all)`)
    .action(async (vendor: string | undefined, _options: object, command: Command) => {
      const chosen = vendor ?? configuredVendor(rt.globals(command), rt.env) ?? 'all';
      if (chosen !== 'all' && !isVendorId(chosen)) throw usageError(`unknown vendor "${chosen}"`, `known vendors: ${VENDOR_IDS.join(', ')} (or all)`);
      const vendors = chosen === 'all' ? VENDOR_IDS : [chosen];
      const out = rt.output(command);
      if (out.format !== 'table') {
        await out.list(rows(vendors), CAPABILITY);
        return;
      }
      if (vendors.length === 1) {
        const [only] = vendors as [VendorId];
        await out.note(`${VENDORS[only].name} (${only})\n\n`);
        await out.list(rows(vendors), CAPABILITY);
        return;
      }
      // The matrix: one row per operation, one column per vendor.
      const matrix = OPERATIONS.map((operation) => [operation, ...vendors.map((v) => VENDORS[v].capabilities[operation].support)]);
      await out.io.out(renderTable(['OPERATION', ...vendors.map((v) => v.toUpperCase())], matrix, out.color, out.width));
      await out.note(`\ncosts and reasons: unipbx capabilities <${vendors.join('|')}>`);
    });
}
