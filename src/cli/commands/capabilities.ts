/** `unipbx capabilities [vendor|all]`: what each vendor can do, from its capability manifest. */
import type { Command } from 'commander';
import { OPERATIONS } from '../../../core/capabilities.js';
import type { VendorDefinition } from '../../../core/vendor.js';
import { VENDOR_IDS, isVendorId, loadVendor } from '../../vendors.js';
import type { Runtime } from '../context.js';
import { usageError } from '../errors.js';
import { renderTable } from '../output.js';
import { configuredVendor } from '../profiles.js';
import { CAPABILITY, capabilityRow, type CapabilityRow } from '../records.js';

function rows(vendors: readonly VendorDefinition[]): CapabilityRow[] {
  return vendors.flatMap((vendor) => OPERATIONS.map((operation) => capabilityRow(vendor.id, operation, vendor.capabilities[operation])));
}

export function registerCapabilities(program: Command, rt: Runtime): void {
  program
    .command('capabilities')
    .description('what a vendor can do (native, emulated at a cost, or unsupported and why); all vendors as a matrix')
    .argument('[vendor]', `${VENDOR_IDS.join(', ')} or all (default: the configured vendor, else all)`)
    .action(async (vendor: string | undefined, _options: object, command: Command) => {
      const chosen = vendor ?? configuredVendor(rt.globals(command), rt.env) ?? 'all';
      if (chosen !== 'all' && !isVendorId(chosen)) throw usageError(`unknown vendor "${chosen}"`, `known vendors: ${VENDOR_IDS.join(', ')} (or all)`);
      // Only the vendors shown are loaded.
      const vendors = await Promise.all((chosen === 'all' ? VENDOR_IDS : [chosen]).map(async (id) => (await loadVendor(id))!));
      const out = rt.output(command);
      if (out.format !== 'table') {
        await out.list(rows(vendors), CAPABILITY);
        return;
      }
      if (vendors.length === 1) {
        const [only] = vendors as [VendorDefinition];
        await out.note(`${only.name} (${only.id})\n\n`);
        await out.list(rows(vendors), CAPABILITY);
        return;
      }
      // The matrix: one row per operation, one column per vendor.
      const matrix = OPERATIONS.map((operation) => [operation, ...vendors.map((v) => v.capabilities[operation].support)]);
      await out.io.out(await renderTable(['OPERATION', ...vendors.map((v) => v.id.toUpperCase())], matrix, out.color, out.width));
      await out.note(`\ncosts and reasons: unipbx capabilities <${vendors.map((v) => v.id).join('|')}>`);
    });
}
