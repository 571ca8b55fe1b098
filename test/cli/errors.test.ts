/**
 * Secrets in what the CLI prints (src/cli/errors.ts, src/cli/output.ts): diagnostics on
 * stderr lose every occurrence of a secret; records on stdout only values that are a secret
 * as a whole, so that ordinary data containing a secret's text (`admin@…` with the password
 * `admin`) is printed as it is.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliError, formatError, maskSecrets, registerSecret, scrub } from '../../src/cli/errors.js';
import { EXIT } from '../../src/cli/exit-codes.js';
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
    expect(scrub('user admin@example.com, token S3cret/Pass word.')).toBe('user ***@example.com, token ***.');
    expect(scrub(`q=${encodeURIComponent('S3cret/Pass word')} b=${Buffer.from('S3cret/Pass word').toString('base64')}`)).toBe('q=*** b=***');
    expect(scrub('abc abcd')).toBe('abc abcd');
  });

  it('formatError scrubs the message, the hint and the --debug details', () => {
    const { exitCode, text } = formatError(new CliError('login as admin failed', EXIT.AUTH, 'check S3cret/Pass word'), {}, true);
    expect(exitCode).toBe(EXIT.AUTH);
    expect(text).toMatch(/^unipbx: login as \*\*\* failed\nhint: check \*\*\*\n/);
    expect(text).not.toContain('S3cret');
  });
});

describe('maskSecrets (stdout)', () => {
  it('replaces values equal to a secret, deeply, and leaves every other value (and dates) as it is', () => {
    const date = new Date('2025-01-01T00:00:00Z');
    const value = { username: 'admin', email: 'admin@example.com', when: date, tags: ['admin', 'administrators'], raw: { pw: 'S3cret/Pass word', n: 1, none: null } };
    expect(maskSecrets(value)).toEqual({ username: '***', email: 'admin@example.com', when: date, tags: ['***', 'administrators'], raw: { pw: '***', n: 1, none: null } });
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
    ['json', '[\n  {\n    "username": "***",\n    "email": "admin@example.com"\n  },\n  {\n    "username": "ops",\n    "email": "ops.admin@example.com"\n  }\n]\n'],
    ['ndjson', '{"username":"***","email":"admin@example.com"}\n{"username":"ops","email":"ops.admin@example.com"}\n'],
    ['csv', 'username,email\n***,admin@example.com\nops,ops.admin@example.com\n'],
    ['table', 'USERNAME  EMAIL\n***       admin@example.com\nops       ops.admin@example.com\n'],
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
    expect(stdout.text()).toBe('{\n  "username": "***",\n  "email": "admin@example.com"\n}\n{"user":"***","email":"admin@example.com"}\n');
    expect(stderr.text()).toBe('signed in as ***\n');
  });
});
