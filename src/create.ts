import type { PbxClient } from '../core/client.js';
import { ValidationError } from '../core/errors.js';
import { createVendorClient, type ConnectionOptions, type VendorDefinition } from '../core/vendor.js';
import { VENDORS, VENDOR_IDS, isVendorId, type OptionsOf, type VendorId } from './registry.js';

/** `createPbx` options: `vendor` plus that vendor's options. */
export type CreatePbxOptions = { [V in VendorId]: { readonly vendor: V } & OptionsOf<V> }[VendorId];

/**
 * Creates a client for any registered vendor:
 *
 * ```ts
 * const pbx = createPbx({ vendor: 'portsip', baseUrl: 'https://pbx:8887', credentials: { username, password } });
 * for await (const user of pbx.users.list()) console.log(user.displayName);
 * ```
 *
 * Invalid options throw `ValidationError` at once; nothing is sent until the first call.
 */
export function createPbx(options: CreatePbxOptions): PbxClient {
  const vendor: unknown = (options as { vendor?: unknown } | undefined)?.vendor;
  if (typeof vendor !== 'string' || !isVendorId(vendor)) {
    throw new ValidationError(`createPbx: unknown vendor ${JSON.stringify(vendor)}; known: ${VENDOR_IDS.join(', ')}`, [
      { field: 'vendor', message: `must be one of ${VENDOR_IDS.join(', ')}` },
    ], 'client');
  }
  const { vendor: _vendor, ...vendorOptions } = options;
  const definition = VENDORS[vendor] as VendorDefinition<ConnectionOptions, unknown>;
  return createVendorClient(definition, vendorOptions as ConnectionOptions);
}
