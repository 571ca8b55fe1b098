/**
 * The kernel on the global fetch with nock 14 intercepting: nock's failure shapes differ from
 * undici's (replyWithError rejects with exactly the given value; an unmatched request is a
 * plain Error), and the kernel must classify both sensibly.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError, OutcomeUnknownError } from '../../core/errors.js';
import { makeKernel, recordingClock, rejection } from '../support/core/kernel.js';

const ORIGIN = 'https://nock.pbx.test';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const kernel = () => makeKernel({ baseUrl: `${ORIGIN}/api/`, clock: recordingClock() }).kernel;

describe('kernel under nock', () => {
  it('retries a 503 then returns the JSON reply with its request id', async () => {
    const scope = nock(ORIGIN).get('/api/users').query({ top: '2' }).reply(503, { message: 'busy' }).get('/api/users').query({ top: '2' }).reply(200, [{ id: 1 }], { 'x-request-id': 'n-1' });
    const response = await kernel().send({ operation: 'users.list', method: 'GET', path: 'users', query: { top: 2 } });
    expect(response).toMatchObject({ status: 200, body: [{ id: 1 }], requestId: 'n-1' });
    expect(scope.isDone()).toBe(true);
  });

  it('replyWithError(Error with an own code) is classified by that code: ECONNREFUSED retries a POST', async () => {
    const scope = nock(ORIGIN).post('/api/users').replyWithError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).post('/api/users', { name: 'x' }).reply(201, { id: 'u1' });
    await expect(kernel().send({ operation: 'users.create', method: 'POST', path: 'users', json: { name: 'x' } })).resolves.toMatchObject({ status: 201 });
    expect(scope.isDone()).toBe(true);
  });

  it('replyWithError ECONNRESET on a POST is outcome-unknown', async () => {
    nock(ORIGIN).post('/api/users').replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    const error = await rejection(kernel().send({ operation: 'users.create', method: 'POST', path: 'users', json: {} }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).cause).toMatchObject({ code: 'NETWORK_ERROR', sent: true });
    expect(((error as Error).cause as Error).message).toContain('(ECONNRESET)');
  });

  it('an unmatched request (nock: a plain Error without code) becomes a typed NetworkError', async () => {
    const error = await rejection(makeKernel({ baseUrl: `${ORIGIN}/api/`, clock: recordingClock(), retry: { maxRetries: 0 } }).kernel.send({ operation: 'users.list', method: 'GET', path: 'nothing-here' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
