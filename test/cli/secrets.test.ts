/**
 * Secrets are never echoed: a canary password given every way the CLI accepts credentials
 * (profile with an env reference, UNIPBX_CREDENTIALS, --cred, --cred-env), in every failure
 * that involves it (wrong password, invalid credentials, unparsable JSON, a malformed flag),
 * with --debug, must not appear in stdout or stderr.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VENDOR_IDS } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { cleanEnv, removeDir, run, startSim, tempDir, type Result } from './support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const CANARY = 'Canary-Passw0rd-7f3c9e1a';
const SECRET_KEY = /pass|secret|token|key/i;

function secretKeys(credentials: unknown): string[] {
  return Object.keys(credentials as object).filter((k) => SECRET_KEY.test(k));
}

function expectNoCanary(result: Result): void {
  for (const form of [CANARY, encodeURIComponent(CANARY), Buffer.from(CANARY).toString('base64')]) {
    expect(result.stdout).not.toContain(form);
    expect(result.stderr).not.toContain(form);
  }
}

/** A simulator, its secret credential fields, and its credentials with those set to `value`. */
async function simWithSecrets(vendor: (typeof VENDOR_IDS)[number]) {
  const s = await startSim(vendor, { seed: 5, users: 10, cdrs: 10 });
  const keys = secretKeys(s.sim.credentials);
  return {
    s,
    keys,
    connection: ['--vendor', vendor, '--base-url', s.sim.url],
    /** The connection as environment variables, with these credentials (stored credentials go only with a base URL of the same source). */
    connectionEnv: (credentials: string) => ({ UNIPBX_VENDOR: vendor, UNIPBX_BASE_URL: s.sim.url, UNIPBX_CREDENTIALS: credentials }),
    credentials: (value: unknown) => Object.fromEntries(Object.entries(s.sim.credentials as object).map(([k, v]) => [k, keys.includes(k) ? value : v])),
    /** `--cred key=value` for the fields that are not secret. */
    plainFlags: () => Object.entries(s.sim.credentials as object).flatMap(([k, v]) => (keys.includes(k) ? [] : ['--cred', `${k}=${String(v)}`])),
  };
}

for (const vendor of VENDOR_IDS) {
  describe.concurrent(`no secret in the output (${vendor})`, () => {
    let dir: string;
    let t: Awaited<ReturnType<typeof simWithSecrets>>;

    beforeAll(async () => {
      dir = tempDir();
      t = await simWithSecrets(vendor);
    });
    afterAll(async () => {
      await t?.s.close();
      removeDir(dir);
    });

    it('a wrong password (--cred, with --debug): exit 4, one line and a hint, no password', async () => {
      expect(t.keys.length, 'a secret field to test with').toBeGreaterThan(0);
      const result = await run([...t.connection, ...t.plainFlags(), ...t.keys.flatMap((k) => ['--cred', `${k}=${CANARY}`]), 'users', 'list', '--debug'], { env: cleanEnv(dir) });
      expect(result.code, result.stderr).toBe(EXIT.AUTH);
      expect(result.stderr).toMatch(/^unipbx: [^\n]+\[AUTHENTICATION_FAILED\]\nhint: check the credentials [^\n]+\ndetails: /);
      expectNoCanary(result);
    });

    it('a successful session prints no secret either, even with the vendor payload (--raw)', async () => {
      const env = cleanEnv(dir, t.connectionEnv(JSON.stringify(t.s.sim.credentials)));
      const results = await Promise.all([run(['whoami', '--json', '--raw'], { env }), run(['users', 'list', '--ndjson', '--raw'], { env })]);
      for (const result of results) {
        expect(result.code, result.stderr).toBe(EXIT.OK);
        for (const key of t.keys) {
          const secret = String((t.s.sim.credentials as Record<string, unknown>)[key]);
          expect(result.stdout).not.toContain(secret);
          expect(result.stderr).not.toContain(secret);
        }
      }
    });
  });
}

