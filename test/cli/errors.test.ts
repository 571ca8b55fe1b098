/**
 * Secrets in what the CLI prints (src/cli/errors.ts, src/cli/output.ts): diagnostics on
 * stderr lose every occurrence of a secret; records on stdout only values that are a secret
 * as a whole, so that ordinary data containing a secret's text (`admin@…` with the password
 * `admin`) is printed as it is.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MASK, Redactor, redactUrlPasswords } from '../../core/http/redact.js';
import { TimeoutError } from '../../core/errors.js';
import { CliError, formatError, maskSecrets, registerSecret, scrub } from '../../src/cli/errors.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { VENDOR_IDS } from '../../src/index.js';
import { cleanEnv, removeDir, run, tempDir } from './support.js';
import { Io, Output, type Format, type Shape } from '../../src/cli/output.js';

/** A stream that keeps what is written. */
function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  return Object.assign(new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(String(chunk)), done()) }), { text: () => chunks.join('') });
}

registerSecret('admin');
registerSecret('S3cret/Pass word');
registerSecret('abc'); // too short: never masked

describe('scrub (stderr)', () => {
  it('masks every occurrence, plain, URL-encoded and Base64, longest first; ignores values under 4 characters', () => {
    expect(scrub('user admin@example.com, token S3cret/Pass word.')).toBe('user [REDACTED]@example.com, token [REDACTED].');
    expect(scrub(`q=${encodeURIComponent('S3cret/Pass word')} b=${Buffer.from('S3cret/Pass word').toString('base64')}`)).toBe('q=[REDACTED] b=[REDACTED]');
    expect(scrub('abc abcd')).toBe('abc abcd');
  });

  it('formatError scrubs the message, the hint and the --debug details', () => {
    const { exitCode, text } = formatError(new CliError('login as admin failed', EXIT.AUTH, 'check S3cret/Pass word'), {}, true);
    expect(exitCode).toBe(EXIT.AUTH);
    expect(text).toMatch(/^unipbx: login as \[REDACTED\] failed\nhint: check \[REDACTED\]\n/);
    expect(text).not.toContain('S3cret');
  });
});

describe('maskSecrets (stdout)', () => {
  it('replaces values equal to a secret, deeply, and leaves every other value (and dates) as it is', () => {
    const date = new Date('2025-01-01T00:00:00Z');
    const value = { username: 'admin', email: 'admin@example.com', when: date, tags: ['admin', 'administrators'], raw: { pw: 'S3cret/Pass word', n: 1, none: null } };
    expect(maskSecrets(value)).toEqual({ username: '[REDACTED]', email: 'admin@example.com', when: date, tags: ['[REDACTED]', 'administrators'], raw: { pw: '[REDACTED]', n: 1, none: null } });
    expect(maskSecrets(value).when).toBe(date);
    expect(maskSecrets('abc')).toBe('abc');
  });

  interface Account {
    readonly username: string;
    readonly email: string;
  }
  const ACCOUNT: Shape<Account> = {
    columns: [
      { key: 'username', header: 'USERNAME', value: (a) => a.username },
      { key: 'email', header: 'EMAIL', value: (a) => a.email },
    ],
  };
  const accounts: Account[] = [
    { username: 'admin', email: 'admin@example.com' },
    { username: 'ops', email: 'ops.admin@example.com' },
  ];

  it.each<[Format, string]>([
    ['json', '[\n  {\n    "username": "[REDACTED]",\n    "email": "admin@example.com"\n  },\n  {\n    "username": "ops",\n    "email": "ops.admin@example.com"\n  }\n]\n'],
    ['ndjson', '{"username":"[REDACTED]","email":"admin@example.com"}\n{"username":"ops","email":"ops.admin@example.com"}\n'],
    ['csv', 'username,email\n[REDACTED],admin@example.com\nops,ops.admin@example.com\n'],
    ['table', 'USERNAME    EMAIL\n[REDACTED]  admin@example.com\nops         ops.admin@example.com\n'],
  ])('Output in %s masks whole values only', async (format, expected) => {
    const stdout = sink();
    const output = new Output(new Io(stdout, sink()), format, { raw: false, color: false });
    await output.list(accounts, ACCOUNT);
    expect(stdout.text()).toBe(expected);
  });

  it('one record, and a result; stderr lines are scrubbed', async () => {
    const stdout = sink();
    const stderr = sink();
    const io = new Io(stdout, stderr);
    await new Output(io, 'json', { raw: false, color: false }).item(accounts[0]!, ACCOUNT);
    await new Output(io, 'ndjson', { raw: false, color: false }).result('done', { user: 'admin', email: 'admin@example.com' });
    io.err('signed in as admin');
    expect(stdout.text()).toBe('{\n  "username": "[REDACTED]",\n  "email": "admin@example.com"\n}\n{"user":"[REDACTED]","email":"admin@example.com"}\n');
    expect(stderr.text()).toBe('signed in as [REDACTED]\n');
  });
});

describe('one redactor for library and CLI', () => {
  it('the CLI masks with the library redactor: the same mask, every encoding the kernel knows', () => {
    const secret = 'Pa"ss w/ord+1';
    registerSecret(secret);
    const library = new Redactor();
    library.add(secret);
    const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), Buffer.from(secret).toString('base64'), JSON.stringify(secret).slice(1, -1)];
    for (const form of forms) {
      expect(scrub(`x ${form} y`), form).toBe(`x ${MASK} y`);
      expect(library.text(`x ${form} y`), form).toBe(`x ${MASK} y`);
    }
  });

  it("a base URL's password never reaches a hint, registered or not", () => {
    const { text } = formatError(new TimeoutError('no reply', 1000, 'attempt', { vendor: 'portsip', operation: 'users.list' }), { command: 'unipbx users list', baseUrl: 'https://operator:Hunter2-unregistered@pbx.example.com:8900/api' }, true);
    expect(text).toContain('https://operator:[REDACTED]@pbx.example.com:8900/api');
    expect(text).not.toContain('Hunter2');
    expect(redactUrlPasswords('see http://u:p%40ss@h/x and ftp://a:b@c')).toBe('see http://u:[REDACTED]@h/x and ftp://a:[REDACTED]@c');
  });
});

describe('a base URL with user:password@ on the command line', () => {
  it('never prints the password, whatever fails', async () => {
    const home = tempDir();
    try {
      const result = await run(['--vendor', VENDOR_IDS[0]!, '--base-url', 'http://operator:UrlPassw0rd-9@127.0.0.1:9/api', '--cred', 'username=a', '--cred', 'password=other-secret', '--timeout', '1000', '--debug', 'users', 'list'], { env: cleanEnv(home) });
      expect(result.code).not.toBe(EXIT.OK);
      expect(result.stderr).toMatch(/hint: /);
      expect(result.stderr + result.stdout).not.toContain('UrlPassw0rd-9');
    } finally {
      removeDir(home);
    }
  }, 60_000);
});
