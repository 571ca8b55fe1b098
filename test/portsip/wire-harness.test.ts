/**
 * Self-test of the request-pinning harness (test/support/portsip/wire.ts): a green wire suite
 * only means something if a wrong query, body, token, path or an undeclared body key makes
 * `WireMock.done()` fail.
 */
import { describe, expect, it } from 'vitest';
import { idOf } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, useNock } from '../support/portsip/wire.js';

useNock();

const ALICE = idOf('user-detail.json');

async function settle(promise: Promise<unknown>): Promise<void> {
  await promise.catch(() => undefined);
}

describe('WireMock catches', () => {
  it('a different query', async () => {
    const wire = new WireMock().signIn().get('/api/users', { query: { skip: '0', top: '50' }, fixture: 'users-list-page1.json' });
    await settle(portsipClient().users.list().page());
    expect(() => wire.done()).toThrow(/query \{"skip":"0","top":"100"\}, expected \{"skip":"0","top":"50"\}/);
  });

  it('a different body', async () => {
    const wire = new WireMock().signIn().post(`/api/users/${ALICE}`, { body: { display_name: 'Y' }, status: 200 });
    await settle(portsipClient().users.update(ALICE, { displayName: 'X' }));
    expect(() => wire.done()).toThrow(/body \{"display_name":"X"\}, expected \{"display_name":"Y"\}/);
  });

  it('a different bearer token', async () => {
    const wire = new WireMock().signIn().useToken('another-token').get(`/api/users/${ALICE}`, { fixture: 'user-detail.json' });
    await settle(portsipClient().users.get(ALICE));
    expect(() => wire.done()).toThrow(/Authorization "Bearer .*", expected "Bearer another-token"/);
  });

  it('a request nobody scripted, and a scripted one that never came', async () => {
    const wire = new WireMock().signIn().get('/api/users/someone-else', { fixture: 'user-detail.json' });
    await settle(portsipClient({ retry: { maxRetries: 0 } }).users.get(ALICE));
    expect(() => wire.done()).toThrow(/unexpected request: GET \/api\/users\/NzA1/);
    wire.problems.length = 0;
    expect(() => wire.done()).toThrow(/never happened:\n- GET \/api\/users\/someone-else -> 200 \(1 more\)/);
  });

  it('a body key the vendor spec does not declare, and a body that breaks the spec', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/groups', { body: { name: 'X', colour: 'red' }, status: 201, fixture: 'group-created.json' })
      .post('/api/call_queues/q1/agents/101', { body: { status: 'SLEEPING' }, status: 200 });
    const client = portsipClient();
    await settle(client.raw.request('POST', 'groups', { body: { name: 'X', colour: 'red' } }));
    await settle(client.raw.request('POST', 'call_queues/q1/agents/101', { body: { status: 'SLEEPING' } }));
    expect(() => wire.done()).toThrow(/request body key colour is not declared by the spec[\s\S]*\/status must be equal to one of the allowed values/);
  });

  it('a scripted reply that breaks the spec, at registration', () => {
    expect(() => new WireMock().get('/api/call_queues', { reply: { count: -1, items: [] } })).toThrow(/breaks the spec/);
    expect(() => new WireMock().get('/api/no_such_thing', { reply: {} })).toThrow(/not an operation of the OpenAPI subset/);
  });
});
