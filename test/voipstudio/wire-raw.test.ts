/**
 * `client.raw.request` on the VoIPStudio wire: relative to `/{version}/voipstudio`, the caller's
 * method, path, query and JSON body sent as given, signed like every other request (X-Auth-Token
 * on v1.2, Basic on v1.1), and the reply handed back as received — `{data}` is not unwrapped.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../core/errors.js';
import { SESSION_TOKEN, USER_ID, WireMock, rejection, useNock, vsClient } from './support/wire.js';

useNock();

describe('raw.request', () => {
  it('GET with a query (a JSON filter too), signed with X-Auth-Token; the {data, total} reply as is', async () => {
    const reply = { data: [{ id: 9001, name: 'Main', extra: { nested: true } }], total: 1 };
    const filter = [{ property: 'name', operator: 'like', value: 'Ma' }];
    const wire = new WireMock().login().get('/ivrs', { query: { page: '2', limit: '5' }, filter, reply });
    const response = await vsClient().raw.request('GET', 'ivrs', { query: { filter: JSON.stringify(filter), page: 2, limit: 5 } });
    wire.done();
    expect(response.status).toBe(200);
    expect(response.body).toEqual(reply);
    expect(wire.requests[1]!.headers['x-auth-token']).toBe(SESSION_TOKEN);
  });

  it('PATCH with a JSON body; the {data, links} reply is not unwrapped', async () => {
    const reply = { data: { id: 301, name: 'Support', ring_time: 30 }, links: {} };
    const wire = new WireMock().login().patch('/queues/301', { query: { include: 'users' }, body: { ring_time: 30, users: [{ id: 4721, status: true }] }, reply });
    const response = await vsClient().raw.request('PATCH', '/queues/301', { query: { include: 'users' }, body: { ring_time: 30, users: [{ id: 4721, status: true }] }, idempotent: true });
    wire.done();
    expect(response).toMatchObject({ status: 200, body: reply });
  });

  it('DELETE → 204 with no body; on v1.1 signed with Basic user_id:token', async () => {
    const wire = new WireMock('v1.1').login().delete('/phonebook/77', { status: 204 });
    const response = await vsClient({ apiVersion: 'v1.1' }).raw.request('DELETE', 'phonebook/77');
    wire.done();
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect(wire.requests[1]!.headers['authorization']).toBe(`Basic ${Buffer.from(`${USER_ID}:${SESSION_TOKEN}`).toString('base64')}`);
  });

  it('errors are typed as for the adapter\'s own requests', async () => {
    const wire = new WireMock().login().get('/ivrs/999', { status: 404, fixture: 'error-not-found.json' });
    expect(await rejection(vsClient().raw.request('GET', 'ivrs/999'))).toBeInstanceOf(NotFoundError);
    wire.done();
  });
});
