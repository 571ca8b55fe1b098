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
 * here leads to simulator code.
 */
import { OPERATIONS } from '../core/capabilities.js';
import { ValidationError } from '../core/errors.js';
import type { ConnectionOptions, VendorDefinition } from '../core/vendor.js';
import { netpbx } from '../adapters/netpbx/index.js';
import { portsip } from '../adapters/portsip/index.js';
import { voipstudio } from '../adapters/voipstudio/index.js';

/** The vendors this package ships, in the order tables list them: one line per vendor. */
const BUILTIN = {
  portsip,
  netpbx,
  voipstudio,
} as const;

/** The options a definition's `createAdapter` takes. */
type DefinitionOptions<D> = D extends VendorDefinition<infer O> ? O : never;

/** The built-in part of {@link VendorRegistry}, derived from {@link BUILTIN}. */
type BuiltinRegistry = { [K in keyof typeof BUILTIN]: DefinitionOptions<(typeof BUILTIN)[K]> };

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

/** The ids of the vendors this package ships (the README's capability matrix lists these). */
export const BUILTIN_VENDOR_IDS: readonly VendorId[] = BUILTIN_VENDORS.map((v) => v.id as VendorId);

/** Every registered vendor by id. Live: {@link registerVendor} adds to it. */
export const VENDORS: { readonly [V in VendorId]: VendorDefinition<OptionsOf<V>> } = {} as { [V in VendorId]: VendorDefinition<OptionsOf<V>> };

/** The ids of every registered vendor, in registration order. Live: {@link registerVendor} adds to it. */
export const VENDOR_IDS: readonly VendorId[] = [];

const VENDOR_ID = /^[a-z][a-z0-9-]{0,39}$/;

function refuse(message: string, field: string, issue: string): never {
  throw new ValidationError(`registerVendor: ${message}`, [{ field, message: issue }], 'client');
}

/**
 * Makes a vendor known to `createPbx`, the DI module (`unipbx/di`), the capability table and
 * the CLI. Its manifest must take a position on every operation (`OPERATIONS`). Registering
 * the same definition again does nothing; another definition under a taken id is refused.
 * Returns a function that unregisters it (for tests).
 */
export function registerVendor<O extends ConnectionOptions>(definition: VendorDefinition<O>): () => void {
  const id: unknown = definition?.id;
  if (typeof id !== 'string' || !VENDOR_ID.test(id)) refuse(`invalid vendor id ${JSON.stringify(id)}`, 'id', 'must be lower-case letters, digits and dashes, starting with a letter');
  if (typeof definition.createAdapter !== 'function') refuse(`${id}: createAdapter is not a function`, 'createAdapter', 'must be a function');
  if (typeof definition.name !== 'string' || definition.name === '') refuse(`${id}: name is missing`, 'name', 'must be a non-empty string');
  const missing = OPERATIONS.filter((op) => !definition.capabilities || !Object.hasOwn(definition.capabilities, op));
  if (missing.length) refuse(`${id}: the capability manifest has no entry for ${missing.join(', ')}`, 'capabilities', `missing ${missing.join(', ')}`);
  const vendors = VENDORS as Record<string, VendorDefinition>;
  const existing = vendors[id];
  if (existing === definition) return () => unregister(id, definition);
  if (existing) refuse(`vendor "${id}" is already registered`, 'id', 'already registered');
  vendors[id] = definition as unknown as VendorDefinition;
  (VENDOR_IDS as string[]).push(id);
  return () => unregister(id, definition);
}

function unregister(id: string, definition: object): void {
  const vendors = VENDORS as Record<string, VendorDefinition>;
  if (vendors[id] !== definition) return;
  delete vendors[id];
  (VENDOR_IDS as string[]).splice(VENDOR_IDS.indexOf(id as VendorId), 1);
}

/** True when `id` names a registered vendor. */
export function isVendorId(id: string): id is VendorId {
  return Object.hasOwn(VENDORS, id);
}

/** The registered vendor `id`, or undefined. */
export function getVendor(id: string): VendorDefinition | undefined {
  return isVendorId(id) ? (VENDORS[id] as unknown as VendorDefinition) : undefined;
}

/** A `ValidationError` for an id no vendor is registered under (`where` names the caller). */
export function unknownVendorError(where: string, vendor: unknown): ValidationError {
  const known = VENDOR_IDS.join(', ');
  return new ValidationError(`${where}: unknown vendor ${JSON.stringify(vendor)}; known: ${known}`, [{ field: 'vendor', message: `must be one of ${known}` }], 'client');
}

for (const vendor of BUILTIN_VENDORS) registerVendor(vendor);
