/**
 * Bad input, property-based (issue 6, item 4): every public method of the client, for every
 * registered vendor, with random and hostile input. Each call either succeeds with a valid
 * result, or fails with a typed error; client-side refusals (ValidationError from the
 * client, UnsupportedOperationError, an aborted signal) come before any request; inputs the
 * unified contract refuses are always refused; every request sent stays on the adapter's
 * routes with each path parameter percent-encoded as one segment; and no promise is left
 * rejected unhandled. See test/properties/support/ for the harness, arbitraries and oracle.
 *
 * This file: users.*, whoami and raw.request. Groups are in inputs-groups.test.ts, queues in
 * inputs-queues.test.ts, CDRs in inputs-cdrs.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPbxError } from '../../core/errors.js';
import { VENDOR_IDS } from '../../src/registry.js';
import { hostileString, hostileValue } from './support/arbitraries.js';
import { harness, invoke, isClientRefusal } from './support/harness.js';
import { OPERATIONS, assertOperation } from './support/operations.js';
import { useNoUnhandledRejections } from './support/unhandled.js';

// PROPERTY_RUNS=2000 for a deeper search than the default run affords.
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

useNoUnhandledRejections();

const MINE = OPERATIONS.filter((p) => p.op.startsWith('users.') || p.op === 'whoami');

describe.each(VENDOR_IDS)('%s: hostile input to users.* and whoami', (vendor) => {
  it.each(MINE.map((p) => [p.op, p] as const))('%s', async (_op, property) => {
    await assertOperation(await harness(vendor), property, NUM_RUNS);
  });
});

/** The raw escape hatch: what the client promises is that the path stays under the vendor base URL. */
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const rawPath = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('users', '/users', 'users?skip=0&top=1', 'groups', 'user', 'me', 'authorizations', 'users/1', 'cdrs', 'queues', 'no/such/route') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '../users',
      'users/../../x',
      'users/%2e%2e/x',
      'users/.%2E/x',
      'users/%2E',
      './users',
      'users/.',
      'http://evil.test/x',
      'HTTPS://evil.test',
      'javascript:alert(1)',
      '//evil.test/x',
      '///users',
      'users\\..\\x',
      'users#frag',
      'users?x=../..',
      'users/%2F..%2F',
      'users/ x',
      'users\t',
      '',
      '/',
      'a/b/c/d',
      '%',
      'users/\ud800',
    ),
  },
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: hostileValue },
);

/** Oracle of `raw.request`'s path: relative, no scheme, no backslash, no whitespace or control characters, no dot segment (also encoded). */
function rawPathValid(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const path = value.replace(/^\/+/, '');
  if (path === '' || path.includes('\\') || /^[a-z][a-z0-9+.-]*:/i.test(path) || /[\s\u0000-\u001f\u007f]/.test(path)) return false;
  return !path
    .split(/[?#]/)[0]!
    .split('/')
    .some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

describe.each(VENDOR_IDS)('%s: hostile input to raw.request', (vendor) => {
  it('refuses paths that would leave the base URL before sending, and sends the rest under it', async () => {
    const h = await harness(vendor);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HTTP_METHODS) }, { weight: 1, arbitrary: fc.constantFrom('get', 'TRACE', 'CONNECT', 'GET ', 'HEAD') }, { weight: 1, arbitrary: hostileValue }),
        rawPath,
        fc.oneof(fc.constant(undefined), fc.record({ query: fc.constant({ skip: 0, top: 1 }), idempotent: fc.boolean() }, { requiredKeys: [] })),
        async (method, path, options) => {
          const before = h.requests.length;
          const outcome = await invoke(() => h.client.raw.request(method as never, path as never, options), false);
          const sent = h.requests.slice(before);
          const valid = (HTTP_METHODS as readonly unknown[]).includes(method) && rawPathValid(path);
          if (!outcome.ok) {
            expect(isPbxError(outcome.error), fc.stringify(outcome.error)).toBe(true);
            expect(outcome.sync).toBe(false);
            if (isClientRefusal(outcome.error)) expect(sent).toEqual([]);
          }
          if (!valid) {
            expect(outcome.ok, `raw.request(${fc.stringify(method)}, ${fc.stringify(path)}) was accepted`).toBe(false);
            expect(isClientRefusal((outcome as { error: unknown }).error)).toBe(true);
            return;
          }
          expect(sent.length).toBeGreaterThan(0);
          for (const { url } of sent) {
            expect(url.origin).toBe(h.origin);
            expect(url.pathname.startsWith(h.prefix), url.href).toBe(true);
          }
          // The caller's request is the last one (a login may come first): no dot segment was resolved away.
          const { url } = sent.at(-1)!;
          const given = (path as string).replace(/^\/+/, '').split(/[?#]/)[0]!;
          expect(url.pathname.slice(h.prefix.length).split('/').length, `${fc.stringify(path)} -> ${url.href}`).toBe(given.split('/').length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
