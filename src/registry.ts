/**
 * The vendors unipbx knows: an open registry. The built-in vendors are registered here (a
 * vendor in this repo = one folder under `adapters/` exporting a `VendorDefinition`, and its
 * line in `BUILTIN` below); any other package registers its own with
 * {@link registerVendor}, and its options type by augmenting {@link VendorRegistry}:
 *
 * ```ts
 * import { registerVendor } from 'unipbx';
 * import { acme, type AcmeOptions } from 'unipbx-acme';
 *
 * declare module 'unipbx' {
 *   interface VendorRegistry { acme: AcmeOptions }
 * }
 * registerVendor(acme);
 * const pbx = createPbx({ vendor: 'acme', baseUrl, credentials: { apiKey } }); // type-checks with AcmeOptions
 * ```
 *
 * Simulators are registered apart (`registerSimulator` in `unipbx/simulator`), so nothing
 * here leads to simulator code. The store itself is `src/vendors.ts`, which imports no vendor:
 * this module hands it the built-in vendors, imported eagerly, so that `createPbx` is
 * synchronous.
 */
import type { VendorDefinition } from '../core/vendor.js';
import { netpbx } from '../adapters/netpbx/index.js';
import { portsip } from '../adapters/portsip/index.js';
import { voipstudio } from '../adapters/voipstudio/index.js';
import { provideBuiltin } from './vendors.js';

export { BUILTIN_VENDOR_IDS, VENDORS, VENDOR_IDS, getVendor, isVendorId, registerVendor, unknownVendorError } from './vendors.js';

/**
 * The vendors this package ships, in the order tables list them: one line per vendor (and its
 * loader in `src/vendors.ts`, which the CLI uses to import only the vendor it talks to).
 */
const BUILTIN = {
  portsip,
  netpbx,
  voipstudio,
} as const;

/** The options a definition's `createAdapter` takes. */
type DefinitionOptions<D> = D extends VendorDefinition<infer O> ? O : never;

/** Id of a vendor this package ships. */
export type BuiltinVendorId = keyof typeof BUILTIN;

/** The built-in part of {@link VendorRegistry}, derived from {@link BUILTIN}. */
type BuiltinRegistry = { [K in BuiltinVendorId]: DefinitionOptions<(typeof BUILTIN)[K]> };

/**
 * Vendor id → the options its `createPbx` call takes. Augment it (`declare module 'unipbx'`)
 * when you register a vendor, so that `createPbx({ vendor: 'yours', … })` is typed.
 */
export interface VendorRegistry extends BuiltinRegistry {}

/** Id of a vendor in {@link VendorRegistry}. */
export type VendorId = Extract<keyof VendorRegistry, string>;

/** Options the vendor's factory takes. */
export type OptionsOf<V extends VendorId> = VendorRegistry[V];

/** The vendors this package ships. */
export const BUILTIN_VENDORS: readonly VendorDefinition[] = Object.values(BUILTIN);

for (const vendor of BUILTIN_VENDORS) provideBuiltin(vendor);
