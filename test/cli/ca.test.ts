/**
 * `--ca FILE` and a profile's `ca`: the CLI trusts a private CA for one PBX, verification still
 * on. A real HTTPS loopback server presents a certificate signed by a CA this test generates
 * with openssl (as test/core/tls-ca.test.ts does for the library option).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { makeTestPki, portsipOverHttps } from '../support/test-pki.js';
import { cleanEnv, removeDir, run, tempDir } from './support.js';

const dir = tempDir('unipbx-cli-ca-');
const PASSWORD = 'Ca-Test-Passw0rd!';
let server: Awaited<ReturnType<typeof portsipOverHttps>> | undefined;
let origin = '';

beforeAll(async () => {
  const pki = makeTestPki(dir);
  writeFileSync(join(dir, 'ca.pem'), pki.caPem);
  writeFileSync(join(dir, 'not-a-cert.pem'), 'hello\n');
  server = await portsipOverHttps(pki);
  origin = server.origin;
});

afterAll(async () => {
  await server?.close();
  removeDir(dir);
});

const env = () => cleanEnv(dir);
const flags = () => ['--vendor', 'portsip', '--base-url', origin, '--cred', 'username=admin', '--cred', `password=${PASSWORD}`];

describe('--ca: a private CA for this PBX only', () => {
  it('without it the certificate is refused (unreachable, exit 7); with --ca FILE the same command works', async () => {
    const refused = await run([...flags(), 'users', 'get', '7', '--json'], { env: env() });
    expect(refused.code, refused.stderr).toBe(EXIT.UNREACHABLE);
    expect(refused.stderr).toMatch(/certificate|UNABLE_TO_VERIFY|SELF_SIGNED/i);
    const trusted = await run([...flags(), '--ca', join(dir, 'ca.pem'), 'users', 'get', '7', '--json'], { env: env() });
    expect(trusted.code, trusted.stderr).toBe(EXIT.OK);
    expect(JSON.parse(trusted.stdout)).toMatchObject({ id: '7', extension: '107' });
  });

  it('a profile\'s "ca" is read relative to the config file', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ profiles: { office: { vendor: 'portsip', baseUrl: origin, credentials: { username: 'admin', password: PASSWORD }, ca: 'ca.pem' } } }));
    const result = await run(['--config', config, '--profile', 'office', 'users', 'get', '7', '--json'], { env: env(), cwd: '/' });
    expect(result.code, result.stderr).toBe(EXIT.OK);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: '7' });
  });

  it('a missing or non-PEM file is a usage error (exit 2) before any request', async () => {
    const before = server!.requests();
    const missing = await run([...flags(), '--ca', join(dir, 'nope.pem'), 'users', 'get', '7'], { env: env() });
    const garbage = await run([...flags(), '--ca', join(dir, 'not-a-cert.pem'), 'users', 'get', '7'], { env: env() });
    expect(missing.code, missing.stderr).toBe(EXIT.USAGE);
    expect(missing.stderr).toContain('cannot read it (ENOENT)');
    expect(garbage.code, garbage.stderr).toBe(EXIT.USAGE);
    expect(garbage.stderr).toContain('not a PEM certificate');
    expect(server!.requests()).toBe(before);
    expect(missing.stderr + garbage.stderr).not.toContain(PASSWORD);
  });
});
