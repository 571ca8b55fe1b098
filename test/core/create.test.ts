/**
 * createReconciled: a create whose outcome is unknown is reconciled by looking the resource
 * up by its natural key — never blindly repeated, never duplicated.
 */
import { describe, expect, it } from 'vitest';
import { createReconciled, type ReconciledCreate } from '../../core/create.js';
import { ConflictError, NetworkError, OutcomeUnknownError, PbxError, ServerError, ValidationError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import { rejection } from '../support/core/kernel.js';

interface Thing {
  readonly id: string;
}

const unknown = (n = 1) => new OutcomeUnknownError(`outcome unknown #${n}`, { vendor: 'testvendor', operation: 'users.create' });

/** A spec whose create and find answer from scripts (a value, null, or an error to throw). */
function scripted(creates: Array<Thing | Error>, finds: Array<Thing | null | Error>, attempts?: number) {
  const log: string[] = [];
  const contexts: RequestContext[] = [];
  const take = <T>(script: T[], i: number): T => script[Math.min(i, script.length - 1)]!;
  let c = 0;
  let f = 0;
  const spec: ReconciledCreate<Thing> = {
    ...(attempts !== undefined ? { attempts } : {}),
    async create(ctx) {
      contexts.push(ctx);
      log.push('create');
      const next = take(creates, c++);
      if (next instanceof Error) throw next;
      return next;
    },
    async find(ctx) {
      contexts.push(ctx);
      log.push('find');
      const next = take(finds, f++);
      if (next instanceof Error) throw next;
      return next;
    },
  };
  return { spec, log, contexts };
}

describe('createReconciled', () => {
  it('returns a successful create without any lookup', async () => {
    const { spec, log } = scripted([{ id: 'new' }], [null]);
    await expect(createReconciled(spec, {})).resolves.toEqual({ id: 'new' });
    expect(log).toEqual(['create']);
  });

  it('outcome unknown, then found: returns the found resource without a second create', async () => {
    const { spec, log } = scripted([unknown(), { id: 'dup' }], [{ id: 'landed' }]);
    await expect(createReconciled(spec, {})).resolves.toEqual({ id: 'landed' });
    expect(log).toEqual(['create', 'find']);
  });

  it('outcome unknown, not found: creates again', async () => {
    const { spec, log } = scripted([unknown(), { id: 'second' }], [null]);
    await expect(createReconciled(spec, {})).resolves.toEqual({ id: 'second' });
    expect(log).toEqual(['create', 'find', 'create']);
  });

  it('the lookup failing: rethrows the OutcomeUnknownError itself (the create may have landed)', async () => {
    const original = unknown();
    const { spec, log } = scripted([original, { id: 'never' }], [new NetworkError('lookup failed', true)]);
    const error = await rejection(createReconciled(spec, {}));
    expect(error).toBe(original);
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', mayHaveApplied: true });
    expect(log).toEqual(['create', 'find']);
  });

  it('gives up after `attempts` creates that all ended unknown and were not found', async () => {
    const { spec, log } = scripted([unknown(1), unknown(2), unknown(3), { id: 'never' }], [null]);
    const error = await rejection(createReconciled(spec, {}));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).message).toBe('outcome unknown #3');
    expect(log).toEqual(['create', 'find', 'create', 'find', 'create', 'find']);
  });

  it('respects a custom number of attempts', async () => {
    const { spec, log } = scripted([unknown()], [null], 2);
    await expect(createReconciled(spec, {})).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(log.filter((x) => x === 'create')).toHaveLength(2);
  });

  it('the last attempt is still reconciled: found after the final unknown outcome', async () => {
    const { spec } = scripted([unknown(1), unknown(2), unknown(3)], [null, null, { id: 'late' }]);
    await expect(createReconciled(spec, {})).resolves.toEqual({ id: 'late' });
  });

  it.each([
    ['ConflictError', () => new ConflictError('extension already exists')],
    ['vendor ValidationError', () => new ValidationError('duplicate', [{ field: 'extension', message: 'in use' }], 'vendor')],
  ])('a repeat refused as a duplicate (%s) means an earlier attempt landed: finds and returns it', async (_name, duplicate) => {
    const { spec, log } = scripted([unknown(), duplicate()], [null, { id: 'landed-late' }]);
    await expect(createReconciled(spec, {})).resolves.toEqual({ id: 'landed-late' });
    expect(log).toEqual(['create', 'find', 'create', 'find']);
  });

  it('a duplicate on the repeat that the lookup still cannot find is rethrown', async () => {
    const conflict = new ConflictError('exists');
    const { spec } = scripted([unknown(), conflict], [null, null]);
    await expect(createReconciled(spec, {})).rejects.toBe(conflict);
  });

  it('a duplicate on the repeat whose lookup fails is an unknown outcome, not a conflict: the duplicate may be our own first attempt', async () => {
    const first = unknown();
    const { spec } = scripted([first, new ConflictError('exists')], [null, new ServerError('down')]);
    await expect(createReconciled(spec, {})).rejects.toBe(first);
  });

  it('a conflict on the first attempt is a real conflict: no lookup', async () => {
    const conflict = new ConflictError('exists');
    const { spec, log } = scripted([conflict], [{ id: 'someone-elses' }]);
    await expect(createReconciled(spec, {})).rejects.toBe(conflict);
    expect(log).toEqual(['create']);
  });

  it('other errors pass through untouched without a lookup', async () => {
    const failure = new ServerError('boom');
    const { spec, log } = scripted([failure], [{ id: 'x' }]);
    await expect(createReconciled(spec, {})).rejects.toBe(failure);
    expect(log).toEqual(['create']);
    const plain = new TypeError('bug');
    const other = scripted([plain], [{ id: 'x' }]);
    await expect(createReconciled(other.spec, {})).rejects.toBe(plain);
  });

  it('recognises OutcomeUnknownError by its marker, also from another copy of the package', async () => {
    const foreign = Object.assign(new Error('foreign outcome unknown'), { code: 'OUTCOME_UNKNOWN', [Symbol.for('unipbx.error')]: true });
    expect(foreign).not.toBeInstanceOf(PbxError);
    const { spec, log } = scripted([foreign, { id: 'x' }], [{ id: 'found' }]);
    await expect(createReconciled(spec, {})).resolves.toEqual({ id: 'found' });
    expect(log).toEqual(['create', 'find']);
  });

  it('passes the caller context to create and find', async () => {
    const ctx: RequestContext = { timeoutMs: 5, deadlineAt: 123 };
    const { spec, contexts } = scripted([unknown(), { id: 'x' }], [null]);
    await createReconciled(spec, ctx);
    expect(contexts).toEqual([ctx, ctx, ctx]);
  });
});
