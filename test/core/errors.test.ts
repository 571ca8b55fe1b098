/** The error hierarchy: codes, names, retryable defaults, isPbxError across copies, toJSON. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  AuthenticationError,
  ConflictError,
  NetworkError,
  NotFoundError,
  OutcomeUnknownError,
  PartialFailureError,
  PbxError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  TwoFactorRequiredError,
  UnsupportedOperationError,
  ValidationError,
  VendorError,
  VendorResponseError,
  isPbxError,
  type PbxErrorCode,
} from '../../core/errors.js';

const context = { vendor: 'acme', operation: 'users.get', status: 418, requestId: 'r-1', vendorCode: 'E1' };

const every: Array<[PbxError, PbxErrorCode, string, boolean]> = [
  [new AuthenticationError('m', context), 'AUTHENTICATION_FAILED', 'AuthenticationError', false],
  [new TwoFactorRequiredError('m', 'use a token', context), 'TWO_FACTOR_REQUIRED', 'TwoFactorRequiredError', false],
  [new PermissionError('m', context), 'PERMISSION_DENIED', 'PermissionError', false],
  [new NotFoundError('m', context), 'NOT_FOUND', 'NotFoundError', false],
  [new ConflictError('m', context), 'CONFLICT', 'ConflictError', false],
  [new ValidationError('m', [], 'client', context), 'VALIDATION_FAILED', 'ValidationError', false],
  [new RateLimitError('m', 1_000, context), 'RATE_LIMITED', 'RateLimitError', true],
  [new VendorResponseError('m', [], context), 'BAD_RESPONSE', 'VendorResponseError', false],
  [new ServerError('m', context), 'SERVER_ERROR', 'ServerError', false],
  [new VendorError('m', context), 'VENDOR_ERROR', 'VendorError', false],
  [new NetworkError('m', true, context), 'NETWORK_ERROR', 'NetworkError', false],
  [new TimeoutError('m', 10, 'attempt', context), 'TIMEOUT', 'TimeoutError', false],
  [new AbortedError('m', context), 'ABORTED', 'AbortError', false],
  [new UnsupportedOperationError('m', 'why', context), 'UNSUPPORTED_OPERATION', 'UnsupportedOperationError', false],
  [new PartialFailureError('m', ['a'], ['b'], context, 'id-1'), 'PARTIAL_FAILURE', 'PartialFailureError', false],
  [new OutcomeUnknownError('m', context), 'OUTCOME_UNKNOWN', 'OutcomeUnknownError', false],
];

describe('error classes', () => {
  it.each(every)('%o has its code, name, context and retryable default', (error, code, name, retryable) => {
    expect(error).toBeInstanceOf(PbxError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
    expect(error.retryable).toBe(retryable);
    expect(error).toMatchObject(context);
    expect(error.message).toBe('m');
    expect(isPbxError(error)).toBe(true);
    expect(isPbxError(error, code)).toBe(true);
    expect(isPbxError(error, code === 'NOT_FOUND' ? 'CONFLICT' : 'NOT_FOUND')).toBe(false);
    expect(error.stack).toContain(name === 'AbortError' ? 'AbortError' : name);
  });

  it('optional context fields are absent, not undefined, when not given', () => {
    const error = new NotFoundError('gone');
    for (const key of ['vendor', 'operation', 'status', 'requestId', 'vendorCode', 'cause']) expect(Object.hasOwn(error, key), key).toBe(false);
    expect(new RateLimitError('slow', undefined)).not.toHaveProperty('retryAfterMs');
    expect(new PartialFailureError('p', [], [])).not.toHaveProperty('resourceId');
  });

  it('subclass details', () => {
    expect(new RateLimitError('m', 2_500)).toMatchObject({ retryAfterMs: 2_500, retryable: true });
    expect(new NetworkError('m', false, {}, true)).toMatchObject({ sent: false, retryable: true });
    expect(new TimeoutError('m', 500, 'deadline', {}, true)).toMatchObject({ timeoutMs: 500, kind: 'deadline', retryable: true });
    expect(new ConflictError('m', {}, true).retryable).toBe(true);
    expect(new ServerError('m', {}, true).retryable).toBe(true);
    expect(new OutcomeUnknownError('m').mayHaveApplied).toBe(true);
    expect(new ValidationError('m', [{ field: 'a', message: 'b' }], 'vendor')).toMatchObject({ source: 'vendor', issues: [{ field: 'a', message: 'b' }] });
    expect(new TwoFactorRequiredError('m', 'hint!').hint).toBe('hint!');
    expect(new UnsupportedOperationError('m', 'because').reason).toBe('because');
    expect(new PartialFailureError('m', ['created'], ['added to group'], {}, 'u1')).toMatchObject({ applied: ['created'], failed: ['added to group'], resourceId: 'u1' });
  });

  it('keeps a cause when one is given', () => {
    const cause = new ServerError('inner');
    const error = new OutcomeUnknownError('outer', { cause });
    expect(error.cause).toBe(cause);
  });
});

describe('isPbxError', () => {
  it('is false for anything that is not marked', () => {
    for (const value of [new Error('x'), new TypeError('fetch failed'), { code: 'NOT_FOUND' }, null, undefined, 'NOT_FOUND', 42, Object.create(null)]) {
      expect(isPbxError(value)).toBe(false);
    }
  });

  it('recognises an error from another copy of the package by its Symbol.for marker', () => {
    const foreign = { name: 'NotFoundError', code: 'NOT_FOUND', message: 'gone', [Symbol.for('unipbx.error')]: true };
    expect(foreign instanceof PbxError).toBe(false);
    expect(isPbxError(foreign)).toBe(true);
    expect(isPbxError(foreign, 'NOT_FOUND')).toBe(true);
    expect(isPbxError(foreign, 'CONFLICT')).toBe(false);
  });

  it('the marker must be exactly true, under the global symbol', () => {
    expect(isPbxError({ code: 'X', [Symbol.for('unipbx.error')]: 'yes' })).toBe(false);
    expect(isPbxError({ code: 'X', [Symbol('unipbx.error')]: true })).toBe(false);
  });

  it('the marker is not enumerable (it does not show up in keys or JSON)', () => {
    const error = new NotFoundError('gone');
    expect(Object.getOwnPropertySymbols(error)).toContain(Symbol.for('unipbx.error'));
    expect(Object.getOwnPropertyDescriptor(error, Symbol.for('unipbx.error'))?.enumerable).toBe(false);
  });
});

describe('toJSON', () => {
  it('has name, code, message and the context, and never the cause', () => {
    const cause = Object.assign(new Error('inner with canary-S3cr3t-PA55'), { secret: 'canary-S3cr3t-PA55' });
    const error = new ServerError('outer', { ...context, status: 503, cause }, true);
    const json = error.toJSON();
    expect(json).toEqual({
      name: 'ServerError',
      code: 'SERVER_ERROR',
      message: 'outer',
      retryable: true,
      vendor: 'acme',
      operation: 'users.get',
      status: 503,
      requestId: 'r-1',
      vendorCode: 'E1',
    });
    expect(json).not.toHaveProperty('cause');
    expect(JSON.stringify(error)).not.toContain('canary');
    expect(JSON.parse(JSON.stringify(error))).toEqual(json);
  });

  it('includes subclass fields', () => {
    expect(new ValidationError('bad', [{ field: 'email', message: 'nope' }], 'client').toJSON()).toMatchObject({ code: 'VALIDATION_FAILED', source: 'client', issues: [{ field: 'email', message: 'nope' }] });
    expect(new RateLimitError('slow', 3_000).toJSON()).toMatchObject({ retryAfterMs: 3_000 });
    expect(new OutcomeUnknownError('?').toJSON()).toMatchObject({ code: 'OUTCOME_UNKNOWN', mayHaveApplied: true });
    expect(new AbortedError('stop').toJSON()).toMatchObject({ name: 'AbortError', code: 'ABORTED' });
  });

  it('an error nested in another object serialises through toJSON too', () => {
    const json = JSON.stringify({ failure: new NotFoundError('gone', { vendor: 'acme' }) });
    expect(JSON.parse(json)).toEqual({ failure: { name: 'NotFoundError', code: 'NOT_FOUND', message: 'gone', retryable: false, vendor: 'acme' } });
  });

  it('util.inspect shows the code', () => {
    expect(inspect(new ConflictError('taken'))).toContain("code: 'CONFLICT'");
  });
});
