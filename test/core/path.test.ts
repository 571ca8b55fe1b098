/**
 * URL paths: the `path` template encodes every interpolated id as one segment, and
 * `assertRelativePath` keeps `raw.request` under the vendor base URL. The last block checks
 * on a real loopback server which URL a caller-supplied path ends up requesting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { assertRelativePath, path } from '../../core/http/path.js';
import { sendRaw } from '../../core/vendor.js';
import { startServer, type TestServer } from '../support/core/http.js';
import { makeKernel } from '../support/core/kernel.js';

describe('path template', () => {
  it('leaves literal parts alone and encodes each interpolated part as one segment', () => {
    expect(path`api/users/${'42'}/destroy`).toBe('api/users/42/destroy');
    expect(path`users/${'a/b'}`).toBe('users/a%2Fb');
    expect(path`users/${'../admin'}`).toBe('users/..%2Fadmin');
    expect(path`users/${'a?b#c'}`).toBe('users/a%3Fb%23c');
    expect(path`users/${'100%'}`).toBe('users/100%25');
    expect(path`users/${'a b'}`).toBe('users/a%20b');
    expect(path`users/${'a\\b'}`).toBe('users/a%5Cb');
    expect(path`q/${7}/agents/${'x'}`).toBe('q/7/agents/x');
    expect(path`plain`).toBe('plain');
  });

  it.each(['', '.', '..'])('refuses %j, which would not stay one segment', (value) => {
    let error: unknown;
    try {
      path`users/${value}/x`;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ source: 'client', issues: [{ field: 'id', message: 'must be a non-empty id other than "." and ".."' }] });
  });

  it('allows ids that merely contain dots', () => {
    expect(path`users/${'...'}`).toBe('users/...');
    expect(path`users/${'a.b'}`).toBe('users/a.b');
  });
});

describe('assertRelativePath', () => {
  it('returns the path without leading slashes', () => {
    expect(assertRelativePath('users')).toBe('users');
    expect(assertRelativePath('/users/1')).toBe('users/1');
    expect(assertRelativePath('///users?x=1#f')).toBe('users?x=1#f');
    expect(assertRelativePath('users/report..v2')).toBe('users/report..v2');
    expect(assertRelativePath('users?next=../x')).toBe('users?next=../x');
  });

  it.each([
    'https://evil.test/x',
    'HTTP://evil.test',
    'ftp:x',
    'data:text/plain,x',
    '..',
    '../x',
    'a/../../x',
    'a/./b',
    './a',
    '%2e%2e/x',
    '%2E%2E/x',
    '.%2e/x',
    '%2e./x',
    'a/%2e/b',
    '',
    '/',
    'a b',
    'a\tb',
    'a\u0000',
    'a\u007f',
  ])('refuses %j', (input) => {
    expect(() => assertRelativePath(input)).toThrow(ValidationError);
  });

  it.each(['a\\..\\..\\admin', '..\\admin', '\\\\evil.test\\x', 'users\\%2e%2e\\x'])('refuses backslashes (%j): URL parsers read them as "/"', (input) => {
    expect(() => assertRelativePath(input)).toThrow(ValidationError);
  });
});

describe('raw paths on the wire stay under the base path', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  afterAll(() => server.close());

  /** The URL the server saw for a raw request to `input`, or the validation refusal. */
  async function requested(input: string): Promise<string> {
    let relative: string;
    try {
      relative = assertRelativePath(input);
    } catch (error) {
      if (error instanceof ValidationError) return 'refused';
      throw error;
    }
    const base = new URL(server.baseUrl);
    base.pathname = '/api/v1/';
    const { kernel } = makeKernel({ baseUrl: base.toString(), retry: { maxRetries: 0 } });
    const before = server.requests.length;
    await sendRaw(kernel, { method: 'GET', path: relative }, {});
    return server.requests.slice(before)[0]?.url ?? 'none';
  }

  it('an ordinary path is requested under the base path', async () => {
    expect(await requested('users/1?x=1')).toBe('/api/v1/users/1?x=1');
  });

  it.each(['users\\..\\..\\admin', '..\\secret', 'a/..\\..\\b'])('%j is refused or stays under /api/v1/', async (input) => {
    const url = await requested(input);
    if (url !== 'refused') expect(url.startsWith('/api/v1/')).toBe(true);
  });
});
