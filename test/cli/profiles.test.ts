/**
 * src/cli/profiles.ts in-process: the config file (where it is, reading, saving), and
 * resolveConnection's precedence, references, merging and same-source rule, with every
 * combination of sources (the spawned CLI covers the same in connection.test.ts).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, scrub } from '../../src/cli/errors.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { configPath, configuredVendor, displayPath, readConfig, resolveConnection, saveProfiles, type ConnectionFlags } from '../../src/cli/profiles.js';
import { removeDir, tempDir } from './support.js';

let dir: string;
let config: string;
let env: Record<string, string>;

const A = { vendor: 'portsip', baseUrl: 'https://a.example', credentials: { username: 'a-user', password: 'A-Password-1' } };
const B = { vendor: 'netpbx', baseUrl: 'https://b.example', credentials: { username: 'b-user', password: 'B-Password-2' } };
const ENV_C = { UNIPBX_VENDOR: 'voipstudio', UNIPBX_BASE_URL: 'https://c.example', UNIPBX_CREDENTIALS: JSON.stringify({ email: 'c@example.com', password: 'C-Password-3' }) };

beforeAll(() => {
  dir = tempDir();
  config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      profiles: {
        a: { ...A, options: { timeoutMs: 1000, loginMethod: { env: 'LOGIN_METHOD' } } },
        b: B,
        refs: { ...A, credentials: { username: 'a-user', password: { env: 'A_PASSWORD' }, tokens: [{ file: join(dir, 'token.txt') }] } },
        'url-only': { baseUrl: 'https://b.example' },
        'no-vendor': { baseUrl: A.baseUrl, credentials: A.credentials },
      },
    }),
  );
  writeFileSync(join(dir, 'token.txt'), 'Token-Value-4\r\n');
  env = { HOME: dir, UNIPBX_CONFIG: config, LOGIN_METHOD: 'extension' };
});
afterAll(() => removeDir(dir));

/** The usage error `body` throws. */
function usage(body: () => unknown): CliError {
  try {
    body();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.USAGE);
    return error as CliError;
  }
  throw new Error('expected a usage error');
}

const where = (flags: ConnectionFlags, extra: Record<string, string> = {}) => {
  const c = resolveConnection(flags, { ...env, ...extra });
  return `${c.vendor} ${c.baseUrl} ${JSON.stringify(c.credentials)}`;
};
const at = (p: { vendor: string; baseUrl: string; credentials: object }) => `${p.vendor} ${p.baseUrl} ${JSON.stringify(p.credentials)}`;

