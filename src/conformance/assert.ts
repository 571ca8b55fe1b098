/** Assertion helpers of the conformance suite (framework-agnostic: node:assert). */
import assert from 'node:assert/strict';
import type * as z from 'zod';
import { isPbxError, type PbxErrorCode } from '../../core/errors.js';

export { assert };

/** Asserts that `value` is a valid unified object of `schema` and returns it. */
export function assertShape<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) assert.fail(`${what} is not a valid unified object: ${result.error.message}`);
  return result.data;
}

/** Asserts that `action` fails with a unipbx error of `code` and returns the error. */
export async function assertRejects(action: () => unknown, code: PbxErrorCode, what: string): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    if (!isPbxError(error)) assert.fail(`${what}: expected a unipbx ${code} error, got ${String(error)}`);
    assert.equal(error.code, code, `${what}: expected ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  assert.fail(`${what}: expected ${code}, but it succeeded`);
}

/** A short unique suffix so names created by the suite do not collide with seeded data. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
