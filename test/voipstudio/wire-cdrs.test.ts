/**
 * VoIPStudio CDRs on the wire: `GET /cdrs` with the unified `[from, to)` as `calldate`
 * `gte` / `lte` conditions (whole seconds, UTC), ordered by calldate; one user's
 * `GET /users/{id}/cdrs`; the logged-in user's (`scope: 'self'`); `GET /cdrs/{id}`.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, PermissionError } from '../../core/errors.js';
import { WireMock, rejection, useNock, vsClient } from './support/wire.js';

useNock();

const ORDER = { sort: 'calldate', dir: 'ASC' };
const page = (n: number, limit: number) => ({ page: String(n), limit: String(limit), ...ORDER });
const range = (gte: string, lte: string) => [
  { property: 'calldate', operator: 'gte', value: gte },
  { property: 'calldate', operator: 'lte', value: lte },
];

describe('cdrs.list: GET /cdrs?filter=[calldate gte, calldate lte]&page&limit&sort=calldate&dir=ASC', () => {
  it('yesterday [00:00, 24:00) is gte "… 00:00:00" and lte "… 23:59:59" (to is exclusive)', async () => {
    const wire = new WireMock().login().get('/cdrs', { query: page(1, 100), filter: range('2025-01-14 00:00:00', '2025-01-14 23:59:59'), fixture: 'cdrs.json' });
    const list = await vsClient().cdrs.list({ from: new Date('2025-01-14T00:00:00Z'), to: new Date('2025-01-15T00:00:00Z'), pageSize: 100 }).page();
    expect(list.items).toHaveLength(6);
    expect(list.total).toBe(6);
    wire.done();
  });

  it('instants with milliseconds round inward: from up to the next whole second, to down to the last second before it', async () => {
    const wire = new WireMock().login().get('/cdrs', { query: page(1, 200), filter: range('2025-01-14 10:00:01', '2025-01-14 10:30:00'), fixture: 'users-empty.json' });
    // from 10:00:00.250 → first whole second inside is 10:00:01; to 10:30:00.500 → 10:30:00 is still before it
    await vsClient().cdrs.list({ from: new Date('2025-01-14T10:00:00.250Z'), to: new Date('2025-01-14T10:30:00.500Z') }).page();
    wire.done();
  });

  it('an empty range [t, t) selects nothing: lte is one second before gte', async () => {
    const wire = new WireMock().login().get('/cdrs', { query: page(1, 200), filter: range('2025-01-14 10:00:00', '2025-01-14 09:59:59'), fixture: 'users-empty.json' });
    await vsClient().cdrs.list({ from: '2025-01-14T10:00:00Z', to: '2025-01-14T10:00:00Z' }).page();
    wire.done();
  });

  it('no range: no filter at all; only from: gte only', async () => {
    const wire = new WireMock()
      .login()
      .get('/cdrs', { query: page(1, 200), fixture: 'users-empty.json' })
      .get('/cdrs', { query: page(1, 200), filter: [{ property: 'calldate', operator: 'gte', value: '2025-01-14 00:00:00' }], fixture: 'users-empty.json' });
    const client = vsClient();
    await client.cdrs.list().page();
    await client.cdrs.list({ from: '2025-01-14' }).page();
    wire.done();
  });

  it('pages through with page/limit until page × limit reaches total', async () => {
    const two = (ids: number[]) => ({ data: ids.map((id) => ({ id, type: 'I', calldate: '2025-01-14 09:00:00', disposition: 'CONNECTED', duration: 1, billsec: 1 })), total: 3 });
    const wire = new WireMock()
      .login()
      .get('/cdrs', { query: page(1, 2), filter: range('2025-01-14 00:00:00', '2025-01-14 23:59:59'), reply: two([1, 2]) })
      .get('/cdrs', { query: page(2, 2), filter: range('2025-01-14 00:00:00', '2025-01-14 23:59:59'), reply: two([3]) });
    const all = await vsClient().cdrs.list({ from: '2025-01-14T00:00:00Z', to: '2025-01-15T00:00:00Z', pageSize: 2 }).toArray();
    expect(all.map((c) => c.id)).toEqual(['1', '2', '3']);
    wire.done();
  });

  it('a 403 for a non-admin is PermissionError (no silent fallback to another collection)', async () => {
    const wire = new WireMock().login().get('/cdrs', { query: page(1, 200), status: 403, fixture: 'error-forbidden.json' });
    expect(await rejection(vsClient().cdrs.list().page())).toBeInstanceOf(PermissionError);
    wire.done();
  });
});

describe('one user\'s calls', () => {
  it('userId → GET /users/{id}/cdrs with the same filter and order', async () => {
    const wire = new WireMock().login().get('/users/4721/cdrs', { query: page(1, 200), filter: range('2025-01-14 00:00:00', '2025-01-14 23:59:59'), fixture: 'cdrs.json' });
    await vsClient().cdrs.list({ userId: '4721', from: '2025-01-14T00:00:00Z', to: '2025-01-15T00:00:00Z' }).page();
    wire.done();
  });

  it("scope 'self' → GET /users/{user_id of the login}/cdrs, no /me", async () => {
    const wire = new WireMock().login().get('/users/4720/cdrs', { query: page(1, 200), fixture: 'cdrs.json' });
    await vsClient().cdrs.list({ scope: 'self' }).page();
    wire.done();
  });

  it("scope 'self' with an API key alone → GET /me once, then /users/{id}/cdrs for every page", async () => {
    const two = (ids: number[]) => ({ data: ids.map((id) => ({ id, type: 'O', calldate: '2025-01-14 09:00:00', disposition: 'BUSY', duration: 1, billsec: 0 })), total: 3 });
    const wire = new WireMock()
      .useAuth({ token: 'api-key-9f8e7d6c5b4a' })
      .get('/me', { fixture: 'me.json' })
      .get('/users/4720/cdrs', { query: page(1, 2), reply: two([1, 2]) })
      .get('/users/4720/cdrs', { query: page(2, 2), reply: two([3]) });
    expect(await vsClient({ credentials: { apiKey: 'api-key-9f8e7d6c5b4a' } }).cdrs.list({ scope: 'self', pageSize: 2 }).toArray()).toHaveLength(3);
    wire.done();
  });
});

describe('cdrs.get: GET /cdrs/{id} → {data}', () => {
  it('unwraps the record; a missing one is NotFoundError', async () => {
    const wire = new WireMock().login().get('/cdrs/5014983', { fixture: 'cdr.json' }).get('/cdrs/1', { status: 404, fixture: 'error-not-found.json' });
    const client = vsClient();
    const cdr = await client.cdrs.get('5014983');
    expect(cdr).toMatchObject({ id: '5014983', direction: 'outbound', disposition: 'answered', cost: 0.045, userId: '4721' });
    expect(await rejection(client.cdrs.get('1'))).toBeInstanceOf(NotFoundError);
    wire.done();
  });
});

describe('records as the published CDR schema declares them (afonsodiniz/tap-voipstudio)', () => {
  it('integer call_id is read as text, t_cause becomes endReason, the other fields stay in raw', async () => {
    const wire = new WireMock().login().get('/cdrs', { query: page(1, 200), fixture: 'cdrs-published-schema.json' });
    const cdrs = await vsClient().cdrs.list().toArray();
    expect(cdrs.map((c) => [c.callId, c.endReason, c.cost])).toEqual([
      ['90412337', 'NORMAL_CLEARING', 0.04],
      ['90412339', 'ORIGINATOR_CANCEL', 0],
      ['90412340', '17', 0],
    ]);
    expect(cdrs[0]!.raw).toMatchObject({ call_id: 90412337, rate: 0.02, live_id: 700482211, src_ua: 'VoIPstudio Desktop 3.9.2', labels: [] });
    wire.done();
  });
});

