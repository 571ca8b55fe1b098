/**
 * A throw-away PKI for TLS tests, made with the openssl CLI in `dir`: a CA ("test-ca"), an
 * unrelated CA ("other-ca"), and a certificate for 127.0.0.1 / localhost signed by test-ca;
 * and a PortSIP stand-in over HTTPS presenting that certificate.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface TestPki {
  readonly caPem: string;
  readonly otherCaPem: string;
  readonly serverKey: Buffer;
  readonly serverCert: Buffer;
}

export function makeTestPki(dir: string): TestPki {
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string): string => {
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    return readFileSync(join(dir, `${name}.pem`), 'utf8');
  };
  const caPem = ca('test-ca');
  const otherCaPem = ca('other-ca');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'test-ca.pem', '-CAkey', 'test-ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'ext.cnf', '-out', 'server.pem');
  return { caPem, otherCaPem, serverKey: readFileSync(join(dir, 'server.key')), serverCert: readFileSync(join(dir, 'server.pem')) };
}

/** A loopback HTTPS server with the PKI's certificate that answers PortSIP's sign-in and a user read; counts requests. */
export async function portsipOverHttps(pki: TestPki): Promise<{ readonly origin: string; readonly requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server = https.createServer({ key: pki.serverKey, cert: pki.serverCert }, (req, res) => {
    requests++;
    res.setHeader('content-type', 'application/json');
    if (req.url?.endsWith('/auth/sign_in')) return void res.end(JSON.stringify({ access_token: 'tok-abcdef-123456', refresh_token: 'ref-abcdef-123456', expires_in: 3600 }));
    res.end(JSON.stringify({ id: '7', extension_number: '107', display_name: 'Seven', email: 'seven@example.com', enabled: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
