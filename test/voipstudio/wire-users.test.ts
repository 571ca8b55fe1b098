/**
 * VoIPStudio users on the wire: page/limit paging with `total`, lookups through the JSON
 * `filter`, `PATCH /users/{id}` with only the changed fields, `DELETE /users/{id}`, and what is
 * refused before any request (create, fields VoIPStudio cannot set).
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, UnsupportedOperationError, ValidationError, VendorResponseError } from '../../core/errors.js';
import { fixture } from './support/fixtures.js';
import { WireMock, rejection, useNock, userPage, vsClient } from './support/wire.js';

useNock();

describe('users.list: GET /users?page&limit&sort=id&dir=ASC → {data, total}', () => {
  it('pages with page/limit, reports total, and stops when page × limit reaches it', async () => {
    const wire = new WireMock()
      .login()
      .get('/users', { query: userPage(1, 2), fixture: 'users-page1.json' })
      .get('/users', { query: userPage(2, 2), fixture: 'users-page2.json' });
    const list = vsClient().users.list({ pageSize: 2 });
    const pages = [];
    for await (const page of list.pages()) pages.push(page);
    wire.done();
    expect(pages.map((p) => p.items.map((u) => u.id))).toEqual([['4720', '4721'], ['4725']]);
    expect(pages[0]).toMatchObject({ total: 3, nextCursor: 'page:2' });
    expect(pages[1]!.nextCursor).toBeUndefined();
  });

  it('asks for 200 by default and never more than 1000', async () => {
    const wire = new WireMock()
      .login()
      .get('/users', { query: userPage(1, 200), fixture: 'users-empty.json' })
      .get('/users', { query: userPage(1, 1000), fixture: 'users-empty.json' });
    const client = vsClient();
    await client.users.list().page();
    await client.users.list({ pageSize: 1000 }).page();
    wire.done();
  });

  it('the pageSize option sets the limit of calls that give none (up to 10,000); a call\'s own pageSize wins', async () => {
    const wire = new WireMock()
      .login()
      .get('/users', { query: userPage(1, 10_000), fixture: 'users-empty.json' })
      .get('/users', { query: userPage(1, 50), fixture: 'users-empty.json' });
    const client = vsClient({ pageSize: 10_000 });
    await client.users.list().page();
    await client.users.list({ pageSize: 50 }).page();
    wire.done();
  });

  it('a pageSize option outside 1–10,000 is refused when the client is built', () => {
    for (const pageSize of [0, 10_001, 2.5]) expect(() => vsClient({ pageSize })).toThrow(ValidationError);
  });

  it('a cursor from a previous page asks for that page', async () => {
    const wire = new WireMock().login().get('/users', { query: userPage(3, 50), fixture: 'users-empty.json' });
    await vsClient().users.list({ pageSize: 50, cursor: 'page:3' }).page();
    wire.done();
  });

  it('a reply without data is VendorResponseError naming the field', async () => {
    const wire = new WireMock().login().get('/users', { query: userPage(1, 200), reply: { items: [], count: 0 } });
    const error = await rejection(vsClient().users.list().page());
    expect(error).toBeInstanceOf(VendorResponseError);
    wire.done();
  });
});

describe('users.get: GET /users/{id} → {data, links}', () => {
  it('unwraps {data} and encodes the id as one path segment', async () => {
    const wire = new WireMock().login().get('/users/4721', { fixture: 'user.json' }).get('/users/a%2Fb%3F', { status: 404, fixture: 'error-not-found.json' });
    const client = vsClient();
    expect((await client.users.get('4721')).email).toBe('ada.lovelace@acme.example');
    expect(await rejection(client.users.get('a/b?'))).toBeInstanceOf(NotFoundError);
    wire.done();
  });
});

describe('users.findByEmail / findByExtension: filter [{property, operator: eq, value}]', () => {
  it('findByEmail filters on email with eq, page 1 limit 2, and re-checks case-insensitively', async () => {
    const wire = new WireMock()
      .login()
      .get('/users', { query: { page: '1', limit: '2' }, filter: [{ property: 'email', operator: 'eq', value: "ada.o'lovelace+x@acme.example" }], fixture: 'users-empty.json' })
      .get('/users', { query: { page: '1', limit: '2' }, filter: [{ property: 'email', operator: 'eq', value: 'ada.lovelace@acme.example' }], fixture: 'users-find.json' });
    const client = vsClient();
    expect(await client.users.findByEmail("ada.o'lovelace+x@acme.example")).toBeNull();
    expect((await client.users.findByEmail('ada.lovelace@acme.example'))?.id).toBe('4721');
    wire.done();
  });

  it('a reply the filter did not narrow (another user) is not taken for a match', async () => {
    const wire = new WireMock().login().get('/users', { query: { page: '1', limit: '2' }, filter: [{ property: 'email', operator: 'eq', value: 'nobody@acme.example' }], fixture: 'users-find.json' });
    expect(await vsClient().users.findByEmail('nobody@acme.example')).toBeNull();
    wire.done();
  });

  it('findByExtension filters on ext', async () => {
    const wire = new WireMock().login().get('/users', { query: { page: '1', limit: '2' }, filter: [{ property: 'ext', operator: 'eq', value: '1001' }], fixture: 'users-find.json' });
    expect((await vsClient().users.findByExtension('1001'))?.displayName).toBe('Ada Lovelace');
    wire.done();
  });
});

describe('users.update: PATCH /users/{id} with the changed fields only', () => {
  it('maps firstName, lastName, email, mobile and enabled to first_name, last_name, email, mobile and active; returns the user from the reply', async () => {
    const stored = fixture('user.json');
    stored.data.email = 'ada@acme.example';
    const wire = new WireMock()
      .login()
      .patch('/users/4721', {
        body: { first_name: 'Ada', last_name: 'King', email: 'ada@acme.example', mobile: '+447700900999', active: false },
        reply: stored,
      });
    const user = await vsClient().users.update('4721', { firstName: 'Ada', lastName: 'King', email: 'ada@acme.example', mobile: '+447700900999', enabled: false });
    expect(user.email).toBe('ada@acme.example');
    wire.done();
    expect(wire.requests).toHaveLength(2);
  });

  it('reads the user back when the reply has no body (204)', async () => {
    const wire = new WireMock().login().patch('/users/4721', { body: { email: 'ada@acme.example' }, status: 204 }).get('/users/4721', { fixture: 'user.json' });
    expect((await vsClient().users.update('4721', { email: 'ada@acme.example' })).id).toBe('4721');
    wire.done();
  });

  it('is idempotent: retried after a 503', async () => {
    const wire = new WireMock()
      .login()
      .patch('/users/4721', { body: { active: true }, status: 503, reply: { message: 'Service unavailable', errors: [] } })
      .patch('/users/4721', { body: { active: true }, fixture: 'user.json' });
    await vsClient().users.update('4721', { enabled: true });
    wire.done();
  });

  it('displayName and department are refused before any request (VoIPStudio has neither)', async () => {
    const wire = new WireMock();
    const client = vsClient();
    for (const patch of [{ displayName: 'Ada K' }, { department: 'R&D' }, { email: 'a@acme.example', department: 'R&D' }]) {
      const error = await rejection(client.users.update('4721', patch));
      expect(error).toBeInstanceOf(UnsupportedOperationError);
      expect(error['operation']).toBe('users.update');
    }
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });
});

describe('users.delete: DELETE /users/{id} → 204', () => {
  it('deletes; a missing user is NotFoundError', async () => {
    const wire = new WireMock().login().delete('/users/4725', { status: 204 }).delete('/users/999', { status: 404, fixture: 'error-not-found.json' });
    const client = vsClient();
    await client.users.delete('4725');
    expect(await rejection(client.users.delete('999'))).toBeInstanceOf(NotFoundError);
    wire.done();
  });

  it('a 404 on the retry of a delete whose first attempt got no answer counts as done', async () => {
    const wire = new WireMock()
      .login()
      .delete('/users/4725', { status: 502, reply: { message: 'Bad gateway', errors: [] } })
      .delete('/users/4725', { status: 404, fixture: 'error-not-found.json' });
    await vsClient().users.delete('4725');
    wire.done();
  });
});

describe('users.create is unsupported', () => {
  it('throws UnsupportedOperationError with the reason, before any request', async () => {
    const wire = new WireMock();
    const client = vsClient();
    expect(client.supports('users.create')).toBe(false);
    const error = await rejection(client.users.create({ extension: '1050', displayName: 'New', email: 'new@acme.example' }));
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(String(error['reason'])).toMatch(/documents no endpoint/);
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });
});

describe('whoami', () => {
  it('GET /users/{user_id of the login}: no GET /me', async () => {
    const wire = new WireMock().login().get('/users/4720', { reply: { data: { ...fixture('user.json').data, id: 4720 } } });
    expect((await vsClient().whoami()).id).toBe('4720');
    wire.done();
  });

  it('with an API key alone: GET /me (documented as {data:[…]}) once, then GET /users/{id}', async () => {
    const wire = new WireMock()
      .useAuth({ token: 'api-key-9f8e7d6c5b4a' })
      .get('/me', { fixture: 'me.json' })
      .get('/users/4720', { reply: { data: { ...fixture('user.json').data, id: 4720 } }, times: 2 });
    const client = vsClient({ credentials: { apiKey: 'api-key-9f8e7d6c5b4a' } });
    await client.whoami();
    expect((await client.whoami()).id).toBe('4720');
    wire.done();
  });

  it('GET /me as {data:{…}} is accepted too; with { apiKey, userId } there is no /me at all', async () => {
    const a = new WireMock().useAuth({ token: 'api-key-9f8e7d6c5b4a' }).get('/me', { reply: { data: { id: 4720 }, links: {} } }).get('/users/4720', { fixture: 'user.json' });
    await vsClient({ credentials: { apiKey: 'api-key-9f8e7d6c5b4a' } }).whoami();
    a.done();
    const b = new WireMock().useAuth({ token: 'api-key-9f8e7d6c5b4a' }).get('/users/4720', { fixture: 'user.json' });
    await vsClient({ credentials: { apiKey: 'api-key-9f8e7d6c5b4a', userId: '4720' } }).whoami();
    b.done();
  });
});
