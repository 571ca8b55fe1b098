/**
 * PortSIP CDRs on the wire: the tenant list `GET /api/cdrs` with the `started_at` range as an
 * OData filter and `orderby=started_at asc`, one user's calls (one GET of the user, then a
 * caller/callee clause), the caller's own `GET /api/user/cdrs`, and `GET /api/cdrs/{id}` in
 * both envelopes with the 403 -> `/api/user/cdrs/{id}` fallback.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, PermissionError, VendorResponseError } from '../../core/errors.js';
import { fixture, idOf } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const ALICE = idOf('user-detail.json');
const FROM = '2025-03-01T00:00:00Z';
const TO = '2025-03-02T00:00:00Z';
const RANGE = `started_at ge '${FROM}' and started_at lt '${TO}'`;
const ORDER = 'started_at asc';

describe('cdrs.list (tenant): GET /api/cdrs', () => {
  it("filters started_at ge '…Z' and started_at lt '…Z', ordered by started_at asc", async () => {
    const wire = new WireMock().signIn().get('/api/cdrs', { query: { filter: RANGE, orderby: ORDER, skip: '0', top: '100' }, fixture: 'cdr-list.json' });
    const cdrs = await portsipClient().cdrs.list({ from: new Date(FROM), to: TO }).toArray();
    wire.done();
    expect(cdrs.map((c) => c.id)).toEqual(fixture('cdr-list.json').items.map((c: { id: string }) => c.id));
  });

  it('keeps fractional seconds only when there are some', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/cdrs', { query: { filter: "started_at ge '2025-03-01T08:30:00.250Z'", orderby: ORDER, skip: '0', top: '100' }, fixture: 'cdr-list.json' });
    await portsipClient().cdrs.list({ from: '2025-03-01T10:30:00.250+02:00' }).page();
    wire.done();
  });

  it('an open end sends only the bound it has; no range sends no filter', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/cdrs', { query: { filter: `started_at lt '${TO}'`, orderby: ORDER, skip: '0', top: '100' }, fixture: 'cdr-list.json' })
      .get('/api/cdrs', { query: { orderby: ORDER, skip: '0', top: '100' }, fixture: 'cdr-list.json' });
    const client = portsipClient();
    await client.cdrs.list({ to: TO }).page();
    await client.cdrs.list().page();
    wire.done();
  });

  it('pages with skip/top, repeating the same filter', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/cdrs', { query: { filter: RANGE, orderby: ORDER, skip: '0', top: '2' }, fixture: 'cdr-list-page1.json' })
      .get('/api/cdrs', { query: { filter: RANGE, orderby: ORDER, skip: '2', top: '2' }, fixture: 'cdr-list-page2.json' });
    const cdrs = await portsipClient().cdrs.list({ from: FROM, to: TO, pageSize: 2 }).toArray();
    wire.done();
    expect(cdrs).toHaveLength(3);
  });
});

describe('cdrs.list for one user', () => {
  const userClause = "(caller eq '101' or callee eq '101')";

  it("GETs the user once for the extension, then adds (caller eq '101' or callee eq '101') on every page", async () => {
    const wire = new WireMock()
      .signIn()
      .get(`/api/users/${ALICE}`, { fixture: 'user-detail.json' })
      .get('/api/cdrs', { query: { filter: `${RANGE} and ${userClause}`, orderby: ORDER, skip: '0', top: '2' }, fixture: 'cdr-list-page1.json' })
      .get('/api/cdrs', { query: { filter: `${RANGE} and ${userClause}`, orderby: ORDER, skip: '2', top: '2' }, fixture: 'cdr-list-page2.json' });
    const cdrs = await portsipClient().cdrs.list({ from: FROM, to: TO, userId: ALICE, pageSize: 2 }).toArray();
    wire.done();
    expect(cdrs).toHaveLength(3);
    expect(wire.count('GET', `/api/users/${ALICE}`)).toBe(1);
  });

  it('without a range the user clause is the whole filter', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`/api/users/${ALICE}`, { fixture: 'user-detail.json' })
      .get('/api/cdrs', { query: { filter: "caller eq '101' or callee eq '101'", orderby: ORDER, skip: '0', top: '100' }, fixture: 'cdr-list.json' });
    await portsipClient().cdrs.list({ userId: ALICE }).page();
    wire.done();
  });

  it('a user without an extension is a NotFoundError (no CDR request)', async () => {
    const { extension_number: _drop, ...noExtension } = fixture('user-detail.json');
    const wire = new WireMock().signIn().get(`/api/users/${ALICE}`, { reply: noExtension });
    const error = await rejection(portsipClient().cdrs.list({ userId: ALICE }).page());
    expect(error).toBeInstanceOf(NotFoundError);
    wire.done();
  });
});

describe('cdrs.list scope self: GET /api/user/cdrs', () => {
  it('lists the logged-in user’s own calls with the same range filter', async () => {
    const wire = new WireMock().signIn().get('/api/user/cdrs', { query: { filter: RANGE, orderby: ORDER, skip: '0', top: '100' }, fixture: 'cdr-list.json' });
    const page = await portsipClient().cdrs.list({ from: FROM, to: TO, scope: 'self' }).page();
    wire.done();
    expect(page.items).toHaveLength(3);
    expect(page.total).toBe(3);
  });
});

describe('cdrs.get', () => {
  const CDR = 'NzA5MDAwMDAwMDAwMDAwMDAx';

  it('GET /api/cdrs/{id} answering {items:[…]}: the record, with the requested id', async () => {
    const wire = new WireMock().signIn().get(`/api/cdrs/${CDR}`, { fixture: 'cdr-detail-array.json' });
    const cdr = await portsipClient().cdrs.get(CDR);
    wire.done();
    expect(cdr).toMatchObject({ id: CDR, direction: 'inbound', disposition: 'answered', cost: 0.12, durationSeconds: 245 });
    expect(cdr.raw['billed_account']).toBe('acme');
  });

  it('a 403 falls back to GET /api/user/cdrs/{id}, which answers {items:{…}}', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`/api/cdrs/${CDR}`, { status: 403, fixture: 'error-forbidden.json' })
      .get(`/api/user/cdrs/${CDR}`, { fixture: 'cdr-detail-object.json' });
    const cdr = await portsipClient().cdrs.get(CDR);
    wire.done();
    expect(cdr).toMatchObject({ id: CDR, direction: 'outbound', disposition: 'missed', durationSeconds: 20 });
  });

  it('a 403 on both is a PermissionError', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`/api/cdrs/${CDR}`, { status: 403, fixture: 'error-forbidden.json' })
      .get(`/api/user/cdrs/${CDR}`, { status: 403, fixture: 'error-forbidden.json' });
    expect(await rejection(portsipClient().cdrs.get(CDR))).toBeInstanceOf(PermissionError);
    wire.done();
  });

  it('a 404 is a NotFoundError without fallback', async () => {
    const wire = new WireMock().signIn().get(`/api/cdrs/${CDR}`, { status: 404, fixture: 'error-not-found.json' });
    expect(await rejection(portsipClient().cdrs.get(CDR))).toBeInstanceOf(NotFoundError);
    wire.done();
  });

  it('an empty {items:[]} is a VendorResponseError naming items', async () => {
    const wire = new WireMock().signIn().get(`/api/cdrs/${CDR}`, { fixture: 'cdr-detail-empty.json' });
    const error = await rejection(portsipClient().cdrs.get(CDR));
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error.message).toMatch(/items/);
    wire.done();
  });
});
