/** Helpers of the behaviour cases: extra clients, recording hooks, and the secret check. */
import { Buffer } from 'node:buffer';
import { inspect } from 'node:util';
import type { PbxClient } from '../../core/client.js';
import type { ClientHooks } from '../../core/http/kernel.js';
import type { User } from '../../core/model.js';
import { assert } from './assert.js';
import type { ConformanceConnectOptions, ConformanceContext, ConformanceFaultConfig } from './types.js';

/** Every event the hooks saw, in order. */
export interface HookRecord {
  readonly hooks: ClientHooks;
  readonly events: { readonly hook: keyof ClientHooks; readonly event: unknown }[];
}

export function recordingHooks(): HookRecord {
  const events: HookRecord['events'] = [];
  const record = (hook: keyof ClientHooks) => (event: unknown) => void events.push({ hook, event });
  return { events, hooks: { onRequest: record('onRequest'), onResponse: record('onResponse'), onRetry: record('onRetry'), onError: record('onError') } };
}

/** Runs `body` with an extra client for the context's PBX and closes it afterwards. */
export async function withClient<T>(ctx: ConformanceContext, options: ConformanceConnectOptions, body: (client: PbxClient) => Promise<T>): Promise<T> {
  assert.ok(ctx.connect, 'the target declares the feature "connect" but its context has no connect()');
  const client = ctx.connect(options);
  try {
    return await body(client);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Sets faults on the context's PBX (the target must have the feature `faults`). */
export function injectFaults(ctx: ConformanceContext, config: ConformanceFaultConfig | undefined): void {
  assert.ok(ctx.faults, 'the target declares the feature "faults" but its context has no faults');
  ctx.faults.configure(config);
}

/** A user of the PBX (read with the context's own client, before any fault is set). */
export async function someUser(ctx: ConformanceContext): Promise<User> {
  const [user] = await ctx.client.users.list({ pageSize: 5 }).toArray({ max: 1 });
  assert.ok(user, 'the PBX must have users for this test');
  return user;
}

/**
 * Runs `body` with an extra client that has already made one read (so it is logged in
 * before any fault is set), and a user it can read.
 */
export async function withReadyClient(ctx: ConformanceContext, options: ConformanceConnectOptions, body: (client: PbxClient, user: User) => Promise<void>): Promise<void> {
  const user = await someUser(ctx);
  await withClient(ctx, options, async (client) => {
    await client.users.get(user.id);
    await body(client, user);
  });
}

/** Runs `action` and returns what it threw (failing when it did not throw). */
export async function failure(action: () => Promise<unknown>, what: string): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  assert.fail(`${what}: expected an error, but it succeeded`);
}

/** The forms a secret can leak in: as is, URL-encoded, and Base64 (basic auth, tokens). */
function forms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])].filter((s) => s.length >= 4);
}

/** Everything a logger could print of `value`: inspect (with causes), JSON, String, stack. */
function renderings(value: unknown): string {
  const parts = [inspect(value, { depth: 8, showHidden: false, getters: false })];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    /* circular values are covered by inspect */
  }
  parts.push(String(value));
  if (value instanceof Error && value.stack) parts.push(value.stack);
  return parts.join('\n');
}

/** Fails when any of `secrets` (in any of its forms) shows anywhere in `value`. */
export function assertNoSecret(value: unknown, secrets: readonly string[], what: string): void {
  const text = renderings(value);
  for (const secret of secrets) for (const form of forms(secret)) assert.ok(!text.includes(form), `${what} contains a secret of the credentials`);
}
