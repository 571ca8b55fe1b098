/**
 * NetPBX users on the wire: the list (one GET, paged client-side), get, the native lookups by
 * email and extension, and the update fan-out — up to three PUTs in the fixed order /name,
 * /email, /mobilenumber, only for the fields present, then a GET — with its partial failures.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, PartialFailureError, PermissionError, UnsupportedOperationError, ValidationError, VendorResponseError } from '../../core/errors.js';
import { netpbx } from '../../adapters/netpbx/index.js';
import { CREDENTIALS, ORIGIN, Wire, fixture, netpbxClient, rejection, useNock } from './support/wire.js';

useNock();

const ADA = fixture('user.json');
const stored = (changes: Record<string, unknown>) => ({ ...ADA, ...changes });

describe('users.list: GET api/v1/users (no paging on the wire)', () => {
  it('reads the bare array once and maps every user', async () => {
    const wire = new Wire().login().get('/users', { reply: fixture('users.json') });
    const users = await netpbxClient().users.list().toArray();
    wire.done();
    expect(wire.order()).toEqual(['POST /authorizations', 'GET /users']);
    expect(users.map((u) => [u.id, u.extension, u.displayName])).toEqual([
      ['1001', '100', 'Tenant Administrator'],
      ['1042', '1042', 'Ada Lovelace'],
      ['1043', '1043', 'mex.user'],
    ]);
  });

  it('cuts pages client-side: each page is one GET of the whole list, the cursor is an offset', async () => {
    const wire = new Wire().login().get('/users', { reply: fixture('users.json'), times: 2 });
    const pages = [];
    for await (const page of netpbxClient().users.list({ pageSize: 2 }).pages()) pages.push(page);
    wire.done();
    expect(pages.map((p) => p.items.map((u) => u.id))).toEqual([['1001', '1042'], ['1043']]);
    expect(pages.map((p) => [p.total, p.nextCursor])).toEqual([[3, 'offset:2'], [3, undefined]]);
  });
});

describe('users.get: GET api/v1/users/{id}', () => {
  it('reads one user; the id is percent-encoded as one path segment', async () => {
    const wire = new Wire().login().get('/users/1042', { reply: ADA }).get('/users/a%2Fb%3Fc', { reply: ADA });
    const client = netpbxClient();
    const user = await client.users.get('1042');
    await client.users.get('a/b?c');
    wire.done();
    expect(user).toMatchObject({ id: '1042', extension: '1042', username: 'ada.lovelace', firstName: 'Ada', lastName: 'Lovelace', displayName: 'Ada Lovelace', email: 'ada@example.com', mobile: '+46701234567', role: 'Standard', vendor: 'netpbx' });
  });

  it('404 {Message} -> NotFoundError carrying the message', async () => {
    const wire = new Wire().login().get('/users/999', { status: 404, reply: fixture('error-not-found.json') });
    const error = await rejection(netpbxClient().users.get('999'));
    wire.done();
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('User not found.');
  });

  it.each(['email', 'Extension'])('refuses the id %s (it would reach the lookup route) before any request, also in update', async (id) => {
    const wire = new Wire();
    const client = netpbxClient();
    expect(await rejection(client.users.get(id))).toBeInstanceOf(ValidationError);
    expect(await rejection(client.users.update(id, { email: 'a@example.com' }))).toBeInstanceOf(ValidationError);
    wire.done();
    expect(wire.requests).toEqual([]);
  });
});

describe('users.findByEmail / findByExtension: native lookups', () => {
  it('GET api/v1/users/email?email=… returns the user', async () => {
    const wire = new Wire().login().get('/users/email', { query: { email: 'ada+pbx@example.com' }, reply: ADA });
    const user = await netpbxClient().users.findByEmail('ada+pbx@example.com');
    wire.done();
    expect(user?.id).toBe('1042');
    // `+` must travel encoded, or ASP.NET would read a space.
    expect(wire.requests[1]!.path).toBe('/api/v1/users/email');
  });

  it('GET api/v1/users/extension?extension=… returns the user', async () => {
    const wire = new Wire().login().get('/users/extension', { query: { extension: '1042' }, reply: ADA });
    expect((await netpbxClient().users.findByExtension('1042'))?.email).toBe('ada@example.com');
    wire.done();
  });

  it('404 means no such user: null', async () => {
    const wire = new Wire()
      .login()
      .get('/users/email', { query: { email: 'nobody@example.com' }, status: 404, reply: fixture('error-not-found.json') })
      .get('/users/extension', { query: { extension: '7000' }, status: 404, reply: fixture('error-not-found.json') });
    const client = netpbxClient();
    expect(await client.users.findByEmail('nobody@example.com')).toBeNull();
    expect(await client.users.findByExtension('7000')).toBeNull();
    wire.done();
  });

  it.each([
    ['PascalCase', fixture('error-route-miss.json')],
    ['camelCase', { message: fixture('error-route-miss.json').Message }],
  ])('ASP.NET\'s route-miss 404 (%s) is VendorResponseError, never null: a wrong base URL or a server without the route', async (_casing, reply) => {
    const wire = new Wire()
      .login()
      .get('/users/email', { query: { email: 'ada@example.com' }, status: 404, reply })
      .get('/users/extension', { query: { extension: '1042' }, status: 404, reply });
    const client = netpbxClient();
    const byEmail = await rejection(client.users.findByEmail('ada@example.com'));
    const byExtension = await rejection(client.users.findByExtension('1042'));
    wire.done();
    expect(byEmail).toBeInstanceOf(VendorResponseError);
    expect(byEmail).toMatchObject({ code: 'BAD_RESPONSE', status: 404, operation: 'users.findByEmail', retryable: false });
    expect(byEmail.message).toMatch(/route api\/v1\/users\/email does not exist at this base URL/);
    expect(byExtension).toBeInstanceOf(VendorResponseError);
    expect(byExtension.message).toMatch(/route api\/v1\/users\/extension does not exist at this base URL/);
  });

  it('an empty or null 200 reply is null too', async () => {
    const wire = new Wire()
      .login()
      .get('/users/email', { query: { email: 'nobody@example.com' }, reply: null })
      .get('/users/extension', { query: { extension: '7000' }, status: 204 });
    const client = netpbxClient();
    expect(await client.users.findByEmail('nobody@example.com')).toBeNull();
    expect(await client.users.findByExtension('7000')).toBeNull();
    wire.done();
  });

  it('the encoded query really is ?email=ada%2Bpbx%40example.com', async () => {
    const wire = new Wire().login().get('/users/email', { query: { email: 'ada+pbx@example.com' }, reply: ADA });
    const seen: string[] = [];
    const client = netpbxClient({ hooks: { onRequest: (e) => seen.push(e.url) } });
    await client.users.findByEmail('ada+pbx@example.com');
    wire.done();
    expect(seen.at(-1)).toBe(`${ORIGIN}/api/v1/users/email?email=ada%2Bpbx%40example.com`);
  });
});

describe('users.update: up to three PUTs, in the order /name, /email, /mobilenumber, then a GET', () => {
  it('sends only the PUT of the fields present (email only)', async () => {
    const wire = new Wire()
      .login()
      .put('/users/1042/email', { body: { email: 'ada.l@example.com' } })
      .get('/users/1042', { reply: stored({ Email: 'ada.l@example.com' }) });
    const user = await netpbxClient().users.update('1042', { email: 'ada.l@example.com' });
    wire.done();
    expect(wire.order()).toEqual(['POST /authorizations', 'PUT /users/1042/email', 'GET /users/1042']);
    expect(user.email).toBe('ada.l@example.com');
  });

  it('all parts: /name {firstName, lastName}, /email {email}, /mobilenumber {mobileNumber}, in this order whatever the patch order', async () => {
    const wire = new Wire()
      .login()
      .put('/users/1042/name', { body: { firstName: 'Augusta Ada', lastName: 'King' } })
      .put('/users/1042/email', { body: { email: 'ada.king@example.com' } })
      .put('/users/1042/mobilenumber', { body: { mobileNumber: '+46709999999' } })
      .get('/users/1042', { reply: stored({ FirstName: 'Augusta Ada', LastName: 'King', Email: 'ada.king@example.com', MobileNumber: '+46709999999' }) });
    const user = await netpbxClient().users.update('1042', { mobile: '+46709999999', email: 'ada.king@example.com', lastName: 'King', firstName: 'Augusta Ada' });
    wire.done();
    expect(wire.order()).toEqual(['POST /authorizations', 'PUT /users/1042/name', 'PUT /users/1042/email', 'PUT /users/1042/mobilenumber', 'GET /users/1042']);
    expect(user).toMatchObject({ firstName: 'Augusta Ada', lastName: 'King', displayName: 'Augusta Ada King', email: 'ada.king@example.com', mobile: '+46709999999' });
  });

  it('only one of the names: reads the user first and sends the other name unchanged', async () => {
    const wire = new Wire()
      .login()
      .get('/users/1042', { reply: ADA })
      .put('/users/1042/name', { body: { firstName: 'Augusta', lastName: 'Lovelace' } })
      .get('/users/1042', { reply: stored({ FirstName: 'Augusta' }) });
    await netpbxClient().users.update('1042', { firstName: 'Augusta' });
    wire.done();
    expect(wire.order()).toEqual(['POST /authorizations', 'GET /users/1042', 'PUT /users/1042/name', 'GET /users/1042']);
  });

  it('a blank stored name is sent as ""', async () => {
    const wire = new Wire()
      .login()
      .get('/users/1043', { reply: fixture('users.json')[2] })
      .put('/users/1043/name', { body: { firstName: '', lastName: 'Babbage' } })
      .get('/users/1043', { reply: { ...fixture('users.json')[2], LastName: 'Babbage' } });
    await netpbxClient().users.update('1043', { lastName: 'Babbage' });
    wire.done();
  });

  it('/name ok, then /email 500 -> PartialFailureError: applied firstName, lastName; failed email and the unattempted mobile', async () => {
    const wire = new Wire()
      .login()
      .put('/users/1042/name', { body: { firstName: 'Augusta', lastName: 'King' } })
      .put('/users/1042/email', { body: { email: 'ada.king@example.com' }, status: 500, reply: { Message: 'An error has occurred.' } });
    const error = await rejection(
      netpbxClient({ retry: { maxRetries: 0 } }).users.update('1042', { firstName: 'Augusta', lastName: 'King', email: 'ada.king@example.com', mobile: '+46709999999' }),
    );
    wire.done();
    expect(error).toBeInstanceOf(PartialFailureError);
    expect(error).toMatchObject({ code: 'PARTIAL_FAILURE', applied: ['firstName', 'lastName'], failed: ['email', 'mobile'], resourceId: '1042', vendor: 'netpbx', operation: 'users.update', status: 500 });
    expect((error.cause as { code: string }).code).toBe('SERVER_ERROR');
    expect(error.message).toMatch(/PUT …\/email failed \(SERVER_ERROR\).*not attempted: mobile/);
    expect(wire.order()).not.toContain('PUT /users/1042/mobilenumber');
  });

  it('/name and /email ok, /mobilenumber 400 with ModelState -> applied firstName, lastName, email; failed mobile', async () => {
    const wire = new Wire()
      .login()
      .put('/users/1042/name', { body: { firstName: 'Ada', lastName: 'King' } })
      .put('/users/1042/email', { body: { email: 'ada.king@example.com' } })
      .put('/users/1042/mobilenumber', { body: { mobileNumber: '+46709999999' }, status: 400, reply: fixture('error-model-state.json') });
    const error = await rejection(netpbxClient().users.update('1042', { firstName: 'Ada', lastName: 'King', email: 'ada.king@example.com', mobile: '+46709999999' }));
    wire.done();
    expect(error).toMatchObject({ applied: ['firstName', 'lastName', 'email'], failed: ['mobile'] });
    expect((error.cause as { code: string; issues: unknown }).issues).toEqual([{ field: 'MobileNumber', message: 'The mobile number must be in E.164 format (+46701234567).' }]);
  });

  it('a 5xx on a PUT is retried first (the PUTs set absolute values): one blip is no failure', async () => {
    const wire = new Wire()
      .login()
      .put('/users/1042/email', { body: { email: 'ada.king@example.com' }, status: 503, reply: { Message: 'busy' } })
      .put('/users/1042/email', { body: { email: 'ada.king@example.com' } })
      .get('/users/1042', { reply: stored({ Email: 'ada.king@example.com' }) });
    expect((await netpbxClient().users.update('1042', { email: 'ada.king@example.com' })).email).toBe('ada.king@example.com');
    wire.done();
  });

  it('the first PUT failing applied nothing: its own error, and no further request', async () => {
    const wire = new Wire()
      .login()
      .put('/users/1001/name', { body: { firstName: 'X', lastName: 'Y' }, status: 403, reply: { Message: 'Standard users may only change themselves.' } });
    const error = await rejection(netpbxClient().users.update('1001', { firstName: 'X', lastName: 'Y', email: 'x@example.com' }));
    wire.done();
    expect(error).toBeInstanceOf(PermissionError);
    expect(wire.order()).toEqual(['POST /authorizations', 'PUT /users/1001/name']);
  });

  it('every PUT ok but the read-back fails -> the read error itself (nothing is partial: every field was applied)', async () => {
    const wire = new Wire()
      .login()
      .put('/users/1042/email', { body: { email: 'ada.king@example.com' } })
      .get('/users/1042', { status: 404, reply: fixture('error-not-found.json') });
    const error = await rejection(netpbxClient().users.update('1042', { email: 'ada.king@example.com' }));
    wire.done();
    expect(error).toMatchObject({ code: 'NOT_FOUND', operation: 'users.update', status: 404 });
  });

  it('a mobile number NetPBX accepted but did not store (MEX users) is never reported as done', async () => {
    const wire = new Wire()
      .login()
      .put('/users/1043/email', { body: { email: 'mex@example.com' } })
      .put('/users/1043/mobilenumber', { body: { mobileNumber: '+46701111111' } })
      .get('/users/1043', { reply: { ...fixture('users.json')[2], Email: 'mex@example.com' } });
    const error = await rejection(netpbxClient().users.update('1043', { email: 'mex@example.com', mobile: '+46701111111' }));
    wire.done();
    expect(error).toMatchObject({ code: 'PARTIAL_FAILURE', applied: ['email'], failed: ['mobile'] });
    expect(error.message).toMatch(/MEX/);
  });

  it('a stored number differing only in formatting counts as stored', async () => {
    const wire = new Wire()
      .login()
      .put('/users/1042/mobilenumber', { body: { mobileNumber: '+46701111111' } })
      .get('/users/1042', { reply: stored({ MobileNumber: '+46 70-111 11 11' }) });
    expect((await netpbxClient().users.update('1042', { mobile: '+46701111111' })).mobile).toBe('+46 70-111 11 11');
    wire.done();
  });

  it.each(['0701234567', '+46 70 123 45 67', '46701234567', '+0701234567'])('refuses the mobile number %s (not E.164) before any request', async (mobile) => {
    const wire = new Wire();
    const error = await rejection(netpbxClient().users.update('1042', { mobile }));
    wire.done();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as unknown as ValidationError).issues.map((i) => i.field)).toEqual(['mobile']);
    expect(wire.requests).toEqual([]);
  });

  it('the adapter itself refuses a non-E.164 number too (used without the client facade)', async () => {
    const wire = new Wire();
    const adapter = netpbx.createAdapter({ baseUrl: ORIGIN, credentials: CREDENTIALS });
    const error = await rejection(adapter.users.update!('1042', { mobile: '0701234567' }, {}));
    wire.done();
    expect(error).toBeInstanceOf(ValidationError);
    const unsupported = await rejection(adapter.users.update!('1042', { displayName: 'Ada' }, {}));
    expect(unsupported).toBeInstanceOf(UnsupportedOperationError);
    expect(wire.requests).toEqual([]);
  });
});
