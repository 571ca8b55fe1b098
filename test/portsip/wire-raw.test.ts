/**
 * `whoami` (`GET /api/user`) and the `raw.request` escape hatch on the wire: same base URL,
 * auth, retries and error mapping as the adapter's own requests.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, OutcomeUnknownError, ValidationError } from '../../core/errors.js';
import { fixture, idOf } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

describe('whoami: GET /api/user', () => {
  it('returns the logged-in user', async () => {
    const wire = new WireMock().signIn().get('/api/user', { fixture: 'user-self.json' });
    const me = await portsipClient().whoami();
    wire.done();
    expect(me).toMatchObject({ id: idOf('user-self.json'), username: 'api-admin', extension: '100', role: 'Admin', vendor: 'portsip' });
  });
});

describe('raw.request', () => {
  it('GET with a query, signed, relative to /api', async () => {
    const wire = new WireMock().signIn().get('/api/users', { query: { search: 'alice', top: '5' }, fixture: 'users-list-page1.json' });
    const response = await portsipClient().raw.request('GET', 'users', { query: { search: 'alice', top: 5 } });
    wire.done();
    expect(response.status).toBe(200);
    expect(response.body).toEqual(fixture('users-list-page1.json'));
  });

  it('POST with a JSON body', async () => {
    const id = idOf('user-detail.json');
    const wire = new WireMock().signIn().post(`/api/users/${id}`, { body: { enable_dnd: true }, status: 200 });
    const response = await portsipClient().raw.request('POST', `/users/${id}`, { body: { enable_dnd: true }, idempotent: true });
    wire.done();
    expect(response.status).toBe(200);
    expect(response.body).toBeUndefined();
  });

  it('a path outside the adapter’s operations, with typed errors', async () => {
    const wire = new WireMock().signIn().get('/api/extensions/999', { status: 404, fixture: 'error-not-found.json', spec: false });
    expect(await rejection(portsipClient().raw.request('GET', 'extensions/999'))).toBeInstanceOf(NotFoundError);
    wire.done();
  });

  it('a non-idempotent POST answered 500 is not retried: OutcomeUnknownError', async () => {
    const wire = new WireMock().signIn().post('/api/users', { status: 500, fixture: 'error-server.json', body: { name: 'x' }, spec: false });
    const error = await rejection(portsipClient().raw.request('POST', 'users', { body: { name: 'x' } }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    wire.done();
    expect(wire.count('POST', '/api/users')).toBe(1);
  });

  it('refuses paths that leave the base URL before sending anything', async () => {
    const wire = new WireMock();
    const client = portsipClient();
    for (const path of ['https://evil.example/api/users', '../admin', 'users/../../x']) {
      expect(await rejection(client.raw.request('GET', path))).toBeInstanceOf(ValidationError);
    }
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });
});
