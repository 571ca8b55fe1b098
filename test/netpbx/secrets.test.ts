/**
 * Secrets never leave in errors: for a canary password and a canary api_token, no error the
 * NetPBX client throws contains them (in any encoding) in `message`, `stack`,
 * `JSON.stringify(err)`, `util.inspect(err)` or `String(err)` — even when NetPBX echoes them
 * back in its `Message` or `ModelState`, or in a reply we cannot parse.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Wire, fixture, netpbxClient, rejection, useNock } from './support/wire.js';

useNock();

const PASSWORD = 'CANARY-pw-3e8b1d5f';
const TOKEN = 'CANARY-tok-a71c09e4';

function expectNoSecret(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  const e = error as Error;
  const renderings = { message: e.message, stack: String(e.stack), json: JSON.stringify(error), inspect: inspect(error, { depth: 10 }), string: String(error) };
  const forms = [PASSWORD, TOKEN].flatMap((s) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64')]);
  for (const [how, text] of Object.entries(renderings)) for (const form of forms) expect(text.includes(form), `${how} leaks a secret:\n${text}`).toBe(false);
}

const withPassword = () => netpbxClient({ credentials: { username: 'api-admin', password: PASSWORD } });
const loginBody = { username: 'api-admin', password: PASSWORD };
const withToken = { ...fixture('login.json'), api_token: TOKEN };

describe('the password', () => {
  it('echoed in a refused login (401 Message) is redacted', async () => {
    const wire = new Wire().login({ body: loginBody, status: 401, reply: { Message: `Invalid password '${PASSWORD}' for api-admin` } });
    const error = await rejection(withPassword().users.get('1042'));
    wire.done();
    expect(error.code).toBe('AUTHENTICATION_FAILED');
    expect(error.message).toContain('[REDACTED]');
    expectNoSecret(error);
  });

  it('echoed in a 400 ModelState of the login is redacted', async () => {
    const wire = new Wire().login({ body: loginBody, status: 400, reply: { Message: 'The request is invalid.', ModelState: { 'request.Password': [`'${PASSWORD}' is too weak`] } } });
    const error = await rejection(withPassword().users.get('1042'));
    wire.done();
    expectNoSecret(error);
  });

  it('in an unreadable login reply (token missing, password echoed) is not in the VendorResponseError', async () => {
    const wire = new Wire().login({ body: loginBody, reply: { Message: `welcome ${PASSWORD}`, api_token: 42 } });
    const error = await rejection(withPassword().users.get('1042'));
    wire.done();
    expect(error.code).toBe('BAD_RESPONSE');
    expectNoSecret(error);
  });
});

describe('the api_token', () => {
  it('echoed by a later error (500 Message) is redacted', async () => {
    const wire = new Wire()
      .login({ body: loginBody, reply: withToken })
      .signedWith(`Bearer ${TOKEN}`)
      .get('/users/1042', { status: 500, reply: { Message: `token ${TOKEN} caused an exception` }, times: 4 }); // the first try + 3 retries (kernel default)
    const error = await rejection(withPassword().users.get('1042'));
    wire.done();
    expect(error.code).toBe('SERVER_ERROR');
    expectNoSecret(error);
  });

  it('a static token echoed in a 401 is redacted', async () => {
    const wire = new Wire().signedWith(`Bearer ${TOKEN}`).get('/users/1042', { status: 401, reply: { Message: `api_token ${TOKEN} is revoked` } });
    const error = await rejection(netpbxClient({ credentials: { token: TOKEN } }).users.get('1042'));
    wire.done();
    expectNoSecret(error);
  });

  it('in a custom header, echoed in a PartialFailureError\'s cause, is redacted', async () => {
    const wire = new Wire()
      .login({ body: loginBody, reply: withToken })
      .signedWith(TOKEN, 'x-api-token')
      .put('/users/1042/name', { body: { firstName: 'A', lastName: 'B' } })
      .put('/users/1042/email', { body: { email: 'a@example.com' }, status: 409, reply: { Message: `conflict for ${TOKEN}` } });
    const error = await rejection(
      netpbxClient({ credentials: { username: 'api-admin', password: PASSWORD }, tokenHeader: { name: 'X-Api-Token', scheme: '' } }).users.update('1042', { firstName: 'A', lastName: 'B', email: 'a@example.com' }),
    );
    wire.done();
    expect(error.code).toBe('PARTIAL_FAILURE');
    expectNoSecret(error);
  });

  it('hooks never see it', async () => {
    const wire = new Wire().login({ body: loginBody, reply: withToken }).signedWith(`Bearer ${TOKEN}`).get('/users/1042', { reply: fixture('user.json') });
    const events: unknown[] = [];
    const client = netpbxClient({ credentials: { username: 'api-admin', password: PASSWORD }, hooks: { onRequest: (e) => events.push(e), onResponse: (e) => events.push(e) } });
    await client.users.get('1042');
    wire.done();
    expect(JSON.stringify(events)).not.toMatch(/CANARY/);
  });
});
