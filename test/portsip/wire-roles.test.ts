/** Roles on the wire: `GET /api/roles` and `users.update(id, { role })` → `POST /api/users/{id}/role`. */
import { describe, expect, it } from 'vitest';
import { PartialFailureError } from '../../core/errors.js';
import { fixture, idOf } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const ALICE = idOf('user-detail.json');

describe('roles.list', () => {
  it('GET /api/roles?skip=0&top=100 → roles with name and description (22.3 id kept when present)', async () => {
    const reply = { count: 2, items: [{ name: 'Admin', description: 'Tenant admin' }, { name: 'Agents', description: null, id: '8812' }] };
    const wire = new WireMock().signIn().get('/api/roles', { query: { skip: '0', top: '100' }, reply });
    const roles = await portsipClient().roles.list().toArray();
    wire.done();
    expect(roles).toEqual([
      { name: 'Admin', description: 'Tenant admin', vendor: 'portsip', raw: reply.items[0] },
      { name: 'Agents', id: '8812', vendor: 'portsip', raw: reply.items[1] },
    ]);
  });
});

describe('users.update with a role', () => {
  it('role only: POST /api/users/{id}/role {role}, then GET', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`/api/users/${ALICE}/role`, { body: { role: 'QueueManager' }, status: 200 })
      .get(`/api/users/${ALICE}`, { reply: { ...fixture('user-detail.json'), role: 'QueueManager' } });
    const user = await portsipClient().users.update(ALICE, { role: 'QueueManager' });
    wire.done();
    expect(user.role).toBe('QueueManager');
  });

  it('fields and role: POST /api/users/{id} (without role), POST …/role, then GET', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`/api/users/${ALICE}`, { body: { department: 'Support' }, status: 200 })
      .post(`/api/users/${ALICE}/role`, { body: { role: 'QueueManager' }, status: 200 })
      .get(`/api/users/${ALICE}`, { fixture: 'user-detail.json' });
    await portsipClient().users.update(ALICE, { department: 'Support', role: 'QueueManager' });
    wire.done();
  });

  it('the role refused after the fields were written: PartialFailureError naming both parts', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`/api/users/${ALICE}`, { body: { department: 'Support' }, status: 200 })
      .post(`/api/users/${ALICE}/role`, { body: { role: 'Nope' }, status: 400, fixture: 'error-validate-failed.json' });
    const error = await rejection(portsipClient().users.update(ALICE, { department: 'Support', role: 'Nope' }));
    wire.done();
    expect(error).toBeInstanceOf(PartialFailureError);
    expect(error).toMatchObject({ applied: ['fields'], failed: ['role'], resourceId: ALICE });
  });

  it('the role alone refused: the vendor error as is', async () => {
    const wire = new WireMock().signIn().post(`/api/users/${ALICE}/role`, { body: { role: 'Nope' }, status: 400, fixture: 'error-validate-failed.json' });
    expect((await rejection(portsipClient().users.update(ALICE, { role: 'Nope' }))).code).toBe('VALIDATION_FAILED');
    wire.done();
  });
});
