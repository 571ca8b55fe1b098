/**
 * Behaviour under failure, proven against injected faults: the caller's signal, per-attempt
 * timeouts and the overall deadline are honoured; 5xx, 429 (with and without `Retry-After`)
 * and connection resets are retried where that is safe; a write whose outcome is unknown is
 * never duplicated; a session expiring mid-run is renewed. These cases need a target with
 * the features `connect` and `faults` (a vendor simulator from `unipbx/simulator` has both).
 */
import { isPbxError } from '../../../core/errors.js';
import type { RetryEvent } from '../../../core/http/kernel.js';
import { assert, assertRejects, unique } from '../assert.js';
import { failure, injectFaults, recordingHooks, someUser, withClient, withReadyClient } from '../probe.js';
import type { ConformanceCase, ConformanceFaultKind } from '../types.js';

const FEATURES = ['connect', 'faults'] as const;
/** How late a delayed reply comes, and the timeouts that must give up before it (wide margins: CI machines are noisy). */
const DELAY_MS = 3_000;
const SHORT_MS = 500;
/** Fast retries: the cases prove that retries happen, not how long they wait. */
const FAST = { baseDelayMs: 1, maxDelayMs: 5 } as const;

const gets = (kinds: readonly ConformanceFaultKind[], times: number) => ({ rate: 1, kinds, methods: ['GET'], times });
const retries = (events: ReturnType<typeof recordingHooks>['events']): RetryEvent[] => events.filter((e) => e.hook === 'onRetry').map((e) => e.event as RetryEvent);