describe('the config file', () => {
  it('is --config, else UNIPBX_CONFIG, else $XDG_CONFIG_HOME/unipbx, else ~/.config/unipbx', () => {
    expect(configPath({ config: 'x.json' }, { UNIPBX_CONFIG: '/y.json' })).toBe(join(process.cwd(), 'x.json'));
    expect(configPath({}, { UNIPBX_CONFIG: '/y.json', XDG_CONFIG_HOME: '/xdg' })).toBe('/y.json');
    expect(configPath({}, { XDG_CONFIG_HOME: '/xdg', HOME: '/home/u' })).toBe('/xdg/unipbx/config.json');
    expect(configPath({}, { HOME: '/home/u' })).toBe('/home/u/.config/unipbx/config.json');
    expect(displayPath('/home/u/.config/unipbx/config.json', { HOME: '/home/u' })).toBe('~/.config/unipbx/config.json');
    expect(displayPath('/home/user2/x', { HOME: '/home/u' })).toBe('/home/user2/x');
  });

  it('reads as undefined when missing; invalid JSON or shape is a usage error that quotes nothing of it', () => {
    expect(readConfig(join(dir, 'none.json'), env)).toBeUndefined();
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "profiles": { "x": { "credentials": { "password": "Secret-Value-5", } } }\n}');
    const invalid = usage(() => readConfig(broken, env));
    expect(invalid.message).toMatch(/is not valid JSON \(line 2, column \d+\)$/);
    expect(invalid.message).not.toContain('Secret-Value-5');
    writeFileSync(broken, JSON.stringify({ profiles: { x: { vendor: 'portsip', colour: 'red' } } }));
    expect(usage(() => readConfig(broken, env)).message).toMatch(/is not valid: profiles\.x: .*colour/);
  });

  it('names every wrong field (checked without zod) and never its value', () => {
    const broken = join(dir, 'fields.json');
    writeFileSync(broken, JSON.stringify({ extra: 1, profiles: { x: { vendor: '', baseUrl: 7, credentials: ['Secret-Value-7'], options: null, ca: '', description: 3 }, y: 'Secret-Value-8' } }));
    const message = usage(() => readConfig(broken, env)).message;
    for (const issue of [
      '(top level): unknown key "extra"',
      'profiles.x.vendor: must be a non-empty string',
      'profiles.x.baseUrl: must be a non-empty string',
      'profiles.x.credentials: must be an object',
      'profiles.x.options: must be an object',
      'profiles.x.ca: must be a non-empty string',
      'profiles.x.description: must be a string',
      'profiles.y: must be an object',
    ]) expect(message).toContain(issue);
    expect(message).not.toMatch(/Secret-Value/);
    writeFileSync(broken, '[]');
    expect(usage(() => readConfig(broken, env)).message).toMatch(/is not valid: \(top level\): must be an object$/);
    writeFileSync(broken, JSON.stringify({ plugins: 'acme' }));
    expect(usage(() => readConfig(broken, env)).message).toMatch(/is not valid: plugins: must be a list/);
    writeFileSync(broken, '{}');
    expect(readConfig(broken, env)).toEqual({ profiles: {} });
  });

  it('may name plugins beside the profiles: reading accepts them and saving keeps them', () => {
    const path = join(dir, 'with-plugins.json');
    writeFileSync(path, JSON.stringify({ plugins: ['./acme.js'], profiles: { x: A } }));
    expect(readConfig(path, env)).toEqual({ plugins: ['./acme.js'], profiles: { x: A } });
    expect(resolveConnection({ profile: 'x', config: path }, env).vendor).toBe(A.vendor);
    saveProfiles(path, { y: B }, env);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ plugins: ['./acme.js'], profiles: { x: A, y: B } });
  });

  it('saveProfiles adds and replaces profiles, keeps the others, and writes the file for the owner only', () => {
    const path = join(dir, 'saved', 'config.json');
    saveProfiles(path, { x: A, y: B }, env);
    saveProfiles(path, { y: A }, env);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ profiles: { x: A, y: A } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('resolveConnection', () => {
  it('takes every setting from one source when there is only one', () => {
    expect(where({ profile: 'a' })).toBe(at(A));
    expect(where({}, { UNIPBX_PROFILE: 'b' })).toBe(at(B));
    expect(where({}, ENV_C)).toBe(`voipstudio https://c.example ${ENV_C.UNIPBX_CREDENTIALS}`);
    expect(where({ vendor: 'portsip', baseUrl: 'https://f.example', cred: ['username=f', 'password=F-Password-6=x'] })).toBe('portsip https://f.example {"username":"f","password":"F-Password-6=x"}');
  });

  it('precedence: flags > --profile > environment > UNIPBX_PROFILE', () => {
    expect(where({ profile: 'a' }, { UNIPBX_PROFILE: 'b' })).toBe(at(A));
    expect(where({ profile: 'a' }, ENV_C)).toBe(at(A));
    expect(where({}, { ...ENV_C, UNIPBX_PROFILE: 'a' })).toContain('voipstudio https://c.example');
    expect(where({ vendor: 'netpbx', baseUrl: B.baseUrl, cred: ['username=b-user', 'password=B-Password-2'] }, { ...ENV_C, UNIPBX_PROFILE: 'a' })).toBe(
      'netpbx https://b.example {"email":"c@example.com","password":"B-Password-2","username":"b-user"}',
    );
    expect(configuredVendor({ profile: 'a' }, { ...env, ...ENV_C })).toBe('portsip');
    expect(configuredVendor({}, { ...env, ...ENV_C, UNIPBX_PROFILE: 'a' })).toBe('voipstudio');
    expect(configuredVendor({ vendor: 'netpbx' }, { ...env, ...ENV_C })).toBe('netpbx');
    // capabilities needs no credentials: a broken UNIPBX_CREDENTIALS does not stop it
    expect(configuredVendor({}, { ...env, UNIPBX_VENDOR: 'netpbx', UNIPBX_CREDENTIALS: '{' })).toBe('netpbx');
  });

  it('resolves { env } and { file } references (recursively), merges --cred / --cred-env over them, registers the secrets', () => {
    const c = resolveConnection({ profile: 'refs', cred: ['username=other'], credEnv: ['apiKey=EXTRA_SECRET'] }, { ...env, A_PASSWORD: 'A-Password-7', EXTRA_SECRET: 'Extra-Secret-8' });
    expect(c.credentials).toEqual({ username: 'other', password: 'A-Password-7', tokens: ['Token-Value-4'], apiKey: 'Extra-Secret-8' });
    expect(scrub('A-Password-7 Token-Value-4 other Extra-Secret-8')).toBe('[REDACTED] [REDACTED] other [REDACTED]');
    expect(usage(() => resolveConnection({ profile: 'refs' }, env)).message).toBe('credentials.password refers to the environment variable A_PASSWORD, which is not set');
    expect(usage(() => resolveConnection({ ...A, cred: ['password'] }, env)).message).toMatch(/^--cred takes key=value/);
    expect(usage(() => resolveConnection({ ...A, credEnv: ['password=NOPE'] }, env)).message).toBe('--cred-env password=NOPE: the environment variable NOPE is not set');
  });

  it("takes a profile's options (references resolved), and --timeout over them", () => {
    expect(resolveConnection({ profile: 'a' }, env).options).toEqual({ timeoutMs: 1000, loginMethod: 'extension' });
    expect(resolveConnection({ profile: 'a', timeout: 50 }, env)).toMatchObject({ options: { timeoutMs: 50 }, profile: 'a' });
  });

  it('names what is missing', () => {
    expect(usage(() => resolveConnection({}, env)).message).toBe('no PBX vendor given');
    expect(usage(() => resolveConnection({ vendor: 'portsip' }, env)).message).toBe('no PBX base URL given');
    expect(usage(() => resolveConnection({ vendor: 'portsip', baseUrl: 'https://x' }, env)).message).toBe('no credentials given');
    expect(usage(() => resolveConnection({ profile: 'zzz' }, env)).hint).toBe('known profiles: a, b, refs, url-only, no-vendor');
  });

  describe('stored credentials go only to the base URL (and vendor) of their own source', () => {
    it.each([
      ['UNIPBX_PROFILE + UNIPBX_BASE_URL', {}, { UNIPBX_PROFILE: 'a', UNIPBX_BASE_URL: B.baseUrl }, 'profile "a" (UNIPBX_PROFILE) but the base URL from UNIPBX_BASE_URL'],
      ['UNIPBX_PROFILE + UNIPBX_VENDOR', {}, { UNIPBX_PROFILE: 'a', UNIPBX_VENDOR: 'netpbx' }, 'profile "a" (UNIPBX_PROFILE) but the vendor from UNIPBX_VENDOR'],
      ['both', {}, { UNIPBX_PROFILE: 'a', UNIPBX_VENDOR: 'netpbx', UNIPBX_BASE_URL: B.baseUrl }, 'profile "a" (UNIPBX_PROFILE) but the base URL from UNIPBX_BASE_URL and the vendor from UNIPBX_VENDOR'],
      ['--profile + --base-url', { profile: 'a', baseUrl: B.baseUrl }, {}, 'profile "a" (--profile) but the base URL from --base-url'],
      ['--profile + --vendor', { profile: 'a', vendor: 'netpbx' }, {}, 'profile "a" (--profile) but the vendor from --vendor'],
      ['UNIPBX_CREDENTIALS + --base-url', { vendor: 'voipstudio', baseUrl: B.baseUrl }, ENV_C, 'UNIPBX_CREDENTIALS but the base URL from --base-url'],
      ['UNIPBX_CREDENTIALS + a profile without credentials', { profile: 'url-only' }, ENV_C, 'UNIPBX_CREDENTIALS but the base URL from profile "url-only" (--profile)'],
      ['UNIPBX_CREDENTIALS alone + UNIPBX_PROFILE', {}, { UNIPBX_CREDENTIALS: ENV_C.UNIPBX_CREDENTIALS, UNIPBX_PROFILE: 'url-only', UNIPBX_VENDOR: 'voipstudio' }, 'UNIPBX_CREDENTIALS but the base URL from profile "url-only" (UNIPBX_PROFILE)'],
      ['--cred without --base-url', { profile: 'a', cred: ['username=x'] }, { UNIPBX_BASE_URL: 'https://ignored.example', UNIPBX_PROFILE: 'b' }, undefined],
    ])('%s', (_name, flags: ConnectionFlags, extra: Record<string, string>, conflict: string | undefined) => {
      if (conflict === undefined) {
        expect(() => resolveConnection(flags, { ...env, ...extra })).not.toThrow();
        return;
      }
      const error = usage(() => resolveConnection(flags, { ...env, ...extra }));
      expect(error.message).toContain(`the credentials come from ${conflict}`);
      expect(error.hint).toMatch(/^unset or drop .*; to send credentials to another server on purpose, give both --base-url and --cred \/ --cred-env$/);
    });

    it('a refused connection registers none of its secrets and reads no reference', () => {
      usage(() => resolveConnection({ profile: 'refs', baseUrl: B.baseUrl }, { ...env, A_PASSWORD: 'Never-Read-9' }));
      expect(scrub('Never-Read-9')).toBe('Never-Read-9');
    });

    it('the same server named by another source, a source without a vendor, or --base-url with --cred are accepted', () => {
      expect(where({ vendor: 'portsip', baseUrl: `${A.baseUrl}/` }, { UNIPBX_PROFILE: 'a' })).toBe(`portsip ${A.baseUrl}/ ${JSON.stringify(A.credentials)}`);
      expect(where({ profile: 'no-vendor' }, { UNIPBX_VENDOR: 'portsip' })).toBe(at(A));
      expect(where({ profile: 'a', baseUrl: B.baseUrl, cred: ['password=B-Password-2'] })).toBe(`portsip ${B.baseUrl} {"username":"a-user","password":"B-Password-2"}`);
      expect(where({ baseUrl: B.baseUrl, credEnv: ['password=B_PASSWORD'] }, { ...ENV_C, B_PASSWORD: 'B-Password-2' })).toBe(
        `voipstudio ${B.baseUrl} {"email":"c@example.com","password":"B-Password-2"}`,
      );
    });
  });
});
