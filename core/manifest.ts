/**
 * Helpers for writing a capability manifest (`core/capabilities.ts`): a vendor declares what
 * it does, and every other operation — including ones added to `OPERATIONS` later — is
 * unsupported with a stated reason, so a manifest is complete by construction.
 */
import { OPERATIONS, isSupported, type Capability, type CapabilityManifest, type OperationName } from './capabilities.js';

/**
 * A complete manifest: the `declared` entries, and for every other operation
 * `{ support: 'unsupported', reason: unsupported(operation) }`.
 */
export function completeManifest(declared: Partial<Record<OperationName, Capability>>, unsupported: (operation: OperationName) => string): CapabilityManifest {
  return Object.fromEntries(
    OPERATIONS.map((operation) => [operation, declared[operation] ?? { support: 'unsupported', reason: unsupported(operation) }]),
  ) as CapabilityManifest;
}

/** The operations a manifest marks native or emulated, in `OPERATIONS` order. */
export function supportedOperations(manifest: CapabilityManifest): OperationName[] {
  return OPERATIONS.filter((operation) => isSupported(manifest[operation]));
}
