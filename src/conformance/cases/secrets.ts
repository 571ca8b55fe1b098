/**
 * Secrets never leak: a canary password goes through a failed login, and the real
 * credentials through every error path (not found, validation, unsupported, server error,
 * throttling, timeout, abort, a raw request) and every hook; none of it may show the
 * secret, URL-encoded or Base64-encoded, in a message, a stack, a cause, JSON or a hook event.
 */
import { OPERATIONS, isSupported } from '../../../core/capabilities.js';
import { isPbxError } from '../../../core/errors.js';
import { assert, unique } from '../assert.js';
import { assertNoSecret, failure, injectFaults, recordingHooks, someUser, withClient } from '../probe.js';
import type { ConformanceCase } from '../types.js';
import { INVOCATIONS } from '../unsupported.js';

const FAST = { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 1 } as const;

function assertTyped(error: unknown, what: string): void {
  assert.ok(isPbxError(error), `${what}: expected a unipbx error, got ${String(error)}`);
  assert.ok(error.vendor, `${what}: the error names no vendor`);
}

export const secretCases: ConformanceCase[] = [
  {
    name: 'a canary password never shows in the failed login\'s error or hook events',
    needs: ['users.list'],
    requires: ['connect'],
    async run(ctx) {
      const canary = `Canary-${unique()}-S3cret!`;
      const { hooks, events } = recordingHooks();
      await withClient(ctx, { credentialsCanary: canary, hooks, retry: FAST }, async (client) => {
        const error = await failure(() => client.users.list({ pageSize: 2 }).page(), 'a call with wrong credentials');
        assertTyped(error, 'a call with wrong credentials');
        assert.ok(isPbxError(error, 'AUTHENTICATION_FAILED'), `wrong credentials gave ${String(error)}, not AuthenticationError`);
        assertNoSecret(error, [canary], 'the authentication error');
        if (client.supports('whoami')) assertNoSecret(await failure(() => client.whoami(), 'whoami with wrong credentials'), [canary], 'the whoami error');
      });
      assertNoSecret(events, [canary], 'the hook events');
    },
  },
  {
    name: 'the credentials never show in any error or hook event',
    needs: ['users.list', 'users.get'],
    requires: ['connect'],
    async run(ctx) {
      const secrets = ctx.secrets ?? [];
      assert.ok(secrets.length > 0, 'the target must report the secrets of its credentials (context.secrets)');
      const user = await someUser(ctx);
      const { hooks, events } = recordingHooks();
      const errors: [string, unknown][] = [];
      await withClient(ctx, { hooks, retry: FAST }, async (client) => {
        const collect = async (what: string, action: () => Promise<unknown>) => errors.push([what, await failure(action, what)]);
        await collect('not found', () => client.users.get(ctx.facts.missingId));
        await collect('validation', () => client.users.get(''));
        await collect('raw request to a missing path', () => client.raw.request('GET', `no-such-resource-${unique()}`));
        await collect('aborted', () => client.users.get(user.id, { signal: AbortSignal.abort() }));
        for (const operation of OPERATIONS.filter((op) => !isSupported(client.capabilities[op]))) {
          await collect(`unsupported ${operation}`, () => INVOCATIONS[operation](client, ctx.facts));
        }
        if (ctx.faults) {
          injectFaults(ctx, { rules: [{ rate: 1, kinds: ['http-500'], methods: ['GET'] }] });
          await collect('server error', () => client.users.get(user.id));
          injectFaults(ctx, { rules: [{ rate: 1, kinds: ['delay'], methods: ['GET'] }], delayMs: 400 });
          await collect('timeout', () => client.users.get(user.id, { timeoutMs: 100 }));
          injectFaults(ctx, { rules: [{ rate: 1, kinds: ['reset-before'], methods: ['GET'] }] });
          await collect('connection reset', () => client.users.get(user.id));
          injectFaults(ctx, undefined);
        }
      });
      for (const [what, error] of errors) {
        assertTyped(error, what);
        assertNoSecret(error, secrets, `the ${what} error`);
      }
      assert.ok(events.length > 0, 'the hooks saw nothing');
      assertNoSecret(events, secrets, 'the hook events');
    },
  },
];
