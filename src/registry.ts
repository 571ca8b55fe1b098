/**
 * The vendors unipbx knows. Adding a vendor = one folder under `adapters/` exporting a
 * `VendorDefinition`, and one line here.
 */
import { netpbx } from '../adapters/netpbx/index.js';
import { portsip } from '../adapters/portsip/index.js';
import { voipstudio } from '../adapters/voipstudio/index.js';

export const VENDORS = {
  portsip,
  netpbx,
  voipstudio,
} as const;

/** Id of a registered vendor. */
export type VendorId = keyof typeof VENDORS;

/** The ids of all registered vendors, in registry order. */
export const VENDOR_IDS = Object.keys(VENDORS) as VendorId[];

/** Options the vendor's factory takes. */
export type OptionsOf<V extends VendorId> = Parameters<(typeof VENDORS)[V]['createAdapter']>[0];

/** True when `id` names a registered vendor. */
export function isVendorId(id: string): id is VendorId {
  return Object.hasOwn(VENDORS, id);
}