export const resilienceCases: ConformanceCase[] = [
  {
    name: 'an aborted signal stops the call: AbortedError, before any request when aborted up front',
    needs: ['users.list', 'users.get'],
    requires: FEATURES,
    async run(ctx) {
      const user = await someUser(ctx);
      const before = ctx.requestCount?.();
      const error = await assertRejects(() => ctx.client.users.get(user.id, { signal: AbortSignal.abort() }), 'ABORTED', 'users.get with an aborted signal');
      assert.equal((error as Error).name, 'AbortError');
      await assertRejects(() => ctx.client.raw.request('GET', 'anything', { signal: AbortSignal.abort() }), 'ABORTED', 'raw.request with an aborted signal');
      if (before !== undefined) assert.equal(ctx.requestCount?.(), before, 'a request was sent for an aborted call');
      await withReadyClient(ctx, { retry: FAST }, async (client) => {
        injectFaults(ctx, { rules: [gets(['delay'], 1)], delayMs: DELAY_MS });
        const controller = new AbortController();
        const call = client.users.get(user.id, { signal: controller.signal });
        setTimeout(() => controller.abort(), SHORT_MS / 3);
        await assertRejects(() => call, 'ABORTED', 'users.get aborted mid-request');
      });
    },
  },
  {
    name: 'the per-attempt timeout (timeoutMs) gives up on a slow reply and retries a read',
    needs: ['users.list', 'users.get'],
    requires: FEATURES,
    async run(ctx) {
      await withReadyClient(ctx, { retry: { ...FAST, maxRetries: 0 } }, async (client, user) => {
        injectFaults(ctx, { rules: [gets(['delay'], 1)], delayMs: DELAY_MS });
        const error = await assertRejects(() => client.users.get(user.id, { timeoutMs: SHORT_MS }), 'TIMEOUT', 'users.get with timeoutMs below the reply time');
        assert.equal((error as { kind?: string }).kind, 'attempt', 'a per-attempt timeout has kind "attempt"');
      });
      const { hooks, events } = recordingHooks();
      await withReadyClient(ctx, { retry: FAST, hooks }, async (client, user) => {
        injectFaults(ctx, { rules: [gets(['delay'], 1)], delayMs: DELAY_MS });
        assert.equal((await client.users.get(user.id, { timeoutMs: SHORT_MS })).id, user.id, 'a read that timed out once is retried');
        assert.ok(retries(events).length >= 1, 'no retry was reported after the timeout');
      });
    },
  },
  {
    name: 'the overall deadline (deadlineMs) bounds the call across retries',
    needs: ['users.list', 'users.get'],
    requires: FEATURES,
    async run(ctx) {
      await withReadyClient(ctx, { retry: { ...FAST, maxRetries: 5 } }, async (client, user) => {
        injectFaults(ctx, { rules: [{ rate: 1, kinds: ['delay'], methods: ['GET'] }], delayMs: DELAY_MS });
        const error = await assertRejects(() => client.users.get(user.id, { timeoutMs: 5_000, deadlineMs: SHORT_MS * 2 }), 'TIMEOUT', 'users.get past its deadline');
        assert.equal((error as { kind?: string }).kind, 'deadline', 'an expired deadline has kind "deadline"');
      });
    },
  },
  {
    name: 'reads are retried on 500, 502 and 503 and then succeed',
    needs: ['users.list', 'users.get'],
    requires: FEATURES,
    async run(ctx) {
      const { hooks, events } = recordingHooks();
      await withReadyClient(ctx, { retry: { ...FAST, maxRetries: 4 }, hooks }, async (client, user) => {
        injectFaults(ctx, { rules: [gets(['http-503'], 1), gets(['http-500'], 1), gets(['http-502'], 1)] });
        assert.equal((await client.users.get(user.id)).id, user.id);
        assert.equal(retries(events).length, 3, `expected 3 retries, saw: ${retries(events).map((e) => e.reason).join(', ')}`);
        injectFaults(ctx, { rules: [{ rate: 1, kinds: ['http-503'], methods: ['GET'] }] });
        const error = await assertRejects(() => client.users.get(user.id), 'SERVER_ERROR', 'users.get when every attempt gets 503');
        assert.equal((error as { status?: number }).status, 503);
      });
    },
  },
  {
    name: 'a 429 is retried: after its Retry-After when it has one, with backoff when not; a too-long Retry-After fails at once with retryAfterMs',
    needs: ['users.list', 'users.get'],
    requires: FEATURES,
    async run(ctx) {
      const { hooks, events } = recordingHooks();
      await withReadyClient(ctx, { retry: FAST, hooks }, async (client, user) => {
        injectFaults(ctx, { rules: [gets(['rate-limit-retry-after'], 1)], retryAfterSeconds: 1 });
        assert.equal((await client.users.get(user.id)).id, user.id);
        const [withHeader] = retries(events);
        assert.ok(withHeader, 'no retry after a 429');
        assert.ok(withHeader.delayMs >= 1_000, `Retry-After: 1 was not honoured (waited ${withHeader.delayMs} ms)`);
        injectFaults(ctx, { rules: [gets(['rate-limit'], 1)] });
        assert.equal((await client.users.get(user.id)).id, user.id);
        assert.equal(retries(events).length, 2, 'no retry after a 429 without Retry-After');
      });
      await withReadyClient(ctx, { retry: { ...FAST, maxRetryAfterMs: 100 } }, async (client, user) => {
        injectFaults(ctx, { rules: [gets(['rate-limit-retry-after'], 1)], retryAfterSeconds: 5 });
        const error = await assertRejects(() => client.users.get(user.id), 'RATE_LIMITED', 'a Retry-After beyond maxRetryAfterMs');
        assert.equal((error as { retryAfterMs?: number }).retryAfterMs, 5_000);
      });
    },
  },
  {
    name: 'a read whose connection is reset is retried and succeeds',
    needs: ['users.list', 'users.get'],
    requires: FEATURES,
    async run(ctx) {
      await withReadyClient(ctx, { retry: FAST }, async (client, user) => {
        injectFaults(ctx, { rules: [gets(['reset-before'], 1), gets(['reset-after'], 1)] });
        assert.equal((await client.users.get(user.id)).id, user.id);
      });
    },
  },
  {
    name: 'a create whose connection is reset after it was applied is not duplicated: it returns the user or throws OutcomeUnknownError',
    needs: ['users.create', 'users.findByExtension'],
    requires: FEATURES,
    async run(ctx) {
      const extension = ctx.facts.freeExtension;
      await withClient(ctx, { retry: FAST }, async (client) => {
        await client.users.findByExtension(extension); // logged in before the fault
        injectFaults(ctx, { rules: [{ rate: 1, kinds: ['reset-after'], methods: ['POST', 'PUT', 'PATCH'], times: 1 }] });
        try {
          const created = await client.users.create({ extension, displayName: 'Conformance Reset', email: `conformance.${unique()}@example.com` });
          assert.equal(created.extension, extension);
        } catch (error) {
          assert.ok(isPbxError(error, 'OUTCOME_UNKNOWN'), `a create cut off after it was applied failed with ${String(error)}`);
        }
        injectFaults(ctx, undefined);
      });
      const found = await ctx.client.users.list({ pageSize: 100 }).toArray({ max: 2_000 });
      assert.equal(found.filter((u) => u.extension === extension).length, 1, 'the create was applied twice (or not at all)');
    },
  },
  {
    name: 'a session that expires mid-run is renewed: every call succeeds',
    needs: ['users.list', 'users.get'],
    requires: FEATURES,
    async run(ctx) {
      await withReadyClient(ctx, { retry: FAST }, async (client, user) => {
        for (let round = 0; round < 3; round++) {
          injectFaults(ctx, { rules: [gets(['expire-session'], 1)] });
          assert.equal((await client.users.get(user.id)).id, user.id, `call ${round} after the session expired`);
        }
        injectFaults(ctx, undefined);
        assert.ok((await client.users.list({ pageSize: 2 }).page()).items.length > 0);
      });
    },
  },
  {
    name: 'a 4xx reply is final: one request, a typed error, retryable false',
    needs: ['users.get'],
    requires: ['connect'],
    async run(ctx) {
      const { hooks, events } = recordingHooks();
      await withClient(ctx, { retry: FAST, hooks }, async (client) => {
        const error = await failure(() => client.users.get(ctx.facts.missingId), 'users.get(missing)');
        assert.ok(isPbxError(error, 'NOT_FOUND'), `expected NotFoundError, got ${String(error)}`);
        assert.equal(error.retryable, false);
        assert.equal(retries(events).length, 0, 'a 404 was retried');
      });
    },
  },
];
