/**
 * A throw-away PKI for TLS tests, made with the openssl CLI in `dir`: a CA ("test-ca"), an
 * unrelated CA ("other-ca"), and a certificate for 127.0.0.1 / localhost signed by test-ca.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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
