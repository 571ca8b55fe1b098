/**
 * The checks only the facade's lazily loaded operations make (`client-users.ts`,
 * `client-groups.ts`, `client-queues.ts`): fields and values the vendor accepts, an
 * operation's options, user references. They load with those operations.
 */
import { isSupported, type OperationName } from './capabilities.js';
import type { ClientChecks } from './client-checks.js';
import { UnsupportedOperationError } from './errors.js';
import { UserRefSchema } from './inputs-contact-centre.js';
import { parseInput, type UserRef } from './inputs.js';

/** Checks that every field / value the caller uses is one the vendor accepts for this operation. */
export function checkAccepted({ vendor, adapter }: ClientChecks, operation: OperationName, kind: 'fields' | 'values', used: readonly string[]): void {
  const capability = adapter.capabilities[operation];
  const accepted = isSupported(capability) ? capability[kind] : undefined;
  if (!accepted) return;
  const refused = used.filter((item) => !accepted.includes(item));
  if (refused.length === 0) return;
  const reason = `${vendor} does not support ${refused.join(', ')} here (accepted: ${accepted.join(', ')})`;
  throw new UnsupportedOperationError(`${vendor} cannot do ${operation} with ${refused.join(', ')}: ${reason}`, reason, { vendor, operation });
}

/**
 * The adapter's implementation of an operation's option (`setStatus`'s `reason`): refused
 * with `UnsupportedOperationError` unless the manifest lists the option and the adapter has it.
 */
export function implementationOfOption<F extends (...args: never[]) => unknown>({ vendor, adapter }: ClientChecks, operation: OperationName, option: string, fn: F | undefined, owner: object): F {
  const capability = adapter.capabilities[operation];
  if (fn && isSupported(capability) && capability.options?.includes(option)) return fn.bind(owner) as F;
  const reason = `${vendor} does not support the option ${option} of ${operation}`;
  throw new UnsupportedOperationError(`${vendor} cannot do ${operation} with ${option}: ${reason}`, reason, { vendor, operation });
}

/** A validated user reference. */
export function userRef({ vendor }: ClientChecks, value: unknown, operation: OperationName): UserRef {
  return parseInput(UserRefSchema, value, 'user', { vendor, operation }) as UserRef;
}

/** The keys of `value` whose values are defined: the fields a caller actually used. */
export function definedKeys(value: object): string[] {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}
