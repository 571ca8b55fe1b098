import type { PbxClient } from '../core/client.js';
import { createVendorClient, type ConnectionOptions } from '../core/vendor.js';
import { getVendor, unknownVendorError, type OptionsOf, type VendorId } from './registry.js';

/** `createPbx` options: `vendor` plus that vendor's options (any vendor in `VendorRegistry`). */
export type CreatePbxOptions = { [V in VendorId]: { readonly vendor: V } & OptionsOf<V> }[VendorId];

/**
 * Creates a client for any registered vendor (the built-in ones, and those added with
 * `registerVendor`):
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
  const definition = typeof vendor === 'string' ? getVendor(vendor) : undefined;
  if (!definition) throw unknownVendorError('createPbx', vendor);
  const { vendor: _vendor, ...vendorOptions } = options;
  return createVendorClient(definition, vendorOptions as ConnectionOptions);
}
