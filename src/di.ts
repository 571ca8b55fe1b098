/**
 * Composition with inversify, for applications that use dependency injection. Everything
 * here is a thin layer over `createPbx`; applications without DI do not need it, which is
 * why it is its own entry point (`unipbx/di`): `import 'unipbx'` never loads inversify.
 *
 * ```ts
 * import 'reflect-metadata';
 * import { Container } from 'inversify';
 * import { PBX_TYPES, unipbxModule, pbxClientModule } from 'unipbx/di';
 *
 * const container = new Container();
 * container.load(unipbxModule, pbxClientModule({ vendor: 'portsip', baseUrl, credentials }));
 * const pbx = container.get<PbxClient>(PBX_TYPES.Client);
 * const portsip = container.get<VendorDefinition>(PBX_TYPES.Vendor, { name: 'portsip' });
 * ```
 */
import 'reflect-metadata';
import { ContainerModule, type ResolutionContext } from 'inversify';
import type { PbxClient } from '../core/client.js';
import { createVendorClient, type ConnectionOptions, type VendorDefinition } from '../core/vendor.js';
import type { CreatePbxOptions } from './create.js';
import { VENDOR_IDS, getVendor, unknownVendorError } from './registry.js';

/** Service identifiers. `Symbol.for`, so they match across copies of the package. */
export const PBX_TYPES = {
  /** A `VendorDefinition`. Resolve one with `{ name: '<vendor id>' }`, or all with `getAll`. */
  Vendor: Symbol.for('unipbx.Vendor'),
  /** A `PbxClientFactory`: builds a client from `createPbx` options, resolving the vendor by name. */
  ClientFactory: Symbol.for('unipbx.ClientFactory'),
  /** A `PbxClient`, bound by {@link pbxClientModule} (named when you pass a name). */
  Client: Symbol.for('unipbx.Client'),
} as const;

/** Builds a client from `createPbx` options. */
export type PbxClientFactory = (options: CreatePbxOptions) => PbxClient;

/**
 * Binds every registered vendor under `PBX_TYPES.Vendor` (named by vendor id, and visible
 * to `getAll`) and the client factory under `PBX_TYPES.ClientFactory`. The vendors are those
 * registered when the module is loaded into a container (`registerVendor` before `load`).
 */
export const unipbxModule = new ContainerModule(({ bind }) => {
  for (const id of VENDOR_IDS) {
    // Unnamed requests (getAll) and requests named after this vendor both match.
    bind<VendorDefinition>(PBX_TYPES.Vendor)
      .toConstantValue(getVendor(id)!)
      .when((metadata) => metadata.name === undefined || metadata.name === id);
  }
  bind<PbxClientFactory>(PBX_TYPES.ClientFactory).toDynamicValue((context: ResolutionContext) => (options) => {
    const { vendor, ...rest } = options;
    const definition = context.get<VendorDefinition>(PBX_TYPES.Vendor, { name: vendor, optional: true });
    if (!definition) throw unknownVendorError('unipbx/di', vendor);
    return createVendorClient(definition, rest as ConnectionOptions);
  });
});

/**
 * Binds a singleton `PBX_TYPES.Client` built from `options` (load `unipbxModule` too). Give a
 * `name` to bind several PBXs and resolve each with `container.get(PBX_TYPES.Client, { name })`.
 */
export function pbxClientModule(options: CreatePbxOptions, name?: string): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<PbxClient>(PBX_TYPES.Client)
      .toDynamicValue((context: ResolutionContext) => context.get<PbxClientFactory>(PBX_TYPES.ClientFactory)(options))
      .inSingletonScope()
      // The unnamed client answers unnamed requests only, so it never makes a named one ambiguous.
      .when((metadata) => metadata.name === name);
  });
}
