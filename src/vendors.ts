/**
 * The registry's store, which loads nothing of any vendor: every registered vendor by id, the
 * built-in ones as loaders until they are first needed. `src/registry.ts` (what `unipbx` and
 * `createPbx` use) imports the built-in adapters and hands them in at once, so for a library
 * user every vendor is loaded; the CLI imports only this module, and loads the one adapter a
 * command talks to ({@link loadVendor}, {@link createPbxAsync}).
 */
import { OPERATIONS } from '../core/capabilities.js';
import { ValidationError } from '../core/errors.js';
import type { PbxClient } from '../core/client.js';
import type { ConnectionOptions, VendorDefinition } from '../core/vendor.js';
import type { CreatePbxOptions } from './create.js';
import type { BuiltinVendorId, OptionsOf, VendorId } from './registry.js';

/**
 * The vendors this package ships, in the order tables list them, each imported at its first
 * use. `src/registry.ts` lists the same vendors imported eagerly; the compiler keeps the two
 * lists the same (the keys must be exactly `BuiltinVendorId`).
 */
const BUILTIN_LOADERS: { readonly [V in BuiltinVendorId]: () => Promise<VendorDefinition<OptionsOf<V>>> } = {
  portsip: async () => (await import('../adapters/portsip/index.js')).portsip,
  netpbx: async () => (await import('../adapters/netpbx/index.js')).netpbx,
  voipstudio: async () => (await import('../adapters/voipstudio/index.js')).voipstudio,
};

/** The ids of the vendors this package ships (the README's capability matrix lists these). */
export const BUILTIN_VENDOR_IDS: readonly VendorId[] = Object.keys(BUILTIN_LOADERS) as BuiltinVendorId[];

/** Every registered vendor whose definition is loaded, by id. Live: {@link registerVendor} adds to it. */
export const VENDORS: { readonly [V in VendorId]: VendorDefinition<OptionsOf<V>> } = {} as { [V in VendorId]: VendorDefinition<OptionsOf<V>> };

/** The ids of every registered vendor, loaded or not, in registration order. Live: {@link registerVendor} adds to it. */
export const VENDOR_IDS: readonly VendorId[] = [...BUILTIN_VENDOR_IDS];

/** Built-in vendors not loaded yet, by id, and the loads under way. */
const pending = new Map<string, () => Promise<VendorDefinition>>(Object.entries(BUILTIN_LOADERS));
const loading = new Map<string, Promise<VendorDefinition>>();

const VENDOR_ID = /^[a-z][a-z0-9-]{0,39}$/;

function refuse(message: string, field: string, issue: string): never {
  throw new ValidationError(`registerVendor: ${message}`, [{ field, message: issue }], 'client');
}

/** Throws unless `definition` is a well-formed vendor definition; returns its id. */
function checkDefinition(definition: VendorDefinition): string {
  const id: unknown = definition?.id;
  if (typeof id !== 'string' || !VENDOR_ID.test(id)) refuse(`invalid vendor id ${JSON.stringify(id)}`, 'id', 'must be lower-case letters, digits and dashes, starting with a letter');
  if (typeof definition.createAdapter !== 'function') refuse(`${id}: createAdapter is not a function`, 'createAdapter', 'must be a function');
  if (typeof definition.name !== 'string' || definition.name === '') refuse(`${id}: name is missing`, 'name', 'must be a non-empty string');
  const missing = OPERATIONS.filter((op) => !definition.capabilities || !Object.hasOwn(definition.capabilities, op));
  if (missing.length) refuse(`${id}: the capability manifest has no entry for ${missing.join(', ')}`, 'capabilities', `missing ${missing.join(', ')}`);
  return id;
}

/**
 * Makes a vendor known to `createPbx`, the DI module (`unipbx/di`), the capability table and
 * the CLI. Its manifest must take a position on every operation (`OPERATIONS`). Registering
 * the same definition again does nothing; another definition under a taken id (a built-in
 * vendor's too, loaded or not) is refused. Returns a function that unregisters it (for tests).
 */
export function registerVendor<O extends ConnectionOptions>(definition: VendorDefinition<O>): () => void {
  const id = checkDefinition(definition as unknown as VendorDefinition);
  const vendors = VENDORS as Record<string, VendorDefinition>;
  const existing = vendors[id];
  if (existing === (definition as unknown)) return () => unregister(id, definition);
  if (existing || pending.has(id)) refuse(`vendor "${id}" is already registered`, 'id', 'already registered');
  vendors[id] = definition as unknown as VendorDefinition;
  (VENDOR_IDS as string[]).push(id);
  return () => unregister(id, definition);
}

/**
 * Hands in a built-in vendor's definition, imported eagerly (`src/registry.ts`): its loader is
 * not needed any more. Not public: only the definitions the loaders return are accepted.
 */
export function provideBuiltin(definition: VendorDefinition): void {
  const id = checkDefinition(definition);
  if (VENDORS[id as VendorId] === (definition as unknown)) return;
  if (!pending.has(id)) throw new Error(`provideBuiltin: "${id}" is not a built-in vendor waiting to be loaded`);
  pending.delete(id);
  (VENDORS as Record<string, VendorDefinition>)[id] = definition;
}

function unregister(id: string, definition: object): void {
  const vendors = VENDORS as Record<string, VendorDefinition>;
  if (vendors[id] !== definition) return;
  delete vendors[id];
  (VENDOR_IDS as string[]).splice(VENDOR_IDS.indexOf(id as VendorId), 1);
}

/** True when `id` names a registered vendor (loaded or not). */
export function isVendorId(id: string): id is VendorId {
  return Object.hasOwn(VENDORS, id) || pending.has(id);
}

/** The registered vendor `id` if its definition is loaded (always so through `unipbx`), or undefined. */
export function getVendor(id: string): VendorDefinition | undefined {
  return Object.hasOwn(VENDORS, id) ? (VENDORS[id as VendorId] as unknown as VendorDefinition) : undefined;
}

/**
 * The registered vendor `id`, its adapter imported first if it is a built-in vendor not
 * loaded yet; undefined for an id no vendor is registered under.
 */
export async function loadVendor(id: string): Promise<VendorDefinition | undefined> {
  const loaded = getVendor(id);
  if (loaded) return loaded;
  const load = pending.get(id);
  if (!load) return undefined;
  let promise = loading.get(id);
  if (!promise) {
    promise = load().then((definition) => {
      provideBuiltin(definition);
      return definition;
    });
    loading.set(id, promise);
    promise.catch(() => loading.delete(id));
  }
  return promise;
}

/** A `ValidationError` for an id no vendor is registered under (`where` names the caller). */
export function unknownVendorError(where: string, vendor: unknown): ValidationError {
  const known = VENDOR_IDS.join(', ');
  return new ValidationError(`${where}: unknown vendor ${JSON.stringify(vendor)}; known: ${known}`, [{ field: 'vendor', message: `must be one of ${known}` }], 'client');
}

/**
 * `createPbx` for a caller that imports no vendor up front (the CLI): loads the vendor's
 * adapter, and the client facade, when they are not loaded yet. Same options, same errors
 * (as a rejection).
 */
export async function createPbxAsync(options: CreatePbxOptions): Promise<PbxClient> {
  const vendor: unknown = (options as { vendor?: unknown } | undefined)?.vendor;
  const definition = typeof vendor === 'string' ? await loadVendor(vendor) : undefined;
  if (!definition) throw unknownVendorError('createPbx', vendor);
  const { createVendorClient } = await import('../core/vendor.js');
  const { vendor: _vendor, ...vendorOptions } = options;
  return createVendorClient(definition, vendorOptions as ConnectionOptions);
}
