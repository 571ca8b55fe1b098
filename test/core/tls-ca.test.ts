/**
 * Private CAs: `tls: { ca }` trusts a CA for one client only, verification still on. A real
 * HTTPS loopback server presents a certificate signed by a CA this test generates (openssl):
 * without the option the TLS failure is "not sent"; with the CA it works; with another CA it
 * fails; another client in the same process is unaffected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortSip } from '../../adapters/portsip/index.js';
import { ValidationError, isPbxError } from '../../core/errors.js';
import { makeTestPki, portsipOverHttps } from '../support/test-pki.js';

const dir = mkdtempSync(join(tmpdir(), 'unipbx-ca-'));
let server: Awaited<ReturnType<typeof portsipOverHttps>> | undefined;
let origin = '';
let caPem = '';
let otherCaPem = '';

beforeAll(async () => {
  const pki = makeTestPki(dir);
  ({ caPem, otherCaPem } = pki);
  server = await portsipOverHttps(pki);
  origin = server.origin;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = (extra: Record<string, unknown> = {}) =>
  createPortSip({ baseUrl: origin, loginMethod: 'sign_in', credentials: { username: 'admin', password: 'pw-123456' }, retry: { maxRetries: 0 }, ...extra });

describe('tls.ca: a private CA for this client only', () => {
  it('without it, the untrusted certificate fails as NETWORK_ERROR, not sent (a create would not be OUTCOME_UNKNOWN)', async () => {
    const error = await client()
      .users.get('7')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isPbxError(error, 'NETWORK_ERROR')).toBe(true);
    expect(error).toMatchObject({ sent: false });
    expect((error as Error).message).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED/);
  });

  it('with the CA (PEM string, Buffer or a list) the same server is trusted and the call works', async () => {
    await expect(client({ tls: { ca: caPem } }).users.get('7')).resolves.toMatchObject({ id: '7', extension: '107' });
    await expect(client({ tls: { ca: Buffer.from(caPem) } }).users.get('7')).resolves.toMatchObject({ id: '7' });
    await expect(client({ tls: { ca: [otherCaPem, caPem] } }).users.get('7')).resolves.toMatchObject({ id: '7' });
  });

  it('a different CA does not make it trusted: verification stays on', async () => {
    await expect(client({ tls: { ca: otherCaPem } }).users.get('7')).rejects.toMatchObject({ code: 'NETWORK_ERROR', sent: false });
  });

  it('is per client: another client in the same process still refuses the certificate', async () => {
    await client({ tls: { ca: caPem } }).users.get('7');
    await expect(client().users.get('7')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });

  it('is validated: an empty CA, or tls together with a custom fetch, is a ValidationError', () => {
    expect(() => client({ tls: { ca: '' } })).toThrow(ValidationError);
    expect(() => client({ tls: { ca: caPem }, fetch: globalThis.fetch })).toThrow(ValidationError);
  });
});