// How credentials reach the CLI does not depend on the vendor: every way, once.
describe.concurrent('no secret in the output, whichever way the password is given', () => {
  let dir: string;
  let t: Awaited<ReturnType<typeof simWithSecrets>>;

  beforeAll(async () => {
    dir = tempDir();
    t = await simWithSecrets(VENDOR_IDS[0]!);
  });
  afterAll(async () => {
    await t?.s.close();
    removeDir(dir);
  });

  it('a wrong password from a profile\'s env reference, UNIPBX_CREDENTIALS and --cred-env (with --debug)', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ profiles: { canary: { vendor: t.s.vendor, baseUrl: t.s.sim.url, credentials: t.credentials({ env: 'PBX_CANARY' }) } } }));
    const withCanary = cleanEnv(dir, { UNIPBX_CONFIG: config, PBX_CANARY: CANARY });
    const results = await Promise.all([
      run(['--profile', 'canary', 'whoami', '--debug'], { env: withCanary }),
      run(['whoami', '--debug'], { env: cleanEnv(dir, t.connectionEnv(JSON.stringify(t.credentials(CANARY)))) }),
      run([...t.connection, ...t.plainFlags(), ...t.keys.flatMap((k) => ['--cred-env', `${k}=PBX_CANARY`]), 'whoami', '--debug'], { env: withCanary }),
    ]);
    for (const result of results) {
      expect(result.code, result.stderr).toBe(EXIT.AUTH);
      expectNoCanary(result);
    }
  });

  it('stdout data is masked only where a value is the password as a whole, never inside other text', async () => {
    const secret = String((t.s.sim.credentials as Record<string, unknown>)[t.keys[0]!]);
    const [containing, equal] = await t.s.client.users.list().toArray({ max: 3 }).then((users) => users.slice(1));
    await t.s.client.users.update(containing!.id, { displayName: `Fan of ${secret}` });
    await t.s.client.users.update(equal!.id, { displayName: secret });
    const right = [...t.connection, ...t.plainFlags(), ...t.keys.flatMap((k) => ['--cred', `${k}=${String((t.s.sim.credentials as Record<string, unknown>)[k])}`])];
    const [json, csv] = await Promise.all([
      run([...right, 'users', 'get', containing!.id, '--json'], { env: cleanEnv(dir) }),
      run([...right, 'users', 'list', '--csv', '--limit', '3'], { env: cleanEnv(dir) }),
    ]);
    for (const result of [json, csv]) expect(result.code, result.stderr).toBe(EXIT.OK);
    expect((JSON.parse(json.stdout) as { displayName: string }).displayName).toBe(`Fan of ${secret}`);
    const names = (parse(csv.stdout, { columns: true }) as Array<{ displayName: string }>).map((r) => r.displayName);
    expect(names.slice(1)).toEqual([`Fan of ${secret}`, '[REDACTED]']);
  });

  it('invalid credentials, unparsable JSON and a malformed flag that hold the password', async () => {
    const brokenConfig = join(dir, 'broken.json');
    writeFileSync(brokenConfig, `{ "profiles": { "x": { "vendor": "${t.s.vendor}", "credentials": { "password": ${CANARY} } } } }`);
    const results = await Promise.all([
      // An unknown field next to the password: the vendor's validation refuses the object.
      run(['whoami', '--debug'], { env: cleanEnv(dir, t.connectionEnv(JSON.stringify({ ...t.credentials(CANARY), unknownField: 1 }))) }),
      run(['whoami', '--debug'], { env: cleanEnv(dir, t.connectionEnv(`{"password": ${CANARY}}`)) }),
      run(['--config', brokenConfig, '--profile', 'x', 'whoami', '--debug'], { env: cleanEnv(dir) }),
      run([...t.connection, '--cred', CANARY, 'whoami', '--debug'], { env: cleanEnv(dir) }),
    ]);
    for (const result of results) {
      expect(result.code, result.stderr).toBe(EXIT.USAGE);
      expectNoCanary(result);
    }
  });
});
