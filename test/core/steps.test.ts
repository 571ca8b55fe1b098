/**
 * `core/steps.ts` (`applyInOrder`), the vendor-neutral mechanism behind NetPBX's update
 * fan-out: steps run in order; a first-step failure is rethrown as is; a later one becomes
 * `PartialFailureError` with the applied and the not-applied fields.
 */
import { describe, expect, it } from 'vitest';
import { PartialFailureError, PermissionError, ServerError } from '../../core/errors.js';
import { applyInOrder, type WriteStep } from '../../core/steps.js';

const context = { vendor: 'acme', operation: 'users.update', resourceId: 'u1' };
function steps(failAt: number | undefined, ran: string[], error: unknown = new ServerError('acme users.update failed: HTTP 500', { vendor: 'acme', status: 500 })): WriteStep[] {
  return [
    ['a', ['x', 'y']],
    ['b', ['z']],
    ['c', ['w']],
  ].map(([label, fields], index) => ({
    label: label as string,
    fields: fields as string[],
    run: async () => {
      ran.push(label as string);
      if (index === failAt) throw error;
    },
  }));
}

describe('applyInOrder', () => {
  it('runs every step in order and returns the applied fields', async () => {
    const ran: string[] = [];
    expect(await applyInOrder(steps(undefined, ran), context)).toEqual(['x', 'y', 'z', 'w']);
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('a failing first step is rethrown unchanged: nothing was applied', async () => {
    const ran: string[] = [];
    const error = new ServerError('boom', {});
    await expect(applyInOrder(steps(0, ran, error), context)).rejects.toBe(error);
    expect(ran).toEqual(['a']);
  });

  it('a later failure is PartialFailureError: applied, failed (+ not attempted), cause, status, resource', async () => {
    const ran: string[] = [];
    const error = (await applyInOrder(steps(1, ran), context).catch((e: unknown) => e)) as PartialFailureError;
    expect(ran).toEqual(['a', 'b']);
    expect(error).toBeInstanceOf(PartialFailureError);
    expect(error).toMatchObject({ applied: ['x', 'y'], failed: ['z', 'w'], notAttempted: ['w'], resourceId: 'u1', vendor: 'acme', operation: 'users.update', status: 500 });
    expect(error.cause).toBeInstanceOf(ServerError);
    expect(error.message).toBe('acme users.update: partially applied — x, y changed; b failed (SERVER_ERROR) so z may not have changed; not attempted: w');
  });

  it('a step the vendor refused outright (a 4xx) did not change anything: the message says so', async () => {
    const error = (await applyInOrder(steps(1, [], new PermissionError('no', {})), context).catch((e: unknown) => e)) as PartialFailureError;
    expect(error.message).toBe('acme users.update: partially applied — x, y changed; b failed (PERMISSION_DENIED) so z did not change; not attempted: w');
  });

  it('a non-unipbx error is not attached as cause (it could carry request headers)', async () => {
    const error = (await applyInOrder(steps(2, [], new TypeError('secret header inside')), context).catch((e: unknown) => e)) as PartialFailureError;
    expect(error).toMatchObject({ applied: ['x', 'y', 'z'], failed: ['w'], notAttempted: [] });
    expect(error.cause).toBeUndefined();
    expect(error.message).not.toContain('secret');
  });

  it('no steps: nothing to do', async () => {
    expect(await applyInOrder([], context)).toEqual([]);
  });
});
