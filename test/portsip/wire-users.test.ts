/**
 * PortSIP users on the wire: list paging (skip/top, cursor, count), get, the OData lookups,
 * create (generated secrets + read-back + reconciliation), update (only changed fields),
 * delete (`POST …/destroy`).
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, OutcomeUnknownError, PartialFailureError, UnsupportedOperationError, ValidationError } from '../../core/errors.js';
import { passwordProblems, voicemailPinProblems } from '../../adapters/portsip/policy.js';
import { fixture, idOf } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const ALICE = idOf('user-detail.json');
const NEW_ID = idOf('user-created.json');
const page1 = fixture('users-list-page1.json');
const page2 = fixture('users-list-page2.json');

describe('users.list: GET /api/users?skip&top', () => {
  it('pages with skip/top, follows the cursor while count says there is more', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/users', { query: { skip: '0', top: '2' }, fixture: 'users-list-page1.json' })
      .get('/api/users', { query: { skip: '2', top: '2' }, fixture: 'users-list-page2.json' });
    const pages = [];
    for await (const page of portsipClient().users.list({ pageSize: 2 }).pages()) pages.push(page);
    wire.done();
    expect(pages.map((p) => p.items.map((u) => u.extension))).toEqual([['101', '102'], ['103']]);
    expect(pages.map((p) => p.total)).toEqual([3, 3]);
    expect(pages.map((p) => p.nextCursor)).toEqual(['offset:2', undefined]);
  });

  it('toArray() collects every page', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/users', { query: { skip: '0', top: '2' }, fixture: 'users-list-page1.json' })
      .get('/api/users', { query: { skip: '2', top: '2' }, fixture: 'users-list-page2.json' });
    const users = await portsipClient().users.list({ pageSize: 2 }).toArray();
    wire.done();
    expect(users.map((u) => u.id)).toEqual([...page1.items, ...page2.items].map((u: { id: string }) => u.id));
  });

  it('asks for 100 per page by default and caps larger page sizes at 100', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/users', { query: { skip: '0', top: '100' }, fixture: 'users-list-page1.json' })
      .get('/api/users', { query: { skip: '0', top: '100' }, fixture: 'users-list-page1.json' });
    const client = portsipClient();
    await client.users.list().page();
    await client.users.list({ pageSize: 500 }).page();
    wire.done();
  });

  it('starts at the offset a cursor points at', async () => {
    const wire = new WireMock().signIn().get('/api/users', { query: { skip: '2', top: '2' }, fixture: 'users-list-page2.json' });
    const page = await portsipClient().users.list({ pageSize: 2, cursor: 'offset:2' }).page();
    wire.done();
    expect(page.items.map((u) => u.extension)).toEqual(['103']);
    expect(page.nextCursor).toBeUndefined();
  });
});

describe('users.get: GET /api/users/{id}', () => {
  it('reads one user, id percent-encoded as one path segment', async () => {
    const wire = new WireMock().signIn().get(`/api/users/${ALICE}`, { fixture: 'user-detail.json' }).get('/api/users/a%2Fb%3Fc', { fixture: 'user-detail.json' });
    const client = portsipClient();
    const user = await client.users.get(ALICE);
    await client.users.get('a/b?c');
    wire.done();
    expect(user).toMatchObject({ id: ALICE, extension: '101', username: 'alice', displayName: 'Alice Andersson', vendor: 'portsip' });
  });

  it('404 -> NotFoundError', async () => {
    const wire = new WireMock().signIn().get('/api/users/missing', { status: 404, fixture: 'error-not-found.json' });
    const error = await rejection(portsipClient().users.get('missing'));
    expect(error).toBeInstanceOf(NotFoundError);
    wire.done();
  });
});

describe('users.findByEmail / findByExtension: GET /api/users?filter', () => {
  it("filters email eq '…' with single quotes doubled, and re-checks the email case-insensitively", async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/users', { query: { filter: "email eq 'o''brien@acme.example'", skip: '0', top: '2' }, fixture: 'users-find-by-email.json' });
    const user = await portsipClient().users.findByEmail("o'brien@acme.example");
    wire.done();
    expect(user).toMatchObject({ extension: '104', email: "O'Brien@Acme.Example" });
  });

  it('is null when nothing matches, and when the server returns a user with another email', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/users', { query: { filter: "email eq 'nobody@acme.example'", skip: '0', top: '2' }, fixture: 'users-list-empty.json' })
      .get('/api/users', { query: { filter: "email eq 'alice@acme.example.org'", skip: '0', top: '2' }, fixture: 'users-list-page1.json' });
    const client = portsipClient();
    expect(await client.users.findByEmail('nobody@acme.example')).toBeNull();
    expect(await client.users.findByEmail('alice@acme.example.org')).toBeNull();
    wire.done();
  });

  it('a mixed-case address that finds nothing is tried once more lower-cased (for a PBX comparing case-sensitively)', async () => {
    const alice = page1.items[0];
    const wire = new WireMock()
      .signIn()
      .get('/api/users', { query: { filter: "email eq 'Alice@Acme.Example'", skip: '0', top: '2' }, fixture: 'users-list-empty.json' })
      .get('/api/users', { query: { filter: "email eq 'alice@acme.example'", skip: '0', top: '2' }, reply: { count: 1, items: [alice] } });
    const user = await portsipClient().users.findByEmail('Alice@Acme.Example');
    wire.done();
    expect(user).toMatchObject({ id: alice.id, email: 'alice@acme.example' });
  });

  it('no second request when the first finds the user, or when the address is already lower case; null when neither form matches', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/users', { query: { filter: "email eq 'Alice@Acme.Example'", skip: '0', top: '2' }, reply: { count: 1, items: [page1.items[0]] } })
      .get('/api/users', { query: { filter: "email eq 'Nobody@Acme.Example'", skip: '0', top: '2' }, fixture: 'users-list-empty.json' })
      .get('/api/users', { query: { filter: "email eq 'nobody@acme.example'", skip: '0', top: '2' }, fixture: 'users-list-empty.json', times: 2 });
    const client = portsipClient();
    expect((await client.users.findByEmail('Alice@Acme.Example'))?.extension).toBe('101');
    expect(await client.users.findByEmail('Nobody@Acme.Example')).toBeNull();
    expect(await client.users.findByEmail('nobody@acme.example')).toBeNull();
    wire.done();
    expect(wire.requests.filter((r) => r.path === '/api/users')).toHaveLength(4);
  });

  it("filters extension_number eq '…'", async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/users', { query: { filter: "extension_number eq '102'", skip: '0', top: '2' }, fixture: 'users-list-page1.json' })
      .get('/api/users', { query: { filter: "extension_number eq '999'", skip: '0', top: '2' }, fixture: 'users-list-empty.json' });
    const client = portsipClient();
    expect((await client.users.findByExtension('102'))?.username).toBe('bob');
    expect(await client.users.findByExtension('999')).toBeNull();
    wire.done();
  });
});

const REQUIRED_CREATE_KEYS = ['display_name', 'email', 'extension_number', 'extension_password', 'name', 'password', 'role', 'voicemail_pin'];

describe('users.create: POST /api/users, then GET the stored user', () => {
  it('sends every field PortSIP requires, with random secrets of the right shape, then reads the user back', async () => {
    let sent: Record<string, unknown> = {};
    const wire = new WireMock()
      .signIn()
      .post('/api/users', {
        status: 201,
        fixture: 'user-created.json',
        bodyCheck: (body) => {
          sent = body as Record<string, unknown>;
          expect(Object.keys(sent).sort()).toEqual(REQUIRED_CREATE_KEYS);
          expect(sent).toMatchObject({ name: '105', email: 'dana@acme.example', display_name: 'Dana Dahl', role: 'StandardUser', extension_number: '105' });
        },
      })
      .get(`/api/users/${NEW_ID}`, { fixture: 'user-new-detail.json' });
    const user = await portsipClient().users.create({ extension: '105', displayName: 'Dana Dahl', email: 'dana@acme.example' });
    wire.done();
    expect(user).toMatchObject({ id: NEW_ID, extension: '105', displayName: 'Dana Dahl' });

    const { password, extension_password: sipPassword, voicemail_pin: pin } = sent as Record<string, string>;
    for (const secret of [password!, sipPassword!]) {
      expect(secret).toHaveLength(16);
      expect(passwordProblems(secret, { name: '105', extension: '105' })).toEqual([]);
    }
    expect(password).not.toBe(sipPassword);
    expect(pin).toMatch(/^[0-9]{6}$/);
    expect(voicemailPinProblems(pin!)).toEqual([]);
  });

  it('generates different secrets for every user', async () => {
    const bodies: Array<Record<string, string>> = [];
    const wire = new WireMock().signIn();
    for (const ext of ['106', '107']) {
      wire
        .post('/api/users', { status: 201, reply: { id: `id-${ext}` }, bodyCheck: (b) => void bodies.push(b as Record<string, string>) })
        .get(`/api/users/id-${ext}`, { reply: { ...fixture('user-new-detail.json'), id: `id-${ext}`, extension_number: ext } });
    }
    const client = portsipClient();
    await client.users.create({ extension: '106', displayName: 'A', email: 'a@acme.example' });
    await client.users.create({ extension: '107', displayName: 'B', email: 'b@acme.example' });
    wire.done();
    expect(bodies[0]?.['password']).not.toBe(bodies[1]?.['password']);
    expect(bodies[0]?.['extension_password']).not.toBe(bodies[1]?.['extension_password']);
  });

  it("uses the caller's username, role, secrets and optional fields verbatim", async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/users', {
        status: 201,
        fixture: 'user-created.json',
        body: {
          name: 'dana',
          password: 'Portal-Pa55!',
          email: 'dana@acme.example',
          display_name: 'Dana Dahl',
          role: 'QueueManager',
          extension_number: '105',
          extension_password: 'Sip-Pa55-word',
          voicemail_pin: '24680135',
          enabled: false,
          mobile_phone: '+46709876543',
          department: 'Support',
        },
      })
      .get(`/api/users/${NEW_ID}`, { fixture: 'user-new-detail.json' });
    await portsipClient().users.create({
      extension: '105',
      displayName: 'Dana Dahl',
      email: 'dana@acme.example',
      username: 'dana',
      role: 'QueueManager',
      password: 'Portal-Pa55!',
      sipPassword: 'Sip-Pa55-word',
      voicemailPin: '24680135',
      enabled: false,
      mobile: '+46709876543',
      department: 'Support',
    });
    wire.done();
  });

  it('refuses what PortSIP would refuse before sending anything (2-digit extension, PINs breaking the PIN policy, firstName)', async () => {
    const wire = new WireMock();
    const client = portsipClient();
    const short = await rejection(client.users.create({ extension: '12', displayName: 'X', email: 'x@acme.example' }));
    expect(short).toBeInstanceOf(ValidationError);
    expect(short).toMatchObject({ source: 'client', issues: [{ field: 'extension' }] });
    for (const voicemailPin of ['1234', '123456', '481115', '986542']) {
      const pin = await rejection(client.users.create({ extension: '123', displayName: 'X', email: 'x@acme.example', voicemailPin }));
      expect(pin).toBeInstanceOf(ValidationError);
      expect(pin).toMatchObject({ code: 'VALIDATION_FAILED', source: 'client', issues: [{ field: 'voicemailPin' }] });
      expect(pin.message).not.toContain(voicemailPin);
    }
    const first = await rejection(client.users.create({ extension: '123', displayName: 'X', email: 'x@acme.example', firstName: 'X' }));
    expect(first).toBeInstanceOf(UnsupportedOperationError);
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });

  it('after a 500 (outcome unknown) looks the extension up, and returns the user the lost create made', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/users', { status: 500, fixture: 'error-server.json', bodyCheck: () => undefined })
      .get('/api/users', { query: { filter: "extension_number eq '105'", skip: '0', top: '2' }, reply: { count: 1, items: [fixture('user-new-detail.json')] } })
      .get(`/api/users/${NEW_ID}`, { fixture: 'user-new-detail.json' });
    const user = await portsipClient().users.create({ extension: '105', displayName: 'Dana Dahl', email: 'dana@acme.example' });
    wire.done();
    expect(user.id).toBe(NEW_ID);
    expect(wire.count('POST', '/api/users')).toBe(1);
  });

  it('resends the same body after an unknown outcome when the lookup finds nothing', async () => {
    const bodies: unknown[] = [];
    const wire = new WireMock()
      .signIn()
      .post('/api/users', { status: 502, rawReply: '<html><body>Bad Gateway</body></html>', headers: { 'content-type': 'text/html' }, bodyCheck: (b) => void bodies.push(b) })
      .get('/api/users', { query: { filter: "extension_number eq '105'", skip: '0', top: '2' }, fixture: 'users-list-empty.json' })
      .post('/api/users', { status: 201, fixture: 'user-created.json', bodyCheck: (b) => void bodies.push(b) })
      .get(`/api/users/${NEW_ID}`, { fixture: 'user-new-detail.json' });
    await portsipClient().users.create({ extension: '105', displayName: 'Dana Dahl', email: 'dana@acme.example' });
    wire.done();
    expect(bodies[1]).toEqual(bodies[0]);
  });

  it('three unknown outcomes with nothing found -> OutcomeUnknownError (never a blind retry)', async () => {
    const wire = new WireMock().signIn();
    for (let i = 0; i < 3; i++) {
      wire
        .post('/api/users', { status: 500, fixture: 'error-server.json', bodyCheck: () => undefined })
        .get('/api/users', { query: { filter: "extension_number eq '105'", skip: '0', top: '2' }, fixture: 'users-list-empty.json' });
    }
    const error = await rejection(portsipClient().users.create({ extension: '105', displayName: 'Dana Dahl', email: 'dana@acme.example' }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ operation: 'users.create', mayHaveApplied: true });
    wire.done();
    expect(wire.count('POST', '/api/users')).toBe(3);
  });

  it('created but the read-back fails -> PartialFailureError carrying the new id', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/users', { status: 201, fixture: 'user-created.json', bodyCheck: () => undefined })
      .get(`/api/users/${NEW_ID}`, { status: 404, fixture: 'error-not-found.json' });
    const error = await rejection(portsipClient().users.create({ extension: '105', displayName: 'Dana Dahl', email: 'dana@acme.example' }));
    expect(error).toBeInstanceOf(PartialFailureError);
    expect(error).toMatchObject({ resourceId: NEW_ID, applied: ['create'], failed: ['read back'] });
    wire.done();
  });
});

describe('users.update: POST /api/users/{id} with only the changed fields, then GET', () => {
  it('sends only display_name when only displayName changes', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`/api/users/${ALICE}`, { body: { display_name: 'Alice B. Andersson' }, status: 200 })
      .get(`/api/users/${ALICE}`, { reply: { ...fixture('user-detail.json'), display_name: 'Alice B. Andersson' } });
    const user = await portsipClient().users.update(ALICE, { displayName: 'Alice B. Andersson' });
    wire.done();
    expect(user.displayName).toBe('Alice B. Andersson');
  });

  it('maps email, mobile, enabled and department to their wire names', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`/api/users/${ALICE}`, { body: { email: 'alice.a@acme.example', mobile_phone: '+46700000001', enabled: false, department: '' }, status: 200 })
      .get(`/api/users/${ALICE}`, { fixture: 'user-detail.json' });
    await portsipClient().users.update(ALICE, { email: 'alice.a@acme.example', mobile: '+46700000001', enabled: false, department: '' });
    wire.done();
  });

  it('refuses fields PortSIP does not have (firstName) before sending anything', async () => {
    const wire = new WireMock();
    const error = await rejection(portsipClient().users.update(ALICE, { firstName: 'Alice' }));
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });
});

describe('users.delete: POST /api/users/{id}/destroy', () => {
  it('posts no body and accepts 204', async () => {
    const wire = new WireMock().signIn().post(`/api/users/${ALICE}/destroy`, { status: 204 });
    await expect(portsipClient().users.delete(ALICE)).resolves.toBeUndefined();
    wire.done();
  });

  it('a 404 on the first attempt is a NotFoundError', async () => {
    const wire = new WireMock().signIn().post('/api/users/missing/destroy', { status: 404, fixture: 'error-not-found.json' });
    expect(await rejection(portsipClient().users.delete('missing'))).toBeInstanceOf(NotFoundError);
    wire.done();
  });

  it('a 404 after a 503 whose outcome was unknown means the delete landed', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`/api/users/${ALICE}/destroy`, { status: 503, fixture: 'error-server.json' })
      .post(`/api/users/${ALICE}/destroy`, { status: 404, fixture: 'error-not-found.json' });
    await expect(portsipClient().users.delete(ALICE)).resolves.toBeUndefined();
    wire.done();
  });
});
